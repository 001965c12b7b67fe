#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
/**
 * Where the time goes: a CPU profile of read + normalize + check in-process, one adapter at a time, on
 * synthetic reports of that adapter's renderings, summarised by package and by function (self time).
 *
 *   node test/bench/profile.mjs [--adapter text|html|xlsx] [--reports 300] [--passes 5] [--seed 1]
 *   node test/bench/profile.mjs --summarise <file.cpuprofile>…   (e.g. from `node --cpu-prof`)
 *
 * Writes test/bench/<adapter>.cpuprofile (git-ignored) for Chrome DevTools / speedscope. Build first.
 */
import { Session } from 'node:inspector/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSynthetic } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { adapter: 'text', reports: 300, passes: 5, seed: 1, top: 25 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--adapter') options.adapter = value;
    else if (name === '--reports') options.reports = Number(value);
    else if (name === '--passes') options.passes = Number(value);
    else if (name === '--seed') options.seed = Number(value);
    else if (name === '--top') options.top = Number(value);
    else throw new Error(`unknown option ${name}`);
  }
  return options;
}

/** Which part of the system a profiled function belongs to, from its script URL. */
function area(url) {
  if (!url) return '(runtime: GC, native, idle)';
  const packages = /packages\/([\w-]+)\/dist\//.exec(url);
  if (packages) return `@xxgk/${packages[1]}`;
  const module = /node_modules\/((?:@[\w-]+\/)?[\w.-]+)\//.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

export function summarise(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map();
  const byFunction = new Map();
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id);
    const a = area(callFrame.url);
    byArea.set(a, (byArea.get(a) ?? 0) + micros);
    const name = `${callFrame.functionName || '(anonymous)'}  ${a}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const pct = (m) => `${((100 * m) / total).toFixed(1).padStart(5)} %`;
  const lines = [`total ${(total / 1000).toFixed(0)} ms sampled`, '', 'self time by package:'];
  for (const [a, m] of [...byArea].sort((x, y) => y[1] - x[1])) lines.push(`  ${pct(m)}  ${a}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [f, m] of [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, top))
    lines.push(`  ${pct(m)}  ${f}`);
  return lines.join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const synthetic = await loadSynthetic();
  const styles = synthetic.STYLE_NAMES.filter((s) => synthetic.STYLES[s].adapter === options.adapter);
  if (styles.length === 0) throw new Error(`no rendering for adapter ${options.adapter}`);
  const { normalize } = await import('@xxgk/core');
  const adapters = {
    text: (await import('@xxgk/adapter-text')).textAdapter,
    html: (await import('@xxgk/adapter-html')).htmlAdapter,
    xlsx: (await import('@xxgk/adapter-xlsx')).xlsxAdapter,
  };
  const adapter = adapters[options.adapter];
  const files = [];
  for (let i = 0; i < options.reports; i++) {
    const style = styles[i % styles.length];
    files.push(synthetic.generate(options.seed + i, { styles: [style], defects: 'random' }).files[0].bytes);
  }
  const run = () => {
    for (const bytes of files) normalize(adapter.read(bytes, {}), { adapter: adapter.name });
  };
  run(); // warm up

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const started = performance.now();
  for (let p = 0; p < options.passes; p++) run();
  const ms = performance.now() - started;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();

  const out = join(here, `${options.adapter}.cpuprofile`);
  writeFileSync(out, JSON.stringify(profile));
  console.log(
    `${options.adapter}: ${files.length} files (${styles.join(', ')}) × ${options.passes} passes, ${(ms / (files.length * options.passes)).toFixed(2)} ms per read+normalize+check\n`,
  );
  console.log(summarise(profile, options.top));
  console.log(`\nprofile written to ${out}`);
}

/** `node test/bench/profile.mjs --summarise <file.cpuprofile>…`: summarise profiles written elsewhere. */
async function summariseFiles(files) {
  const { readFileSync } = await import('node:fs');
  for (const file of files)
    console.log(`\n== ${file}\n${summarise(JSON.parse(readFileSync(file, 'utf8')), 20)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const run = process.argv[2] === '--summarise' ? summariseFiles(process.argv.slice(3)) : main();
  run.catch((error) => {
    console.error(`profile: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  });
}
