#!/usr/bin/env node
/**
 * Accuracy evaluation: normalize a folder of reports with the built `xxgk` CLI and score its outputs
 * against gold files (`{file, agency, year, format, cells}`, `file` relative to the input folder).
 *
 *   npm run eval                                  # the corpus: test/corpus/input against test/corpus/gold
 *   npm run eval -- <inputs> <gold> [--json <file>] [--jobs N] [--keep <out dir>]
 *
 * Per gold file and overall: cells right / wrong / missing (an ambiguous cell counts as missing, never as
 * wrong; a cell the CLI did not output at all, or output as absent from the source, is missing), and
 * whether agency, year and format are right. A gold file whose input the CLI skipped (a PDF: no reader
 * yet) is listed but not counted. Every cell is scored from the report JSON and cross-checked against
 * cells.csv; agency, year and format from reports.csv, cross-checked against the JSON.
 *
 * Build first (`npm run build`). Exit code: 0 when no scored cell or metadata is wrong, 1 otherwise,
 * 2 when the CLI could not run.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvObjects } from './csv.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..');
export const CLI = join(ROOT, 'apps', 'cli', 'bin', 'xxgk.js');
export const CORPUS_INPUT = join(ROOT, 'test', 'corpus', 'input');
export const CORPUS_GOLD = join(ROOT, 'test', 'corpus', 'gold');
export const DEFAULT_JSON = join(here, 'result.json');

/**
 * @typedef {{ file: string, agency: string | null, year: number | null, format: string,
 *   cells: Record<string, number | null> }} Gold
 */

/** @param {string} dir @returns {Array<Gold & { goldFile: string }>} */
export function loadGolds(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const gold = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      if (typeof gold.file !== 'string' || typeof gold.cells !== 'object' || gold.cells === null)
        throw new Error(`${name}: not a gold file (needs file and cells)`);
      return { ...gold, goldFile: name };
    });
}

/**
 * Run `xxgk normalize <inputs> --out <out>`; exit codes 0 and 1 (some inputs skipped or failed) are
 * results, anything else is an error.
 * @param {string} inputs @param {string} out @param {{ jobs?: number }} [options]
 */
export function runCli(inputs, out, options = {}) {
  if (!existsSync(join(ROOT, 'apps', 'cli', 'dist', 'cli.js')))
    throw new Error('the CLI is not built: run `npm run build` first');
  // --force: a kept output folder's cache must not stand in for reading (it is keyed on versions, not builds).
  const args = [CLI, 'normalize', inputs, '--out', out, '--no-progress', '--force', '--json'];
  if (options.jobs !== undefined) args.push('--jobs', String(options.jobs));
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`xxgk normalize exited with ${run.status}:\n${run.stderr}`);
  return { exitCode: run.status, seconds, summary: JSON.parse(run.stdout), stderr: run.stderr };
}

