import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  AdapterError,
  check,
  DEFAULT_LIMITS,
  normalize,
  type Report,
  type SourceDocument,
} from '@xxgk/core/engine';
import { type AdapterSet, chooseAdapter, errorMessage, loadAdapters, skipReason } from './adapters.js';
import { type EncodedRows, encodeRows, type InputStatus, reportRows, statusOf, unreadRow } from './csv.js';
import { writeAtomicSync } from './files.js';
import { matchPrevious, type PreviousIndex } from './previous.js';

/** What every worker gets once: plain data, so it crosses the thread boundary cheaply. */
export interface EngineConfig {
  reportsDir: string;
  /** `--adapter` modules, already resolved. */
  adapterModules: string[];
  previous: PreviousIndex | null;
}

/** One input to process: paths and names only, the worker reads the bytes itself. */
export interface Task {
  index: number;
  abs: string;
  file: string;
  id: string;
  /** The sha256 the cache holds for this input: when the bytes still hash to it, reuse the report. */
  reuse?: string;
}

export interface TaskResult {
  index: number;
  status: InputStatus;
  reason?: string;
  /** Stack of a crash, for bug reports. */
  detail?: string;
  reused: boolean;
  sha256?: string;
  adapter?: string;
  agency: string | null;
  year: number | null;
  format: string | null;
  /** Findings by rule id. */
  rules: Record<string, number>;
  /** The `--previous` report the carryover rule was given. */
  previous?: string;
  /** The output folder cannot be written: the run must stop. */
  fatal?: string;
  rows: EncodedRows;
}

export interface Engine {
  config: EngineConfig;
  set: AdapterSet;
  /** Reads a `--previous` report (previous-report.ts); present when the run has any. */
  readPrevious?: (path: string) => Report | null;
}

export async function createEngine(config: EngineConfig): Promise<Engine> {
  // Validating a previous report takes core's zod schema: loaded only for a run with `--previous`.
  const [set, readPrevious] = await Promise.all([
    loadAdapters(config.adapterModules),
    config.previous ? import('./previous-report.js').then((m) => m.readPreviousReport) : undefined,
  ]);
  return { config, set, ...(readPrevious ? { readPrevious } : {}) };
}

const HEAD_BYTES = 4096;

function unread(
  task: Task,
  status: 'failed' | 'skipped',
  reason: string,
  extra: Partial<TaskResult> = {},
): TaskResult {
  return {
    index: task.index,
    status,
    reason,
    reused: false,
    agency: null,
    year: null,
    format: null,
    rules: {},
    rows: encodeRows({ report: unreadRow(task.file, task.id, status), cells: '', findings: '' }),
    ...extra,
  };
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error && error.stack ? error.stack.split('\n').slice(0, 6).join('\n') : undefined;
}

function read(task: Task, report: Report, reused: boolean, previous?: string): TaskResult {
  const rows = encodeRows(reportRows(task.file, task.id, report));
  const rules: Record<string, number> = {};
  for (const finding of report.findings) rules[finding.rule] = (rules[finding.rule] ?? 0) + 1;
  return {
    index: task.index,
    status: statusOf(report.findings),
    reused,
    ...(report.source.sha256 ? { sha256: report.source.sha256 } : {}),
    ...(report.source.adapter ? { adapter: report.source.adapter } : {}),
    agency: report.agency,
    year: report.year,
    format: report.format,
    rules,
    ...(previous ? { previous } : {}),
    rows,
  };
}

function reportPath(engine: Engine, id: string): string {
  return join(engine.config.reportsDir, `${id}.json`);
}

/** The cached report, if it is still the one for these bytes. */
function cached(engine: Engine, task: Task, sha256: string): Report | null {
  try {
    const report = JSON.parse(readFileSync(reportPath(engine, task.id), 'utf8')) as Report;
    if (report?.source?.sha256 !== sha256 || report.source.path !== task.file) return null;
    return report;
  } catch {
    return null;
  }
}

/**
 * Read, normalize, check and write one input. Never throws for a problem of the input: the result says
 * what happened, so one bad file cannot stop a batch.
 */
export async function processInput(engine: Engine, task: Task): Promise<TaskResult> {
  let bytes: Buffer;
  try {
    const size = statSync(task.abs).size;
    if (size > DEFAULT_LIMITS.maxInputBytes) {
      return unread(
        task,
        'failed',
        `input is ${size} bytes, over the limit of ${DEFAULT_LIMITS.maxInputBytes} bytes (too-large)`,
      );
    }
    bytes = readFileSync(task.abs);
  } catch (error) {
    return unread(task, 'failed', `cannot read the file: ${errorMessage(error)}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (task.reuse === sha256) {
    const report = cached(engine, task, sha256);
    if (report) return read(task, report, true);
  }

  const fileName = basename(task.file);
  const head = bytes.subarray(0, HEAD_BYTES);
  const choice = chooseAdapter(engine.set.adapters, head, fileName);
  if (!choice) return unread(task, 'skipped', skipReason(head, fileName, bytes.byteLength), { sha256 });
  const adapter = choice.adapter.adapter;

  let document: SourceDocument;
  try {
    document = await adapter.read(bytes, { fileName });
  } catch (error) {
    // By name too: a third-party adapter may bundle its own copy of @xxgk/core and its AdapterError class.
    if (error instanceof AdapterError || (error as { name?: string })?.name === 'AdapterError') {
      const code = (error as AdapterError).code;
      return unread(task, 'failed', `${errorMessage(error)} (${code}, ${adapter.name} adapter)`, {
        sha256,
        adapter: adapter.name,
      });
    }
    const detail = stackOf(error);
    return unread(task, 'failed', `the ${adapter.name} adapter crashed: ${errorMessage(error)}`, {
      sha256,
      adapter: adapter.name,
      ...(detail ? { detail } : {}),
    });
  }

  let report: Report;
  let previous: string | undefined;
  try {
    report = normalize(document, { path: task.file, adapter: adapter.name, sha256, check: false });
    const match = engine.config.previous
      ? matchPrevious(engine.config.previous, report.agency, report.year)
      : null;
    const last = match && engine.readPrevious ? engine.readPrevious(match.path) : null;
    if (match && last) previous = match.path;
    report.findings = check(report, last ? { previous: last } : {});
  } catch (error) {
    const detail = stackOf(error);
    return unread(task, 'failed', `normalize crashed: ${errorMessage(error)}`, {
      sha256,
      adapter: adapter.name,
      ...(detail ? { detail } : {}),
    });
  }
  try {
    writeAtomicSync(reportPath(engine, task.id), `${JSON.stringify(report)}\n`);
  } catch (error) {
    // The output folder went bad mid-run (disk full, removed): every later input would fail the same way.
    const reason = `cannot write ${reportPath(engine, task.id)}: ${errorMessage(error)}`;
    return unread(task, 'failed', reason, { sha256, adapter: adapter.name, fatal: reason });
  }
  return read(task, report, false, previous);
}
