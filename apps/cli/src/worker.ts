import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, type EngineConfig, processInput, type Task, type TaskResult } from './engine.js';
import { claimSlot, markDone, markStart, watchBuffers } from './watchdog.js';

const data = workerData as { config: EngineConfig; watch: SharedArrayBuffer };
// Adapters are loaded once per thread, not per file.
const engine = createEngine(data.config);
const watch = watchBuffers(data.watch);
const slot = claimSlot(watch);

// One task at a time, in the order posted (the pool counts on it: the first task it posted and has no
// answer for is the one being read). Posted tasks wait here, so the thread never waits for the next one.
const queue: Task[] = [];
let busy = false;

async function work(): Promise<void> {
  busy = true;
  const ready = await engine;
  for (let task = queue.shift(); task; task = queue.shift()) {
    markStart(watch, slot, task.index);
    let result: TaskResult;
    try {
      result = await processInput(ready, task);
    } finally {
      markDone(watch, slot);
    }
    // The CSV rows' buffers are moved to the main thread, not copied.
    const { report, cells, findings } = result.rows;
    parentPort!.postMessage({ result }, [report.buffer, cells.buffer, findings.buffer]);
  }
  busy = false;
}

parentPort!.on('message', (message: { task: Task }) => {
  queue.push(message.task);
  if (!busy) void work();
});
