/**
 * The command line under hostile folders: file names with `..`, control characters, formula starts,
 * reserved and colliding names, very long names, absolute and `..` arguments; symbolic link loops; an
 * output folder that cannot be written; `kill -9` in the middle of runs. Nothing may be written outside
 * `--out`, no output may overwrite another, the walk must end, and after a re-run every output is
 * complete and consistent: every JSON parses, the CSVs parse with one row per input.
 *
 * Runs the built binary (`npm run build`; turbo builds it before the tests).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_INPUT, REPO } from './inputs.js';

const BIN = join(REPO, 'apps', 'cli', 'bin', 'xxgk.js');
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) {
    try {
      chmodSync(root, 0o700);
      rmSync(root, { recursive: true, force: true });
    } catch {
      // a leftover temp folder is no failure
    }
  }
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'xxgk-robust-'));
  roots.push(root);
  return root;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function xxgk(args: string[], cwd: string, timeout = 120_000): Run {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    maxBuffer: 1 << 26,
  });
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    ms: performance.now() - started,
  };
}

function put(root: string, file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), content);
}

const corpus = (file: string) => readFileSync(join(CORPUS_INPUT, file));

/** Every path under a folder (links not followed), relative, for before/after comparisons. */
function listing(root: string, skip: string[] = []): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (skip.includes(path)) continue;
      out.push(relative(root, path));
      if (lstatSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return out.sort();
}

/** RFC 4180, as the CLI writes it: BOM, quoted fields with doubled quotes and line breaks, CRLF. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\ufeff')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      let end = i + 1;
      for (;;) {
        const quote = text.indexOf('"', end);
        if (quote < 0) throw new Error('unterminated quoted field');
        if (text[quote + 1] === '"') {
          field += text.slice(end, quote + 1);
          end = quote + 2;
          continue;
        }
        field += text.slice(end, quote);
        i = quote + 1;
        break;
      }
      continue;
    }
    if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += ch;
      i++;
    }
  }
  return records;
}

/** A CSV as rows of named fields; every record as wide as the header. */
function table(path: string): Array<Record<string, string>> {
  const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
  return records.map((record) => {
    expect(record.length).toBe(header!.length);
    return Object.fromEntries(header!.map((name, i) => [name, record[i]!]));
  });
}

/** The CSVs defuse formula starts with an apostrophe; the file names themselves do not have it. */
const undefuse = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

interface Summary {
  inputs: number;
  read: number;
  reused: number;
  problems: Array<{ file: string; status: string }>;
}

/** Every output complete and consistent with the inputs. Returns the summary. */
function assertConsistent(out: string, files: string[]): Summary {
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  expect(summary.inputs).toBe(files.length);
  const rows = table(join(out, 'reports.csv'));
  expect(rows.map((r) => undefuse(r.file!)).sort()).toEqual([...files].sort());
  const ids = rows.map((r) => undefuse(r.id!));
  expect(new Set(ids.map((id) => id.normalize('NFC').toLowerCase())).size).toBe(ids.length);
  const reports = readdirSync(join(out, 'reports'));
  expect(reports.filter((n) => n.startsWith('.'))).toEqual([]);
  const read = rows.filter((r) => r.status !== 'failed' && r.status !== 'skipped');
  expect(reports.sort()).toEqual(read.map((r) => `${undefuse(r.id!)}.json`).sort());
  expect(summary.read).toBe(read.length);
  for (const row of read) {
    const id = undefuse(row.id!);
    const report = JSON.parse(readFileSync(join(out, 'reports', `${id}.json`), 'utf8'));
    expect(report.source.path).toBe(undefuse(row.file!));
    expect(Buffer.byteLength(`${id}.json`)).toBeLessThanOrEqual(255);
    expect(id).toMatch(/^[^/\u0000-\u001f\u007f]+$/);
  }
  const known = new Set(ids);
  for (const name of ['cells.csv', 'findings.csv']) {
    for (const row of table(join(out, name))) expect(known.has(undefuse(row.id!))).toBe(true);
  }
  expect(listing(out).filter((p) => p.endsWith('.tmp'))).toEqual([]);
  return summary;
}

