import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { collectInputs, ownOutputPaths } from './walk.js';

/** How many jobs a batch asked for: `--jobs`, and whether it was given or is the default. */
export interface JobsOption {
  jobs: number;
  jobsExplicit?: boolean;
}

/** Up to this many inputs, one job runs in the main thread. */
const IN_PROCESS_MAX = 50;

/**
 * Starting a thread costs about what reading 50 reports does: a small batch is faster in-process,
 * unless the user asked for a number of jobs.
 */
export function jobsFor(inputCount: number, options: JobsOption): number {
  const wanted = options.jobsExplicit
    ? options.jobs
    : Math.min(options.jobs, Math.ceil(inputCount / IN_PROCESS_MAX));
  return Math.max(1, Math.min(wanted, inputCount));
}

/** Whether a batch of this many inputs is read in worker threads rather than in the main thread. */
export function usesWorkerThreads(inputCount: number, options: JobsOption): boolean {
  return !(jobsFor(inputCount, options) === 1 && inputCount <= IN_PROCESS_MAX);
}

/**
 * A batch that uses worker threads runs in a Node process started with these flags (BENCHMARKS.md,
 * "7 December, fourth session"). V8's parallel and concurrent collector threads cost more than they
 * save on a small machine whose cores the workers already keep busy: on 2 cores the same 3,000 HTML
 * pages took 13.4–13.8 s of CPU with a single-threaded collector and 16–23 s without, the difference
 * spent in the collector's own threads. V8 reads these flags once per process, and a worker thread
 * cannot be given flags of its own, so the CLI starts itself again.
 *
 * `--max-semi-space-size=1` keeps the main thread's young generation at 1 MB (its new space had grown
 * to 32 MB, in a thread that only gathers results). V8 would apply it to every isolate created later,
 * so it is cleared before the workers start: they keep their own limits (normalize-command.ts).
 */
export const RELAUNCH_FLAGS = ['--single-threaded-gc', '--max-semi-space-size=1'] as const;

/** Set in the started process: it must not start another. */
const MARK = 'XXGK_RELAUNCHED';
/** `XXGK_RELAUNCH=0` runs the batch in the process the user started, flags and all. */
const SWITCH = 'XXGK_RELAUNCH';

/** Options in NODE_OPTIONS that attach to one process: a debugger port, a profile of this process. */
const PER_PROCESS = /(?:^|\s)--(?:inspect|debug|cpu-prof|heap-prof|prof)\b/;

/**
 * Whether this process may hand a batch to a new one: not when it is that new one, not when turned
 * off, and not when Node was started with options of its own (`--inspect`, `--cpu-prof`, a heap limit):
 * those were meant for this process, and the new one would not get them as given. NODE_OPTIONS
 * reaches the new process too, except that a debugger or profiler would attach to the one that waits.
 */
export function mayRelaunch(env: NodeJS.ProcessEnv = process.env, execArgv = process.execArgv): boolean {
  return (
    env[MARK] !== '1' &&
    env[SWITCH] !== '0' &&
    execArgv.length === 0 &&
    !PER_PROCESS.test(env.NODE_OPTIONS ?? '')
  );
}

/** This process is the one {@link relaunch} started. */
export function isRelaunched(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[MARK] === '1';
}

/**
 * Clear the main thread's young-generation flag for the isolates created from now on, so that worker
 * threads get the `resourceLimits` they are given. V8 reads the flag only when it sets up a heap.
 */
export function releaseYoungGenerationFlag(): void {
  if (isRelaunched() && process.execArgv.includes(RELAUNCH_FLAGS[1]))
    setFlagsFromString('--max-semi-space-size=0');
}

/**
 * Run this same command in a new Node process with {@link RELAUNCH_FLAGS}, sharing stdin, stdout and
 * stderr (a progress bar still sees its terminal), and resolve to its exit code. Signals sent to this
 * process are passed on; a terminal's Ctrl-C reaches both, and the run ignores a second one. Should
 * this process be killed outright, the new one hears its channel close and stops as on SIGTERM.
 */
export function relaunch(argv: readonly string[] = process.argv): Promise<number> {
  const child = spawn(process.execPath, [...RELAUNCH_FLAGS, ...argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [MARK]: '1' },
  });
  // On Windows a console's Ctrl-C and close reach every process in it, and `kill` with those signals
  // would end the new process at once instead of letting it save its work.
  const signals: NodeJS.Signals[] =
    process.platform === 'win32' ? ['SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  // Listened to even where nothing is passed on, so that this process outlives the one it waits for.
  const waits: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const pass = (signal: NodeJS.Signals) => {
    if (signals.includes(signal)) child.kill(signal);
  };
  for (const signal of waits) process.on(signal, pass);
  const stopPassing = () => {
    for (const signal of waits) process.removeListener(signal, pass);
  };
  return new Promise((done, fail) => {
    child.once('error', (error) => {
      stopPassing();
      fail(error);
    });
    child.once('exit', (code, signal) => {
      stopPassing();
      if (signal) {
        // Ended by a signal (the out-of-memory killer's SIGKILL, say): end the same way, so the shell
        // says so, as it would have without the relaunch.
        try {
          process.kill(process.pid, signal);
        } catch {
          // not a signal this platform can send itself: the exit code below says it
        }
      }
      done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

/**
 * In the started process: stop as on SIGTERM when the process that started it is gone, and do not let
 * the channel that tells keep this process alive.
 */
export function watchLauncher(): void {
  if (!isRelaunched()) return;
  const stop = () => process.kill(process.pid, 'SIGTERM');
  // Gone already, before this was called: the channel closed and its event was missed.
  if (process.connected === false) {
    stop();
    return;
  }
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', stop);
}

/**
 * For the CLI, before it loads the adapters: a batch that will use worker threads is run by a new Node
 * process started with {@link RELAUNCH_FLAGS}; this gives its exit code. Null when this process is to
 * run the batch: a small batch, a process that may not relaunch, or a new process that could not be
 * started. Inputs that cannot be listed are left for the run to report.
 */
export async function handOff(inputArgs: string[], out: string, jobs: JobsOption): Promise<number | null> {
  if (!mayRelaunch()) {
    watchLauncher();
    return null;
  }
  let count: number;
  try {
    // Counted as the run will count them: without our own outputs, when --out sits among the inputs.
    const outReal = await realpath(resolve(out)).catch(() => null);
    const exclude = outReal === null ? [] : ownOutputPaths(outReal);
    count = (await collectInputs(inputArgs, { limit: IN_PROCESS_MAX + 1, exclude })).length;
  } catch {
    return null;
  }
  if (count === 0 || !usesWorkerThreads(count, jobs)) return null;
  try {
    return await relaunch();
  } catch {
    return null;
  }
}
