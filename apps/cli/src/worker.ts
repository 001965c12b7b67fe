import { workerData } from 'piscina';
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
  try {
    return await processInput(ready, task);
  } finally {
    markDone(watch, slot);
  }
}
