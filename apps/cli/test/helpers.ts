import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../../test/eval/csv.mjs';

export const CLI_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(CLI_DIR, 'bin', 'xxgk.js');
export const CORPUS = join(CLI_DIR, '..', '..', 'test', 'corpus', 'input');
export const FIXTURES = join(CLI_DIR, 'test', 'fixtures');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Node options before the CLI's path. */
  nodeOptions?: string[];
}

export function xxgk(args: string[], options: RunOptions = {}): Run {
  const result: SpawnSyncReturns<string> = spawnSync(
    process.execPath,
    [...(options.nodeOptions ?? []), BIN, ...args],
    {
      cwd: options.cwd ?? CLI_DIR,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...options.env },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Start the CLI without waiting, for the interruption tests. */
export function xxgkAsync(args: string[], options: RunOptions = {}) {
  return spawn(process.execPath, [...(options.nodeOptions ?? []), BIN, ...args], {
    cwd: options.cwd ?? CLI_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
}

/** The process the CLI started, if any (Linux: the kernel lists a process's children). */
export function childOf(pid: number): number | null {
  const path = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(path)) return null;
  const first = readFileSync(path, 'utf8').trim().split(/\s+/)[0];
  return first ? Number(first) : null;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A process that ended but was not yet reaped by init still answers signal 0.
  const status = `/proc/${pid}/status`;
  return !existsSync(status) || !/^State:\s+Z/m.test(readFileSync(status, 'utf8'));
}

export async function waitFor(condition: () => boolean, ms = 15000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; ) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

/**
 * Start `xxgk normalize input --out out --jobs 2` without waiting, and resolve once it has written
 * `reports` reports (or ended): for the tests that stop a run midway.
 */
export async function startRun(input: string, out: string, reports = 20) {
  const child = xxgkAsync(['normalize', input, '--out', out, '--jobs', '2', '--no-progress']);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit');
  const folder = join(out, 'reports');
  await waitFor(() => {
    const count = existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.json')).length : 0;
    return count >= reports || child.exitCode !== null;
  });
  return { child, exited, out, stderr: () => stderr };
}

export function tempDir(prefix = 'xxgk-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function copyCorpus(folder: string, files: Record<string, string>): void {
  for (const [target, source] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, target)), { recursive: true });
    copyFileSync(join(CORPUS, source), join(folder, target));
  }
}

export function write(folder: string, file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(folder, file)), { recursive: true });
  writeFileSync(join(folder, file), content);
}

/** Bytes that no text decoder takes for text: a fixed pseudo-random sequence with NULs. */
export function garbage(size = 4096): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = 12345;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = i % 7 === 0 ? 0 : state >> 16;
  }
  return bytes;
}

/** The strict RFC 4180 reader the accuracy evaluation uses too. */
export { parseCsv };

/** A CSV record by column name; the names the tests use are typed as present. */
export type Row = Record<string, string> &
  Record<
    | 'file'
    | 'id'
    | 'status'
    | 'agency'
    | 'errors'
    | 'warnings'
    | 'key'
    | 'value'
    | 'raw'
    | 'rule'
    | 'severity'
    | 'keys',
    string
  >;

export interface Table {
  header: string[];
  rows: Row[];
}

/** A CSV output: checks the BOM and that every record has the header's field count. */
export function readTable(text: string): Table {
  if (!text.startsWith('\uFEFF')) throw new Error('no BOM');
  const [header, ...records] = parseCsv(text.slice(1));
  if (!header) throw new Error('no header');
  return {
    header,
    rows: records.map((record, index) => {
      if (record.length !== header.length) {
        throw new Error(`record ${index + 1} has ${record.length} fields, the header ${header.length}`);
      }
      return Object.fromEntries(header.map((name, i) => [name, record[i]!])) as Row;
    }),
  };
}
