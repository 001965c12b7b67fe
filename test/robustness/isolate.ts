/**
 * Runs jobs of the public API in a worker thread (worker.mjs) under a deadline and a heap cap: a hang
 * or a runaway allocation becomes a `timeout` or `oom` outcome with the input in hand, and the worker is
 * replaced. The stated bounds every input is held to live here too.
 */
import { Worker } from 'node:worker_threads';
import type { ReadOptions, SourceDocument } from '@xxgk/core';

export type AdapterName = 'text' | 'html' | 'xlsx';

export type Job =
  | {
      kind: 'read';
      adapter: AdapterName;
      bytes: Uint8Array;
      options?: ReadOptions;
      /** Normalize the document read (default true). */
      normalize?: boolean;
    }
  | { kind: 'normalize'; document: SourceDocument; options?: { path?: string; adapter?: string } }
  | { kind: 'value'; text: string }
  /** Pollutes and breaks the schema on purpose: the oracle's checks must notice. */
  | { kind: 'self-test' };

export interface Outcome {
  /** `report`: read and normalized; `document`: read only; `adapter-error`: refused as the contract allows. */
  outcome: 'report' | 'document' | 'adapter-error' | 'threw' | 'timeout' | 'oom' | 'crashed';
  /** Broken promises of the contract, even when the call itself returned. */
  problems: string[];
  code?: string;
  message?: string;
  where?: string;
  error?: { name: string; message: string; stack: string };
  /** Time inside the worker (read + normalize), and the wall time seen from here. */
  ms: number;
  wallMs: number;
  readMs?: number;
  normalizeMs?: number;
  /** V8 heap in use after the job, MB (an indication; the cap is the bound). */
  heapMb?: number;
  blocks?: number;
  slots?: number;
  format?: string;
  cells?: number;
}

/** The bound every input is held to: read + normalize in under 1 s plus 2 s per MB of input. */
export const BOUND_BASE_MS = 1000;
export const BOUND_MS_PER_MB = 2000;
/** Asserted with this margin, for a shared machine (XXGK_TIME_MARGIN to change it). */
export const TIME_MARGIN = Number(process.env.XXGK_TIME_MARGIN ?? 3);

export function statedBoundMs(bytes: number): number {
  return BOUND_BASE_MS + (BOUND_MS_PER_MB * bytes) / (1024 * 1024);
}

/** What a run may take before it counts as a hang: the stated bound times the margin. */
export function deadlineMs(bytes: number): number {
  return TIME_MARGIN * statedBoundMs(bytes);
}

/** The size a job's time is judged by: its input bytes, or the text of a hand-built document. */
export function jobSize(job: Job): number {
  if (job.kind === 'read') return job.bytes.byteLength;
  if (job.kind === 'value') return job.text.length * 3;
  if (job.kind === 'self-test') return 0;
  let chars = 0;
  for (const block of job.document.blocks) {
    if (block.type === 'table')
      for (const row of block.rows) for (const cell of row) chars += cell.text.length + 8;
    else chars += block.text.length;
  }
  for (const value of Object.values(job.document.metadata)) chars += value?.length ?? 0;
  return chars * 3;
}

interface Waiting {
  resolve: (outcome: Outcome) => void;
  timer: NodeJS.Timeout;
  started: number;
}

export interface IsolateOptions {
  /** Old-generation heap cap of the worker, MB: the memory bound (default 1024). */
  heapMb?: number;
}

export class Isolate {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private waiting: Waiting | undefined;
  /** Workers started, the first included: each timeout or crash costs one. */
  starts = 0;

  constructor(private readonly options: IsolateOptions = {}) {}

  private start(): Promise<void> {
    this.starts++;
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb ?? 1024, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    // What the code under test prints is not ours to show.
    worker.stdout.resume();
    worker.stderr.resume();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (message: { ready?: boolean }) => {
        if (message.ready) resolve();
      });
      worker.once('error', reject);
    });
    worker.on('message', (message: Outcome & { ready?: boolean }) => {
      if (message.ready || !this.waiting) return;
      const { resolve, timer, started } = this.waiting;
      this.waiting = undefined;
      clearTimeout(timer);
      resolve({ ...message, wallMs: performance.now() - started });
    });
    worker.on('error', (error: Error & { code?: string }) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.waiting) this.fail(new Error(`the worker exited with code ${code}`));
    });
    return this.ready;
  }

  private fail(error: Error & { code?: string }): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    clearTimeout(waiting.timer);
    const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const ms = performance.now() - waiting.started;
    waiting.resolve({
      outcome: oom ? 'oom' : 'crashed',
      problems: [oom ? `the worker ran out of its ${this.options.heapMb ?? 1024} MB heap` : error.message],
      error: { name: error.name, message: error.message, stack: error.stack ?? '' },
      ms,
      wallMs: ms,
    });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** The job in flight, if any. */
  private current: Promise<Outcome> | undefined;

  /**
   * Resolves once no job is in flight. A campaign stopped by its time limit leaves its last job
   * running; the next campaign on this isolate waits for it (it ends by its answer or its deadline).
   */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  /** Run one job; `timeoutMs` defaults to the deadline for the job's size. */
  run(job: Job, timeoutMs?: number): Promise<Outcome> {
    if (this.waiting || this.current) return Promise.reject(new Error('an Isolate runs one job at a time'));
    const current = this.runNow(job, timeoutMs ?? deadlineMs(jobSize(job)));
    this.current = current;
    const clear = () => {
      if (this.current === current) this.current = undefined;
    };
    current.then(clear, clear);
    return current;
  }

  private async runNow(job: Job, timeoutMs: number): Promise<Outcome> {
    if (!this.worker) await this.start();
    await this.ready;
    const worker = this.worker!;
    return new Promise<Outcome>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        if (this.waiting?.timer !== timer) return;
        this.waiting = undefined;
        void worker.terminate();
        if (this.worker === worker) this.worker = undefined;
        resolve({
          outcome: 'timeout',
          problems: [`no answer within ${Math.round(timeoutMs)} ms`],
          ms: timeoutMs,
          wallMs: performance.now() - started,
        });
      }, timeoutMs);
      this.waiting = { resolve, timer, started };
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/** Time spent in the public API (read + normalize), or the whole job's when it is not split. */
export function apiTime(outcome: Outcome): number {
  const api = (outcome.readMs ?? 0) + (outcome.normalizeMs ?? 0);
  return api > 0 ? api : outcome.ms;
}

/** What a test asserts of every outcome: no exception but AdapterError, no broken promise, in time. */
export function verdict(outcome: Outcome, bytes: number): string | undefined {
  if (outcome.outcome === 'threw') {
    return `${outcome.where} threw ${outcome.error?.name}: ${outcome.error?.message}\n${outcome.error?.stack}`;
  }
  if (outcome.outcome === 'timeout' || outcome.outcome === 'oom' || outcome.outcome === 'crashed')
    return `${outcome.outcome}: ${outcome.problems.join('; ')}`;
  if (outcome.problems.length > 0) return outcome.problems.slice(0, 5).join('\n');
  const apiMs = apiTime(outcome);
  if (apiMs > deadlineMs(bytes))
    return `took ${Math.round(apiMs)} ms, over ${Math.round(deadlineMs(bytes))} ms for ${bytes} bytes`;
  return undefined;
}
