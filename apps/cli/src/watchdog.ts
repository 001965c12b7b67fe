/**
 * Which input each worker thread is on, and since when, in shared memory: a thread stuck in an adapter
 * (a pathological file, a runaway regular expression) cannot answer messages, but the main thread can
 * still see what it is doing and abort it.
 */

/** One per worker thread: up to 256 jobs (the --jobs limit), and the thread that reads again without limits. */
export const SLOTS = 257;
/** The Float64Array after the Int32Array must start on an 8-byte boundary. */
const TIMES_OFFSET = 8 * Math.ceil((4 * SLOTS) / 8);

export interface WatchBuffers {
  /** Per slot (the pool gives each thread its own), the task index + 1, 0 when idle. */
  tasks: Int32Array;
  /** Per slot, Date.now() when the task started. */
  started: Float64Array;
}

export function createWatch(): { shared: SharedArrayBuffer; buffers: WatchBuffers } {
  const shared = new SharedArrayBuffer(TIMES_OFFSET + 8 * SLOTS);
  return { shared, buffers: watchBuffers(shared) };
}

export function watchBuffers(shared: SharedArrayBuffer): WatchBuffers {
  return {
    tasks: new Int32Array(shared, 0, SLOTS),
    started: new Float64Array(shared, TIMES_OFFSET, SLOTS),
  };
}

export function markStart(buffers: WatchBuffers, slot: number, index: number): void {
  buffers.started[slot] = Date.now();
  Atomics.store(buffers.tasks, slot, index + 1);
}

export function markDone(buffers: WatchBuffers, slot: number): void {
  Atomics.store(buffers.tasks, slot, 0);
}

/** Task indices that have run longer than `limitMs`; their slots are cleared so each is reported once. */
export function overdue(buffers: WatchBuffers, limitMs: number, now = Date.now()): number[] {
  const late: number[] = [];
  for (let slot = 0; slot < SLOTS; slot++) {
    const task = Atomics.load(buffers.tasks, slot);
    if (task > 0 && now - buffers.started[slot]! > limitMs) {
      late.push(task - 1);
      Atomics.store(buffers.tasks, slot, 0);
    }
  }
  return late;
}
