import { existsSync, rmSync } from 'node:fs';
import { mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type AdapterCatalog, adapterCatalog, errorMessage, resolveAdapterModule } from './adapters.js';
import { Cache } from './cache.js';
import {
  BOM,
  CELLS_HEADER,
  csvRow,
  encodeRows,
  FINDINGS_HEADER,
  type InputStatus,
  REPORTS_HEADER,
  unreadRow,
} from './csv.js';
import type { EngineConfig, Task, TaskResult } from './engine.js';
import { AtomicStream, removeTempFiles, tempPath, writeAtomic } from './files.js';
import { assignIds } from './ids.js';
import { TaskPool, WorkerStartError } from './pool.js';
import { loadPrevious, type PreviousIndex } from './previous.js';
import { Progress, type ProgressMode } from './progress.js';
import { jobsFor, releaseYoungGenerationFlag, usesWorkerThreads } from './relaunch.js';
import { VERSION } from './version.js';
import { collectInputs, type Input, ownOutputPaths } from './walk.js';
import { createWatch, markDone, overdue } from './watchdog.js';

export interface NormalizeOptions {
  out: string;
  jobs: number;
  /** Given on the command line: used as is, even for a small batch. */
  jobsExplicit?: boolean;
  /** Seconds one input may take in a worker thread before the thread is stopped and the input failed. */
  timeout?: number;
  previous?: string;
  force?: boolean;
  progress?: boolean;
  adapterModules?: string[];
}

/** A problem that stops the run before or while it works: exit code 2. */
export class FatalError extends Error {
  override name = 'FatalError';
}

export interface Problem {
  file: string;
  id: string;
  status: 'failed' | 'skipped';
  reason: string;
  detail?: string;
}

export interface Summary {
  xxgk: string;
  schemaVersion: 1;
  /** Every input seen, whatever became of it. */
  inputs: number;
  /** Inputs that gave a report (ok, warning or error). */
  read: number;
  /** Reports taken from the cache instead of being read again. */
  reused: number;
  byStatus: Record<InputStatus, number>;
  byFormat: Record<string, number>;
  /** Findings by rule id, over all reports. */
  byRule: Record<string, number>;
  byAdapter: Record<string, number>;
  /** Every input that failed or was skipped, with the reason. */
  problems: Problem[];
  previous: { folder: string; reports: number; matched: number } | null;
  adapters: { name: string; extensions: string[]; origin: string; version: string | null }[];
  unavailableAdapters: { origin: string; reason: string }[];
  jobs: number;
  /** The Node that ran the batch and the options it was started with (relaunch.ts adds its own). */
  runtime: { node: string; execArgv: string[] };
  outputs: {
    folder: string;
    reports: string;
    reportsCsv: string;
    cellsCsv: string;
    findingsCsv: string;
    summary: string;
  };
  timing: { startedAt: string; seconds: number; inputsPerSecond: number };
}

export const DEFAULT_TIMEOUT_S = 120;
/**
 * Per worker thread. A bounded young generation is what keeps the resident memory of a long batch low
 * (2,000 reports, 2 workers: 455 → 275 MB at the same CPU time with 8 MB, BENCHMARKS.md). 16 MB halves
 * the scavenges of 8 MB (10,000 reports: 2,000 → 1,000 per worker, their time 2.8–3.6 → 1.4 s, 8 % of
 * the run's CPU) for about 10 MB more. The old generation cap only stops a runaway input, and an input
 * that reaches it is read again in a thread without limits.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512 };
/** Tasks posted to each worker at once: the next input is there when one is done. */
export const PREFETCH = 2;

function isOutOfMemory(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}
const FORMATS = ['2021', '2019', 'legacy', 'unknown'];
const STATUSES: InputStatus[] = ['ok', 'warning', 'error', 'failed', 'skipped'];
const isRead = (status: InputStatus) => status === 'ok' || status === 'warning' || status === 'error';

/** Versions that shape a report: a report made by another toolchain is made again. */
function toolchainOf(catalog: AdapterCatalog): string {
  const parts = [`xxgk@${VERSION}`];
  for (const adapter of catalog.adapters)
    parts.push(`${adapter.name}@${adapter.version ?? '?'}(${adapter.origin})`);
  return parts.join(' ');
}

