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
 * A worker module handles `{ task }` messages one at a time, in the order posted, and answers each with
 * `{ result }` (see worker.ts): the head of a thread's queue is always the task it is on.
 */
export interface PoolOptions {
  filename: URL;
  workerData: unknown;
  threads: number;
  /** Tasks posted to a thread at once: 1 is the classic pool, 2 hides the round trip. */
  prefetch: number;
  resourceLimits?: ResourceLimits;
}

interface Pending<T, R> {
  task: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface Thread<T, R> {
  worker: Worker;
  /** Posted and not answered, in the order posted: the first is the one being read. */
  queue: Pending<T, R>[];
  /** Set by an 'error' event, reported by the 'exit' event that follows it. */
  error?: unknown;
  gone: boolean;
}

export class TaskPool<T extends { index: number }, R> {
  private readonly threads = new Set<Thread<T, R>>();
  private readonly waiting: Pending<T, R>[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    // Started now, not on the first task: loading the adapters overlaps with listing the inputs.
    for (let i = 0; i < options.threads; i++) this.spawn();
  }

  run(task: T): Promise<R> {
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

  /** Stop the thread that is reading this task: its promise rejects; the tasks behind it move on. */
  stop(index: number): boolean {
    for (const thread of this.threads) {
      if (!thread.gone && thread.queue[0]?.task.index === index) {
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
    const worker = new Worker(this.options.filename, {
      workerData: this.options.workerData,
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    const thread: Thread<T, R> = { worker, queue: [], gone: false };
    worker.on('message', (message: { result: R }) => {
      const pending = thread.queue.shift();
      pending?.resolve(message.result);
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
    thread.gone = true;
    this.threads.delete(thread);
    const [current, ...behind] = thread.queue;
    thread.queue = [];
    current?.reject(thread.error ?? new Error(`the worker thread exited with code ${code}`));
    if (this.closed) {
      for (const pending of behind) pending.reject(new Error('the pool is closed'));
      return;
    }
    // Posted but never started: they go first, in their order, to the thread that replaces this one.
    this.waiting.unshift(...behind);
    this.dispatch();
  }

  private dispatch(): void {
    // Replacements start only for work waiting: a thread that cannot start then fails one task per try,
    // never loops on an empty queue.
    while (this.waiting.length > 0 && this.threads.size < this.options.threads) this.spawn();
    while (this.waiting.length > 0) {
      let best: Thread<T, R> | undefined;
      for (const thread of this.threads) {
        if (!thread.gone && thread.queue.length < this.options.prefetch) {
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