/** Inputs every folder gets: real reports, one that fails, one that is skipped. */
function basics(input: string): void {
  put(input, 'pingtan-2021.txt', corpus('text/pingtan-2021.txt'));
  put(input, 'shanghai.html', corpus('html/shanghai-office-2019.html'));
  put(
    input,
    'garbage.html',
    Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251),
  );
  put(input, 'scan.pdf', corpus('pdf/huaian-2024.pdf'));
}

const HOSTILE_NAMES = [
  'a..b.txt',
  'x...',
  '..\\..\\escape.txt',
  'ctl\u0001\u001f.txt',
  'new\nline.txt',
  'tab\there.txt',
  'cr\r.txt',
  'del\u007f.txt',
  'esc\u001b[31mred.txt',
  '=HYPERLINK("http://x").txt',
  '-rf.txt',
  '@SUM(1).md',
  '+cmd|x.txt',
  'a b.txt',
  'a_b.txt',
  'a?b.txt',
  'a*b.txt',
  'A_B.txt',
  'a_b.md',
  'a_b.html',
  'a/b.txt',
  'a__b.txt',
  '\u00e9.txt',
  'e\u0301.txt',
  'con.txt',
  'CON.md',
  'nul',
  '__proto__',
  '__proto__.txt',
  'constructor.txt',
  'toString',
  'trail. .txt',
  'x.',
  `long${'长'.repeat(80)}.txt`,
  `${'深'.repeat(60)}/${'层'.repeat(60)}/${'文'.repeat(60)}/${'件'.repeat(78)}.txt`,
];

describe('hostile file names', () => {
  it('never write outside --out, never overwrite each other, and survive a re-run', () => {
    const root = tempRoot();
    const input = join(root, 'in');
    basics(input);
    for (const name of HOSTILE_NAMES) put(input, name, corpus('text/pingtan-2023.txt'));
    // The same relative name given twice, once through `..` and once absolute, from another folder.
    put(root, 'other/a_b.txt', corpus('text/pingtan-2019.txt'));
    put(root, 'other/pingtan-2021.txt', corpus('text/pingtan-2025.txt'));
    mkdirSync(join(input, 'sub'));
    const before = listing(root);

    const out = join(root, 'out');
    const args = [
      'normalize',
      'in',
      join(root, 'other', 'a_b.txt'),
      'in/sub/../../other/pingtan-2021.txt',
      '--out',
      'out',
      '--json',
      '--no-progress',
    ];
    const first = xxgk(args, root);
    expect(first.signal).toBeNull();
    expect([0, 1]).toContain(first.code);
    // Nothing new anywhere but --out.
    expect(listing(root, [out])).toEqual(before);
    // Dotfiles (`..\\..\\escape.txt` among them) are not inputs.
    const files = listing(input).filter(
      (p) => !lstatSync(join(input, p)).isDirectory() && !p.split('/').some((part) => part.startsWith('.')),
    );
    // Two arguments named a_b.txt and pingtan-2021.txt besides the folder's: all four named from the cwd.
    const named = [
      ...files.map((f) => (f === 'a_b.txt' || f === 'pingtan-2021.txt' ? `in/${f}` : f)),
      'other/a_b.txt',
      'other/pingtan-2021.txt',
    ];
    const summary = assertConsistent(out, named);
    expect(summary.problems.map((p) => p.file).sort()).toEqual(['garbage.html', 'scan.pdf']);

    const again = xxgk(args, root);
    expect(again.code).toBe(first.code);
    assertConsistent(out, named);
    expect(listing(root, [out])).toEqual(before);
  });
});

describe('symbolic links', () => {
  it('loops and dangling links end the walk; each real file is read once', () => {
    const root = tempRoot();
    const input = join(root, 'in');
    basics(input);
    put(input, 'sub/b.txt', corpus('text/pingtan-2023.txt'));
    symlinkSync('..', join(input, 'sub', 'loop'));
    symlinkSync('.', join(input, 'self'));
    symlinkSync('sub', join(input, 'alias'));
    symlinkSync('../sub', join(input, 'sub', 'back'));
    symlinkSync('y', join(input, 'x'));
    symlinkSync('x', join(input, 'y'));
    symlinkSync('missing.txt', join(input, 'broken.txt'));
    symlinkSync('b.txt', join(input, 'sub', 'b-link.txt'));
    const run = xxgk(['normalize', 'in', '--out', 'out', '--no-progress'], root, 60_000);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(60_000);
    const summary = assertConsistent(join(root, 'out'), [
      'broken.txt',
      'garbage.html',
      'pingtan-2021.txt',
      'scan.pdf',
      'shanghai.html',
      'sub/b.txt',
      'x',
      'y',
    ]);
    expect(summary.problems.map((p) => p.file).sort()).toEqual([
      'broken.txt',
      'garbage.html',
      'scan.pdf',
      'x',
      'y',
    ]);
  });
});

