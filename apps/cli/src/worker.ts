import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, type EngineConfig, processInput, type Task, type TaskResult } from './engine.js';
import { markDone, markStart, watchBuffers } from './watchdog.js';

const data = workerData as { config: EngineConfig; watch: SharedArrayBuffer; slot: number };
const watch = watchBuffers(data.watch);
// Adapters are loaded once per thread, not per file; the pool hears when that is done (pool.ts).
const engine = createEngine(data.config).then((ready) => {
  parentPort!.postMessage({ ready: true });
  return ready;
});

// One task at a time, in the order posted. Posted tasks wait here, so the thread never waits for the
// next one.
const queue: Task[] = [];
let busy = false;

async function work(): Promise<void> {
  busy = true;
  const ready = await engine;
  for (let task = queue.shift(); task; task = queue.shift()) {
    markStart(watch, data.slot, task.index);
    let result: TaskResult;
    try {
      result = await processInput(ready, task);
    } finally {
      markDone(watch, data.slot);
    }
    // The CSV rows' buffers are moved to the main thread, not copied.
    const { report, cells, findings } = result.rows;
    parentPort!.postMessage({ index: task.index, result }, [report.buffer, cells.buffer, findings.buffer]);
  }
  busy = false;
}

parentPort!.on('message', (message: { task: Task }) => {
  queue.push(message.task);
  if (!busy) void work();
});
