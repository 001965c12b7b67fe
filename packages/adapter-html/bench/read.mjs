// Milliseconds per read, on the real Shanghai 2019 fragment and a synthetic 5 MB portal page.
// Build first: `npx tsup && node bench/read.mjs`.
import { readFileSync } from 'node:fs';
import { readHtml } from '../dist/index.js';

const shanghai = readFileSync(
  new URL('../../../test/corpus/input/html/shanghai-office-2019.html', import.meta.url),
);

/** A portal page (navigation, sidebar, footer) whose article repeats the Shanghai report up to `size` bytes. */
function syntheticPage(size) {
  const article = shanghai.toString('utf8');
  const nav = Array.from({ length: 60 }, (_, i) => `<li><a href="/c${i}/">栏目${i}</a></li>`).join('');
  const head = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>合成页面</title><script>var a=1;</script></head><body><div class="nav"><ul>${nav}</ul></div><div class="main"><div class="left"><ul>${nav}</ul></div><div class="content">`;
  const tail = '</div></div><div class="footer"><p>版权所有</p></div></body></html>';
  const parts = [head];
  let length = Buffer.byteLength(head) + Buffer.byteLength(tail);
  const articleBytes = Buffer.byteLength(article);
  for (let i = 0; length + articleBytes < size; i++) {
    // Vary each copy so that the duplicate-table check does not drop it.
    parts.push(article.replaceAll('2019年', `${1000 + i}年`).replaceAll('>0<', `>${i}<`));
    length += articleBytes;
  }
  parts.push(tail);
  return new TextEncoder().encode(parts.join(''));
}

function bench(name, bytes, runs) {
  for (let i = 0; i < 3; i++) readHtml(bytes);
  const times = [];
  let doc;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    doc = readHtml(bytes);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const tables = doc.blocks.filter((b) => b.type === 'table').length;
  console.log(
    `${name.padEnd(28)} ${(bytes.byteLength / 1024).toFixed(0).padStart(6)} KiB  median ${median.toFixed(1)} ms  min ${times[0].toFixed(1)} ms  (${doc.blocks.length} blocks, ${tables} tables)`,
  );
}

bench('shanghai-office-2019.html', shanghai, 200);
bench('synthetic portal page', syntheticPage(5 * 1024 * 1024), 10);