/** Create the output folders and prove they can be written, before any work. */
async function prepareOut(out: string): Promise<void> {
  try {
    await mkdir(join(out, 'reports'), { recursive: true });
    await mkdir(join(out, '.cache'), { recursive: true });
    const probe = tempPath(join(out, 'reports', 'probe'));
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new FatalError(`cannot write to --out ${out}: ${errorMessage(error)}`);
  }
}

/** Remove reports of inputs no longer given, but only in a folder that is ours (it has our cache). */
async function pruneReports(reportsDir: string, keep: Set<string>, hadCache: boolean): Promise<void> {
  if (!hadCache) return;
  const names = await readdir(reportsDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.endsWith('.json') && !name.startsWith('.') && !keep.has(name.slice(0, -5)))
      .map((name) => rm(join(reportsDir, name), { force: true })),
  );
}

export interface NormalizeRun {
  summary: Summary;
  exitCode: 0 | 1;
}

export async function runNormalize(inputArgs: string[], options: NormalizeOptions): Promise<NormalizeRun> {
  const startedAt = new Date();
  const started = performance.now();
  const out = resolve(options.out);
  const reportsDir = join(out, 'reports');

  const adapterModules = (options.adapterModules ?? []).map((spec) => resolveAdapterModule(spec));
  const catalog = await adapterCatalog(adapterModules);
  if (catalog.adapters.length === 0) throw new FatalError('no adapter could be loaded');

  await prepareOut(out);
  const outReal = await realpath(out);
  const inputs: Input[] = await collectInputs(inputArgs, { exclude: ownOutputPaths(outReal) });
  if (inputs.length === 0) throw new FatalError(`no input files found in ${inputArgs.join(', ')}`);
  const ids = assignIds(inputs.map((input) => input.file));

  let previous: PreviousIndex | null = null;
  if (options.previous) {
    try {
      previous = await loadPrevious(resolve(options.previous));
    } catch (error) {
      throw new FatalError(`cannot read --previous ${options.previous}: ${errorMessage(error)}`);
    }
  }

  const cache = await Cache.open(out);
  const hadCache = existsSync(cache.path);
  const toolchain = toolchainOf(catalog);
  const previousPrint = previous?.fingerprint ?? '';
  await removeTempFiles(out);
  await removeTempFiles(reportsDir);

  const tasks: Task[] = inputs.map((input, index) => {
    const id = ids[index]!;
    const entry = options.force ? undefined : cache.entries.get(input.file);
    const reusable =
      entry && entry.toolchain === toolchain && entry.previous === previousPrint && entry.id === id;
    return { index, abs: input.abs, file: input.file, id, ...(reusable ? { reuse: entry.sha256 } : {}) };
  });
  // Entries of inputs not given this time go; the others are rewritten as results come in.
  const given = new Set(inputs.map((input) => input.file));
  for (const file of [...cache.entries.keys()]) if (!given.has(file)) cache.entries.delete(file);

  const config: EngineConfig = { reportsDir, adapterModules, previous };
  const jobs = jobsFor(inputs.length, options);

  const streams = {
    reports: new AtomicStream(join(out, 'reports.csv')),
    cells: new AtomicStream(join(out, 'cells.csv')),
    findings: new AtomicStream(join(out, 'findings.csv')),
  };
  const abortStreams = () => Promise.all(Object.values(streams).map((s) => s.abort()));
  await streams.reports.write(BOM + csvRow(REPORTS_HEADER));
  await streams.cells.write(BOM + csvRow(CELLS_HEADER));
  await streams.findings.write(BOM + csvRow(FINDINGS_HEADER));

  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<InputStatus, number>;
  const byFormat: Record<string, number> = Object.fromEntries(FORMATS.map((f) => [f, 0]));
  const byRule: Record<string, number> = {};
  const byAdapter: Record<string, number> = {};
  const problems: Problem[] = [];
  const keep = new Set<string>();
  let reused = 0;
  let matched = 0;
  let fatal: string | undefined;

  const mode: ProgressMode = options.progress === false ? 'none' : process.stderr.isTTY ? 'bar' : 'lines';
  const progress = new Progress(mode, inputs.length);

  let pool: TaskPool<Task, TaskResult> | undefined;
  let unlimited: TaskPool<Task, TaskResult> | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  const timedOut = new Set<number>();
  const timeoutMs = (options.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    progress.stop();
    // Finished reports stay usable: the next run reuses them and only does the rest.
    try {
      cache.saveSync();
    } catch {
      // nothing more can be done while exiting
    }
    for (const stream of Object.values(streams)) rmSync(stream.tempName, { force: true });
    process.stderr.write(`\nxxgk: interrupted; run the same command again to finish\n`);
    process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
  };
  // `on`, not `once`: a Ctrl-C reaches both this process and the one that relaunched it (relaunch.ts),
  // which passes it on; the second must not kill the run while it saves the cache.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed terminal: the same as SIGTERM, rather than Node's default of ending without saving.
  process.on('SIGHUP', onSignal);

  // Results arrive out of order; rows are written in input order (sorted by file) from this buffer.
  const pending = new Map<number, TaskResult>();
  let nextToWrite = 0;
  let lastSave = Date.now();
  let saveInterval = 2000;

  // Kept as each result arrives, not when its rows are written in input order: an interrupted run then
  // keeps every report that was finished, even those waiting behind a slow one.
  const previousReports = new Map<number, string>();
  const remember = (result: TaskResult) => {
    const task = tasks[result.index]!;
    const previousReport =
      result.previous ?? (result.reused ? cache.entries.get(task.file)?.previousReport : undefined);
    if (previousReport) previousReports.set(result.index, previousReport);
    if (isRead(result.status)) {
      if (result.sha256)
        cache.entries.set(task.file, {
          sha256: result.sha256,
          toolchain,
          previous: previousPrint,
          id: task.id,
          ...(previousReport ? { previousReport } : {}),
        });
    } else {
      // Failures are not cached: a crash may be fixed by the next version, and sniffing is cheap.
      cache.entries.delete(task.file);
    }
  };

  const account = async (result: TaskResult) => {
    const task = tasks[result.index]!;
    byStatus[result.status]++;
    if (result.reused) reused++;
    if (previousReports.delete(result.index)) matched++;
    if (result.fatal && !fatal) fatal = result.fatal;
    if (isRead(result.status)) {
      byFormat[result.format ?? 'unknown'] = (byFormat[result.format ?? 'unknown'] ?? 0) + 1;
      for (const [rule, count] of Object.entries(result.rules)) byRule[rule] = (byRule[rule] ?? 0) + count;
      keep.add(task.id);
    } else {
      problems.push({
        file: task.file,
        id: task.id,
        status: result.status as 'failed' | 'skipped',
        reason: result.reason ?? 'unknown',
        ...(result.detail ? { detail: result.detail } : {}),
      });
    }
    if (result.adapter) byAdapter[result.adapter] = (byAdapter[result.adapter] ?? 0) + 1;
    await streams.reports.write(result.rows.report);
    await streams.cells.write(result.rows.cells);
    await streams.findings.write(result.rows.findings);
  };

  // One flush at a time, in a chain: concurrent flushes would interleave rows of different inputs.
  let chain: Promise<void> = Promise.resolve();
  const drain = async () => {
    while (pending.has(nextToWrite)) {
      const result = pending.get(nextToWrite)!;
      pending.delete(nextToWrite);
      nextToWrite++;
      await account(result);
    }
    // Saved now and then so a killed run loses little; less often as the index grows, so that saving
    // it never takes more than a few percent of the run.
    if (Date.now() - lastSave > saveInterval) {
      const start = Date.now();
      await cache.save();
      lastSave = Date.now();
      saveInterval = Math.max(2000, 20 * (lastSave - start));
    }
  };
  const settle = (result: TaskResult): Promise<void> => {
    progress.tick(!isRead(result.status));
    remember(result);
    pending.set(result.index, result);
    chain = chain.then(drain);
    return chain;
  };

  const crashed = (task: Task, error: unknown): TaskResult => ({
    index: task.index,
    status: 'failed',
    reason: timedOut.has(task.index)
      ? `timed out: still reading after ${timeoutMs / 1000} s (see --timeout)`
      : `${pool ? 'the worker thread died' : 'crashed'} while reading this file: ${errorMessage(error)}`,
    ...(error instanceof Error && error.stack
      ? { detail: error.stack.split('\n').slice(0, 6).join('\n') }
      : {}),
    reused: false,
    agency: null,
    year: null,
    format: null,
    rules: {},
    rows: encodeRows({ report: unreadRow(task.file, task.id, 'failed'), cells: '', findings: '' }),
    // Not this input's doing: the threads cannot start, and the run stops.
    ...(error instanceof WorkerStartError ? { fatal: error.message } : {}),
  });

  try {
    if (!usesWorkerThreads(inputs.length, options)) {
      // A few files, one job: no thread to start, which is what makes a single file instant. A longer
      // batch takes a worker even with one job, for its heap limits and the --timeout watchdog.
      // Loaded here only: the main thread of a batch in worker threads needs neither core nor the adapters.
      const { createEngine, processInput } = await import('./engine.js');
      const engine = await createEngine(config);
      let lastYield = Date.now();
      for (const task of tasks) {
        let result: TaskResult;
        try {
          result = await processInput(engine, task);
        } catch (error) {
          result = crashed(task, error);
        }
        await settle(result);
        if (fatal) break;
        if (Date.now() - lastYield > 50) {
          // Let the progress bar's timers run between files.
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
      }
    } else {
      const watch = createWatch();
      const threads = {
        filename: new URL('./worker.js', import.meta.url),
        workerData: (slot: number) => ({ config, watch: watch.shared, slot }),
        // A thread that died mid-input (out of memory, process.exit) never cleared its mark.
        onExit: (slot: number) => markDone(watch.buffers, slot),
      };
      releaseYoungGenerationFlag();
      pool = new TaskPool({ ...threads, threads: jobs, prefetch: PREFETCH, resourceLimits: WORKER_LIMITS });
      // An input that outgrows a worker's heap cap is read again, alone, in a thread without one: the cap
      // is there to keep a long batch small, not to refuse a large report.
      const runInPool = async (task: Task): Promise<TaskResult> => {
        try {
          return await pool!.run(task);
        } catch (error) {
          if (!isOutOfMemory(error) || timedOut.has(task.index)) throw error;
          unlimited ??= new TaskPool({ ...threads, threads: 1, prefetch: 1, firstSlot: jobs });
          try {
            return await unlimited.run(task);
          } finally {
            // Its heap grew to the size of that input: let it go rather than hold it to the end.
            if (unlimited?.pending === 0) {
              void unlimited.destroy();
              unlimited = undefined;
            }
          }
        }
      };
      // Stopping a thread is the only way out of an adapter that never returns.
      watchdog = setInterval(
        () => {
          for (const index of overdue(watch.buffers, timeoutMs)) {
            timedOut.add(index);
            if (!pool?.stop(index)) unlimited?.stop(index);
          }
        },
        Math.min(1000, timeoutMs / 2),
      );
      // A bounded window keeps the reorder buffer small when one input is slow.
      const window = Math.max(256, jobs * 64);
      let next = 0;
      await new Promise<void>((resolveAll, rejectAll) => {
        let running = 0;
        const launch = () => {
          while (!fatal && next < tasks.length && next < nextToWrite + window) {
            const task = tasks[next++]!;
            running++;
            runInPool(task)
              .then(
                (result: TaskResult) => result,
                (error: unknown) => crashed(task, error),
              )
              .then(settle)
              .then(() => {
                running--;
                launch();
                if (running === 0 && (next >= tasks.length || fatal)) resolveAll();
              })
              .catch(rejectAll);
          }
        };
        launch();
      });
    }
    progress.stop();
    if (fatal) throw new FatalError(fatal);
    await Promise.all(Object.values(streams).map((s) => s.commit()));
  } catch (error) {
    progress.stop();
    await abortStreams();
    await cache.save().catch(() => {});
    if (error instanceof FatalError) throw error;
    throw new FatalError(`cannot write the outputs in ${out}: ${errorMessage(error)}`);
  } finally {
    clearInterval(watchdog);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGHUP', onSignal);
    await pool?.destroy();
    await unlimited?.destroy();
  }

  await pruneReports(reportsDir, keep, hadCache);
  await cache.save();

  const seconds = (performance.now() - started) / 1000;
  const sortedRules = Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1)));
  const summary: Summary = {
    xxgk: VERSION,
    schemaVersion: 1,
    inputs: inputs.length,
    read: byStatus.ok + byStatus.warning + byStatus.error,
    reused,
    byStatus,
    byFormat,
    byRule: sortedRules,
    byAdapter: Object.fromEntries(Object.entries(byAdapter).sort(([a], [b]) => (a < b ? -1 : 1))),
    problems,
    previous: previous ? { folder: previous.folder, reports: previous.count, matched } : null,
    adapters: catalog.adapters.map((adapter) => ({
      name: adapter.name,
      extensions: [...adapter.extensions],
      origin: adapter.origin,
      version: adapter.version,
    })),
    unavailableAdapters: catalog.unavailable,
    jobs,
    runtime: { node: process.version, execArgv: [...process.execArgv] },
    outputs: {
      folder: out,
      reports: join(out, 'reports'),
      reportsCsv: join(out, 'reports.csv'),
      cellsCsv: join(out, 'cells.csv'),
      findingsCsv: join(out, 'findings.csv'),
      summary: join(out, 'summary.json'),
    },
    timing: {
      startedAt: startedAt.toISOString(),
      seconds: Math.round(seconds * 1000) / 1000,
      inputsPerSecond: Math.round(inputs.length / Math.max(seconds, 0.001)),
    },
  };
  await writeAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { summary, exitCode: byStatus.failed + byStatus.skipped > 0 ? 1 : 0 };
}

