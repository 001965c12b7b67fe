import { workerData } from 'piscina';
import { createEngine, type EngineConfig, processInput, type Task, type TaskResult } from './engine.js';

// Adapters are loaded once per thread, not per file.
const engine = createEngine(workerData as EngineConfig);

export default async function run(task: Task): Promise<TaskResult> {
  return processInput(await engine, task);
}
