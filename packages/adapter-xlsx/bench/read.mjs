/**
 * ms per read of a generated ~40 KB workbook: readXlsx (vetting + SheetJS + blocks) against a bare
 * `XLSX.read`. Run after `npx tsup`: `node bench/read.mjs [iterations]`.
 */
import * as XLSX from 'xlsx';
import { asBuffer, readXlsx, SHEETJS_READ_OPTIONS } from '../dist/index.js';

const iterations = Number(process.argv[2] ?? 200);

/** A report-like sheet: a title, then tables of labels and counts with merged group labels. */
function workbook(targetBytes) {
  const rows = [['某单位2021年政府信息公开工作年度报告'], []];
  const merges = [];
  let wb;
  for (let t = 0; ; t++) {
    rows.push([`表${t + 1} 收到和处理政府信息公开申请情况`]);
    const top = rows.length;
    for (let r = 0; r < 24; r++) {
      const label = r % 8 === 0 ? `（${r / 8 + 1}）不予公开` : null;
      rows.push([
        label,
        `${(r % 8) + 1}.属于第${r}类情形`,
        ...Array.from({ length: 7 }, (_, c) => (r * 7 + c * 3 + t) % 97),
      ]);
      if (label) merges.push({ s: { r: top + r, c: 0 }, e: { r: top + r + 7, c: 0 } });
    }
    rows.push([]);
    const ws = XLSX.utils.aoa_to_sheet(rows);
    ws['!merges'] = merges;
    wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '年度报告');
    if (XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }).byteLength >= targetBytes)
      return wb;
  }
}

function time(label, fn) {
  for (let i = 0; i < Math.min(20, iterations); i++) fn();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[samples.length >> 1];
  const p90 = samples[Math.floor(samples.length * 0.9)];
  console.log(`${label.padEnd(44)} median ${median.toFixed(2)} ms   p90 ${p90.toFixed(2)} ms`);
}

const wb = workbook(40 * 1024);
for (const bookType of ['xlsx', 'xls']) {
  const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType, compression: true }));
  const cells = readXlsx(bytes).blocks.reduce(
    (n, b) => n + (b.type === 'table' ? b.rows.length * b.rows[0].length : 1),
    0,
  );
  console.log(`\n${bookType}: ${(bytes.byteLength / 1024).toFixed(1)} KB, ${cells} grid slots`);
  time('XLSX.read (defaults)', () => XLSX.read(bytes, { type: 'array' }));
  // A copy: SheetJS writes into the options it is given.
  time('XLSX.read (readXlsx options)', () => XLSX.read(asBuffer(bytes), { ...SHEETJS_READ_OPTIONS }));
  time('readXlsx', () => readXlsx(bytes));
}