/** The closing lines on stderr: what happened, what to look at, where it is. */
export function describeSummary(summary: Summary, cwd = process.cwd()): string {
  const lines: string[] = [];
  const fromHere = relative(cwd, summary.outputs.folder);
  const where = fromHere === '' ? '.' : fromHere.startsWith('..') ? summary.outputs.folder : fromHere;
  const rate = summary.timing.inputsPerSecond;
  lines.push(
    `xxgk: ${summary.inputs} input${summary.inputs === 1 ? '' : 's'} in ${summary.timing.seconds.toFixed(1)} s ` +
      `(${rate}/s; ${summary.reused} reused from the cache)`,
  );
  lines.push(`  status   ${STATUSES.map((s) => `${s} ${summary.byStatus[s]}`).join(' · ')}`);
  const formats = Object.entries(summary.byFormat).filter(([, n]) => n > 0);
  if (formats.length > 0) lines.push(`  format   ${formats.map(([f, n]) => `${f} ${n}`).join(' · ')}`);
  const rules = Object.entries(summary.byRule)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, 5);
  if (rules.length > 0) lines.push(`  findings ${rules.map(([r, n]) => `${r} ${n}`).join(' · ')}`);
  if (summary.previous) {
    lines.push(
      `  previous ${summary.previous.matched} matched among ${summary.previous.reports} reports of ${summary.previous.folder}`,
    );
  }
  if (summary.problems.length > 0) {
    lines.push(`  not read (${summary.problems.length}):`);
    for (const problem of summary.problems.slice(0, 5))
      lines.push(`    ${problem.status} ${problem.file}: ${problem.reason}`);
    if (summary.problems.length > 5) lines.push(`    … ${summary.problems.length - 5} more in summary.json`);
  }
  for (const missing of summary.unavailableAdapters)
    lines.push(`  adapter unavailable: ${missing.origin} (${missing.reason})`);
  lines.push(`  outputs  ${where}/reports.csv, cells.csv, findings.csv, summary.json, reports/`);
  return `${lines.join('\n')}\n`;
}