describe('an output folder that cannot be written', () => {
  const cases: Array<[string, (root: string) => string]> = [
    [
      'a folder under a regular file',
      (root) => {
        put(root, 'file.txt', 'x');
        return join(root, 'file.txt', 'out');
      },
    ],
    [
      'a regular file',
      (root) => {
        put(root, 'out.txt', 'x');
        return join(root, 'out.txt');
      },
    ],
  ];
  if (process.getuid?.() !== 0) {
    cases.push([
      'a read-only folder',
      (root) => {
        mkdirSync(join(root, 'locked'));
        chmodSync(join(root, 'locked'), 0o500);
        return join(root, 'locked', 'out');
      },
    ]);
  }
  for (const [what, make] of cases) {
    it(`${what}: exit 2 with a clear message, before any input is read`, () => {
      const root = tempRoot();
      const input = join(root, 'in');
      for (let i = 0; i < 100; i++) put(input, `r${i}.txt`, corpus('text/pingtan-2021.txt'));
      const out = make(root);
      const before = listing(root);
      const run = xxgk(['normalize', 'in', '--out', out], root, 30_000);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/cannot write to --out/);
      expect(run.stderr).not.toMatch(/inputs? in/);
      expect(listing(root)).toEqual(before);
    });
  }
});

describe('kill -9 in the middle of runs', () => {
  it('leaves no half file, and a re-run leaves complete, consistent outputs', async () => {
    const root = tempRoot();
    const input = join(root, 'in');
    basics(input);
    const files = ['garbage.html', 'pingtan-2021.txt', 'scan.pdf', 'shanghai.html'];
    const sources = [
      'text/pingtan-2019.txt',
      'text/huaian-2024.layout.txt',
      'html/shanghai-office-2019.html',
    ];
    for (let i = 0; i < 240; i++) {
      const source = sources[i % sources.length]!;
      const hostile = HOSTILE_NAMES[i % HOSTILE_NAMES.length]!.split('/').pop()!.slice(0, 30);
      const name = `d${i % 12}/${hostile.replace(/^\./, '_')}-${i}.${source.split('.').pop()}`;
      put(input, name, corpus(source));
      files.push(name);
    }
    const out = join(root, 'out');
    const args = ['normalize', 'in', '--out', 'out', '--no-progress', '--jobs', '2'];

    // Kill the first run early, the second later, then let a third finish.
    for (const reportsBeforeKill of [15, 120]) {
      const child: ChildProcess = spawn(process.execPath, [BIN, ...args], { cwd: root, stdio: 'ignore' });
      const exited = once(child, 'exit');
      const reports = join(out, 'reports');
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && child.exitCode === null) {
        const count = existsSync(reports)
          ? readdirSync(reports).filter((n) => n.endsWith('.json')).length
          : 0;
        if (count >= reportsBeforeKill) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill('SIGKILL');
      await exited;
      // Whatever is there under its final name is whole.
      for (const name of readdirSync(reports).filter((n) => !n.startsWith('.'))) {
        expect(() => JSON.parse(readFileSync(join(reports, name), 'utf8')), name).not.toThrow();
      }
      for (const name of ['reports.csv', 'cells.csv', 'findings.csv', 'summary.json']) {
        if (existsSync(join(out, name))) expect(() => readFileSync(join(out, name), 'utf8')).not.toThrow();
      }
    }
    const last = xxgk(args, root);
    expect(last.code).toBe(1);
    assertConsistent(out, files);

    // The same as a run that was never interrupted.
    const clean = join(root, 'clean');
    expect(xxgk(['normalize', 'in', '--out', 'clean', '--no-progress'], root).code).toBe(1);
    for (const name of ['reports.csv', 'cells.csv', 'findings.csv']) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join(clean, name))), name).toBe(true);
    }
  }, 300_000);
});
