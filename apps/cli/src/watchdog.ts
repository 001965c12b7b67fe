/**
 * Which input each worker thread is on, and since when, in shared memory: a thread stuck in an adapter
 * (a pathological file, a runaway regular expression) cannot answer messages, but the main thread can
 * still see what it is doing and abort it.
 */
const SLOTS = 256;
/** The Float64Array after the Int32Array must start on an 8-byte boundary. */
const TIMES_OFFSET = 8 * Math.ceil((4 * (SLOTS + 1)) / 8);

export interface WatchBuffers {
  /** [0]: the next slot to hand out; then per slot the task index + 1, 0 when idle. */
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
    tasks: new Int32Array(shared, 0, SLOTS + 1),
    started: new Float64Array(shared, TIMES_OFFSET, SLOTS),
  };
}

/** A worker's own slot, taken once when the thread starts. */
export function claimSlot(buffers: WatchBuffers): number {
  return Atomics.add(buffers.tasks, 0, 1) % SLOTS;
}

export function markStart(buffers: WatchBuffers, slot: number, index: number): void {
  buffers.started[slot] = Date.now();
  Atomics.store(buffers.tasks, slot + 1, index + 1);
}

export function markDone(buffers: WatchBuffers, slot: number): void {
  Atomics.store(buffers.tasks, slot + 1, 0);
}

/** Task indices that have run longer than `limitMs`; their slots are cleared so each is reported once. */
export function overdue(buffers: WatchBuffers, limitMs: number, now = Date.now()): number[] {
  const late: number[] = [];
  for (let slot = 0; slot < SLOTS; slot++) {
    const task = Atomics.load(buffers.tasks, slot + 1);
    if (task > 0 && now - buffers.started[slot]! > limitMs) {
      late.push(task - 1);
      Atomics.store(buffers.tasks, slot + 1, 0);
    }
  }
  return late;
}
