import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { createEngine, type EngineConfig, processInput, type Task, type TaskResult } from './engine.js';
import { claimSlot, markDone, markStart, watchBuffers } from './watchdog.js';

const data = workerData as { config: EngineConfig; watch: SharedArrayBuffer };
// Adapters are loaded once per thread, not per file.
const engine = createEngine(data.config);
const watch = watchBuffers(data.watch);
const slot = claimSlot(watch);

export default async function run(task: Task): Promise<TaskResult> {
  const ready = await engine;
  markStart(watch, slot, task.index);
  let result: TaskResult;
  try {
    result = await processInput(ready, task);
  } finally {
    markDone(watch, slot);
  }
  // The CSV rows' buffers are moved to the main thread, not copied.
  const { report, cells, findings } = result.rows;
  return move({
    get [transferableSymbol]() {
      return [report.buffer, cells.buffer, findings.buffer];
    },
    get [valueSymbol]() {
      return result;
    },
  }) as unknown as TaskResult;
}