/** Two printed numbers are the same (amounts are decimals: tolerate binary floating point). */
function same(a, b) {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** How cells.csv prints a value. */
function csvValue(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return text.includes('e')
    ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
    : text;
}

/**
 * Score the CLI's outputs in `out` against gold files.
 * @param {Array<Gold & { goldFile?: string }>} golds @param {string} out
 */
export function score(golds, out) {
  const reportRows = new Map(
    csvObjects(readFileSync(join(out, 'reports.csv'), 'utf8')).map((row) => [row.file, row]),
  );
  /** @type {Map<string, Map<string, Record<string, string>>>} */
  const csvCells = new Map();
  for (const row of csvObjects(readFileSync(join(out, 'cells.csv'), 'utf8'))) {
    let cells = csvCells.get(row.file);
    if (!cells) {
      cells = new Map();
      csvCells.set(row.file, cells);
    }
    cells.set(row.key, row);
  }

  const reports = [];
  const skipped = [];
  for (const gold of golds) {
    const row = reportRows.get(gold.file);
    const goldKeys = Object.keys(gold.cells);
    if (row?.status === 'skipped') {
      skipped.push({ file: gold.file, reason: 'skipped by the CLI', cells: goldKeys.length });
      continue;
    }
    const entry = {
      file: gold.file,
      gold: gold.goldFile ?? null,
      id: row?.id ?? null,
      status: row ? row.status : 'not-found',
      cells: goldKeys.length,
      right: 0,
      wrong: 0,
      missing: 0,
      ambiguous: 0,
      agency: { gold: gold.agency, read: null, right: false },
      year: { gold: gold.year, read: null, right: false },
      format: { gold: gold.format, read: null, right: false },
      /** @type {Array<{ key: string, gold: number | null, read: number | null, raw: string | null, status: string }>} */
      wrongCells: [],
      /** @type {string[]} */
      missingCells: [],
      /** @type {string[]} */
      inconsistencies: [],
    };
    reports.push(entry);
    /** @type {any} */
    let report = null;
    if (row && row.status !== 'failed') {
      const path = join(out, 'reports', `${row.id}.json`);
      if (existsSync(path)) report = JSON.parse(readFileSync(path, 'utf8'));
      else entry.inconsistencies.push(`reports/${row.id}.json is missing`);
    }
    if (row) {
      entry.agency.read = row.agency === '' ? null : row.agency;
      entry.year.read = row.year === '' ? null : Number(row.year);
      entry.format.read = row.format === '' ? null : row.format;
      if (report) {
        for (const field of ['agency', 'year', 'format']) {
          if (report[field] !== entry[field].read)
            entry.inconsistencies.push(`${field}: reports.csv ${entry[field].read}, JSON ${report[field]}`);
        }
      }
    }
    entry.agency.right = entry.agency.read === gold.agency;
    entry.year.right = entry.year.read === gold.year;
    entry.format.right = entry.format.read === gold.format;

    const printed = csvCells.get(gold.file) ?? new Map();
    for (const key of goldKeys) {
      const expected = gold.cells[key];
      const cell = report?.cells?.[key];
      if (cell) {
        const line = printed.get(key);
        if (!line) entry.inconsistencies.push(`${key}: in the JSON, not in cells.csv`);
        else if (line.value !== csvValue(cell.value) || line.status !== cell.status)
          entry.inconsistencies.push(
            `${key}: cells.csv ${line.value} (${line.status}), JSON ${cell.value} (${cell.status})`,
          );
      }
      if (!cell || (cell.value === null && cell.raw === null && cell.status !== 'ambiguous')) {
        entry.missing++;
        entry.missingCells.push(key);
      } else if (cell.status === 'ambiguous') {
        entry.missing++;
        entry.ambiguous++;
        entry.missingCells.push(key);
      } else if (same(cell.value, expected)) {
        entry.right++;
      } else {
        entry.wrong++;
        entry.wrongCells.push({ key, gold: expected, read: cell.value, raw: cell.raw, status: cell.status });
      }
    }
  }

  const sum = (field) => reports.reduce((n, r) => n + r[field], 0);
  const count = (field) => reports.filter((r) => r[field].right).length;
  const cells = sum('cells');
  const right = sum('right');
  return {
    reports,
    skipped,
    overall: {
      reports: reports.length,
      cells,
      right,
      wrong: sum('wrong'),
      missing: sum('missing'),
      ambiguous: sum('ambiguous'),
      accuracy: cells === 0 ? 1 : right / cells,
      agencyRight: count('agency'),
      yearRight: count('year'),
      formatRight: count('format'),
      inconsistencies: reports.reduce((n, r) => n + r.inconsistencies.length, 0),
    },
  };
}

/**
 * Normalize `inputs` with the CLI into a temp folder (or `keep`) and score it against the gold files.
 * @param {{ inputs?: string, gold?: string, jobs?: number, keep?: string }} [options]
 */
export function evaluate(options = {}) {
  const inputs = resolve(options.inputs ?? CORPUS_INPUT);
  const goldDir = resolve(options.gold ?? CORPUS_GOLD);
  const golds = loadGolds(goldDir);
  const out = options.keep ? resolve(options.keep) : mkdtempSync(join(tmpdir(), 'xxgk-eval-'));
  if (options.keep) mkdirSync(out, { recursive: true });
  try {
    const cli = runCli(inputs, out, options.jobs === undefined ? {} : { jobs: options.jobs });
    const scored = score(golds, out);
    return {
      inputs: relative(ROOT, inputs) || '.',
      gold: relative(ROOT, goldDir) || '.',
      cli: {
        exitCode: cli.exitCode,
        seconds: Number(cli.seconds.toFixed(3)),
        inputs: cli.summary.inputs,
        byStatus: cli.summary.byStatus,
        xxgk: cli.summary.xxgk,
        /** Inputs the CLI skipped or failed, gold or not (PDFs: no reader yet). */
        notRead: (cli.summary.problems ?? []).map((p) => ({
          file: p.file,
          status: p.status,
          reason: p.reason,
        })),
      },
      ...scored,
    };
  } finally {
    if (!options.keep) rmSync(out, { recursive: true, force: true });
  }
}

const mark = (ok) => (ok ? 'ok' : 'NO');

/** The result as a text table. */
export function formatTable(result) {
  const width = Math.max(28, ...result.reports.map((r) => r.file.length));
  const head = `${'file'.padEnd(width)}  cells  right  wrong  missing (ambiguous)  agency  year  format`;
  const line = (name, r, agency, year, format) =>
    `${name.padEnd(width)}  ${String(r.cells).padStart(5)}  ${String(r.right).padStart(5)}  ${String(r.wrong).padStart(5)}  ${String(r.missing).padStart(7)} ${`(${r.ambiguous})`.padEnd(11)}  ${agency.padStart(6)}  ${year.padStart(4)}  ${format.padStart(6)}`;
  const lines = [head, '-'.repeat(head.length)];
  for (const r of result.reports)
    lines.push(line(r.file, r, mark(r.agency.right), mark(r.year.right), mark(r.format.right)));
  const o = result.overall;
  lines.push('-'.repeat(head.length));
  lines.push(
    line(
      `overall (${o.reports} reports)`,
      o,
      `${o.agencyRight}/${o.reports}`,
      `${o.yearRight}/${o.reports}`,
      `${o.formatRight}/${o.reports}`,
    ),
  );
  lines.push(
    `accuracy ${(o.accuracy * 100).toFixed(2)} % (${o.right} of ${o.cells} gold cells right, ${o.wrong} wrong, ${o.missing} missing of which ${o.ambiguous} ambiguous)`,
  );
  for (const s of result.skipped) lines.push(`not counted: ${s.file} (${s.reason}; ${s.cells} gold cells)`);
  for (const p of result.cli.notRead) lines.push(`not read by the CLI: ${p.file} (${p.status}: ${p.reason})`);
  for (const r of result.reports) {
    for (const w of r.wrongCells)
      lines.push(
        `WRONG ${r.file} ${w.key}: gold ${w.gold}, read ${w.read} (raw ${JSON.stringify(w.raw)}, ${w.status})`,
      );
    for (const field of ['agency', 'year', 'format']) {
      if (!r[field].right)
        lines.push(`WRONG ${r.file} ${field}: gold ${r[field].gold}, read ${r[field].read}`);
    }
    for (const text of r.inconsistencies) lines.push(`INCONSISTENT ${r.file} ${text}`);
  }
  return lines.join('\n');
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ inputs?: string, gold?: string, json: string, jobs?: number, keep?: string }} */
  const options = { json: DEFAULT_JSON };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = resolve(argv[++i] ?? '');
    else if (arg === '--jobs') options.jobs = Number(argv[++i]);
    else if (arg === '--keep') options.keep = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run eval -- [<inputs> <gold>] [--json <file>] [--jobs N] [--keep <out dir>]');
      process.exit(0);
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length === 1 || positional.length > 2)
    throw new Error('give both an input folder and its gold folder, or neither');
  if (positional.length === 2) [options.inputs, options.gold] = positional;
  if (options.jobs !== undefined && !(Number.isInteger(options.jobs) && options.jobs > 0))
    throw new Error('--jobs needs a positive integer');
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let result;
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    result = evaluate(options);
  } catch (error) {
    console.error(`eval: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  }
  console.log(formatTable(result));
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(result, null, 1)}\n`);
  console.log(`result written to ${relative(process.cwd(), options.json) || options.json}`);
  const o = result.overall;
  const bad =
    o.wrong > 0 ||
    o.inconsistencies > 0 ||
    [o.agencyRight, o.yearRight, o.formatRight].some((n) => n !== o.reports);
  process.exit(bad ? 1 : 0);
}
