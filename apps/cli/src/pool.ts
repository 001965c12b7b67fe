import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * A fixed set of worker threads that each hold up to `prefetch` tasks: one being read and the next ones
 * already posted, so a thread goes from one input to the next without waiting for the main thread.
 *
 * Why not piscina: it counts a thread running an abortable task as full, so with the per-task abort
 * that the --timeout watchdog needs, a thread sat idle for every round trip through the main thread
 * (0.6 ms per input with two workers on two cores, 16 % of the run, BENCHMARKS.md). Here a thread is
 * stopped by the task it is stuck on ({@link TaskPool.stop}), and the tasks queued behind it are posted
 * again to its replacement instead of failing with it.
 *
 * The protocol (see worker.ts): the worker posts `{ ready: true }` once it can work, handles `{ task }`
 * messages one at a time in the order posted, and answers each with `{ index, result }`.
 */
export interface PoolOptions {
  filename: URL;
  /** What a thread is started with, given the slot it holds (see `firstSlot`). */
  workerData: (slot: number) => unknown;
  threads: number;
  /** Tasks posted to a thread at once: 1 is the classic pool, 2 hides the round trip. */
  prefetch: number;
  resourceLimits?: ResourceLimits;
  /**
   * Threads hold the slots `firstSlot` to `firstSlot + threads - 1`, one each, and a replacement takes
   * the slot of the thread it replaces: slots index per-thread state outside the pool (the watchdog's).
   */
  firstSlot?: number;
  /** A thread ended: whatever it had marked in its slot is stale. */
  onExit?: (slot: number) => void;
}

/** The worker module could not start: every task would fail the same way, and none is to blame. */
export class WorkerStartError extends Error {
  override name = 'WorkerStartError';
}

interface Pending<T, R> {
  task: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface Thread<T, R> {
  worker: Worker;
  slot: number;
  /** Posted and not answered, in the order posted: the first is the one being read. */
  queue: Pending<T, R>[];
  ready: boolean;
  /** The task {@link TaskPool.stop} ended this thread for. */
  stopped?: number;
  /** Set by an 'error' event, reported by the 'exit' event that follows it. */
  error?: unknown;
}

export class TaskPool<T extends { index: number }, R> {
  private readonly threads = new Set<Thread<T, R>>();
  private readonly waiting: Pending<T, R>[] = [];
  private readonly freeSlots: number[] = [];
  private closed = false;
  private broken: WorkerStartError | undefined;

  constructor(private readonly options: PoolOptions) {
    const first = options.firstSlot ?? 0;
    for (let i = options.threads - 1; i >= 0; i--) this.freeSlots.push(first + i);
    // Started now, not on the first task: loading the adapters overlaps with listing the inputs.
    for (let i = 0; i < options.threads; i++) this.spawn();
  }

  run(task: T): Promise<R> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closed) return Promise.reject(new Error('the pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  /** Tasks run and not yet answered. */
  get pending(): number {
    let count = this.waiting.length;
    for (const thread of this.threads) count += thread.queue.length;
    return count;
  }

  /**
   * Stop the thread that holds this task: its promise rejects; the other tasks the thread held move on
   * to its replacement. The task is looked for in the whole queue, not only at its head: the answer to
   * the task before it may still be on its way.
   */
  stop(index: number): boolean {
    for (const thread of this.threads) {
      if (thread.stopped === undefined && thread.queue.some((pending) => pending.task.index === index)) {
        thread.stopped = index;
        void thread.worker.terminate();
        return true;
      }
    }
    return false;
  }

  async destroy(): Promise<void> {
    this.closed = true;
    const error = new Error('the pool is closed');
    for (const pending of this.waiting.splice(0)) pending.reject(error);
    await Promise.all([...this.threads].map((thread) => thread.worker.terminate()));
  }

  private spawn(): void {
    const slot = this.freeSlots.pop()!;
    const worker = new Worker(this.options.filename, {
      workerData: this.options.workerData(slot),
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    const thread: Thread<T, R> = { worker, slot, queue: [], ready: false };
    worker.on('message', (message: { ready?: true; index?: number; result?: R }) => {
      if (message.ready) {
        thread.ready = true;
        return;
      }
      const at = thread.queue.findIndex((pending) => pending.task.index === message.index);
      if (at >= 0) thread.queue.splice(at, 1)[0]!.resolve(message.result as R);
      this.dispatch();
    });
    // An answer that cannot be read would leave its task waiting for ever: it fails instead.
    worker.on('messageerror', (error) => {
      thread.queue.shift()?.reject(error);
      this.dispatch();
    });
    worker.on('error', (error) => {
      thread.error ??= error;
    });
    worker.on('exit', (code) => this.lost(thread, code));
    this.threads.add(thread);
  }

  /** A thread ended: stopped, crashed, out of memory, or an adapter called process.exit. */
  private lost(thread: Thread<T, R>, code: number): void {
    this.threads.delete(thread);
    this.freeSlots.push(thread.slot);
    this.options.onExit?.(thread.slot);
    const queue = thread.queue;
    thread.queue = [];
    const error = thread.error ?? new Error(`the worker thread exited with code ${code}`);
    if (!thread.ready && !this.closed) {
      // Not one task was read: the module or its adapters failed to load, and so would every
      // replacement. Fail everything with that reason, once, instead of one file per new thread.
      this.broken = new WorkerStartError(`the worker thread could not start: ${errorText(error)}`);
      for (const pending of [...queue, ...this.waiting.splice(0)]) pending.reject(this.broken);
      return;
    }
    // The task being read is the stopped one, else the first not answered.
    const at = thread.stopped === undefined ? 0 : queue.findIndex((p) => p.task.index === thread.stopped);
    const [current] = at >= 0 ? queue.splice(at, 1) : [];
    current?.reject(error);
    if (this.closed) {
      for (const pending of queue) pending.reject(new Error('the pool is closed'));
      return;
    }
    // Posted but never started: they go first, in their order, to the thread that replaces this one.
    this.waiting.unshift(...queue);
    this.dispatch();
  }

  private dispatch(): void {
    // Replacements start only for work waiting, so that an idle pool does not respawn for nothing.
    while (this.waiting.length > 0 && this.threads.size < this.options.threads) this.spawn();
    while (this.waiting.length > 0) {
      let best: Thread<T, R> | undefined;
      for (const thread of this.threads) {
        if (thread.stopped === undefined && thread.queue.length < this.options.prefetch) {
          if (!best || thread.queue.length < best.queue.length) best = thread;
        }
      }
      if (!best) return;
      const pending = this.waiting.shift()!;
      best.queue.push(pending);
      best.worker.postMessage({ task: pending.task });
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
