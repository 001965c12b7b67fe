import { describe, expect, it } from 'vitest';
import { type PoolOptions, TaskPool, WorkerStartError } from './pool.js';

interface Task {
  index: number;
  do?: 'hang' | 'exit' | 'throw' | 'grow' | 'slow';
  /** How long a slow task takes. */
  ms?: number;
}
interface Result {
  index: number;
  thread: number;
  slot: number;
}

const filename = new URL('../test/fixtures/pool-worker.mjs', import.meta.url);
const LIMITED = { resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 } };

const pool = (options: Partial<PoolOptions>) =>
  new TaskPool<Task, Result>({
    filename,
    workerData: (slot) => ({ slot }),
    threads: 1,
    prefetch: 2,
    ...options,
  });

/** A pool for one test, destroyed after it whatever happens. */
async function withPool(
  options: Partial<PoolOptions>,
  body: (tasks: TaskPool<Task, Result>) => Promise<void>,
) {
  const tasks = pool(options);
  try {
    await body(tasks);
  } finally {
    await tasks.destroy();
  }
}

/** Keeps the main thread busy, so that answers wait in its queue unread. */
const block = (ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end; );
};

const outcome = (promise: Promise<Result>) =>
  promise.then(
    (result) => ({ ok: result.index }),
    (error: Error) => ({ error: error.message }),
  );

describe('TaskPool', () => {
  it('answers every task, spread over its threads', async () => {
    await withPool({ threads: 2, prefetch: 2 }, async (tasks) => {
      const results = await Promise.all(Array.from({ length: 40 }, (_, index) => tasks.run({ index })));
      expect(results.map((r) => r.index)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(new Set(results.map((r) => r.thread)).size).toBe(2);
      expect(tasks.pending).toBe(0);
    });
  });

  it('fails only the task a thread died on; the tasks posted behind it run on a new thread', async () => {
    await withPool({ threads: 1, prefetch: 3 }, async (tasks) => {
      const runs = [
        tasks.run({ index: 0 }),
        tasks.run({ index: 1, do: 'exit' }),
        tasks.run({ index: 2 }),
        tasks.run({ index: 3, do: 'throw' }),
        tasks.run({ index: 4 }),
        tasks.run({ index: 5 }),
      ].map(outcome);
      expect(await Promise.all(runs)).toEqual([
        { ok: 0 },
        { error: 'the worker thread exited with code 3' },
        { ok: 2 },
        { error: 'task 3 threw' },
        { ok: 4 },
        { ok: 5 },
      ]);
    });
  });

  it('stops the thread reading a given task, and only that task fails', async () => {
    await withPool({ threads: 2, prefetch: 2 }, async (tasks) => {
      const hung = outcome(tasks.run({ index: 7, do: 'hang' }));
      const others = Array.from({ length: 6 }, (_, i) => outcome(tasks.run({ index: 10 + i })));
      // Not being read by any thread: nothing to stop.
      expect(tasks.stop(99)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(tasks.stop(7)).toBe(true);
      expect(await hung).toEqual({ error: 'the worker thread exited with code 1' });
      expect(await Promise.all(others)).toEqual(Array.from({ length: 6 }, (_, i) => ({ ok: 10 + i })));
    });
  });

  it('stops the thread of a task queued behind an answer not yet read, and fails only that task', async () => {
    await withPool({ threads: 1, prefetch: 2 }, async (tasks) => {
      await tasks.run({ index: 9 }); // the thread is up
      const first = outcome(tasks.run({ index: 0 }));
      const hung = outcome(tasks.run({ index: 1, do: 'hang' }));
      const after = outcome(tasks.run({ index: 2 }));
      // Task 0 is answered and task 1 running, but the main thread has not read the answer yet.
      block(300);
      expect(tasks.stop(1)).toBe(true);
      expect(await first).toEqual({ ok: 0 });
      expect(await hung).toEqual({ error: 'the worker thread exited with code 1' });
      expect(await after).toEqual({ ok: 2 });
    });
  });

  it('does not fail the next task when the stopped one had finished after all', async () => {
    await withPool({ threads: 1, prefetch: 2 }, async (tasks) => {
      await tasks.run({ index: 9 }); // the thread is up
      const slow = outcome(tasks.run({ index: 0, do: 'slow', ms: 100 }));
      const next = outcome(tasks.run({ index: 1, do: 'slow', ms: 1000 }));
      // Task 0 finished while the main thread was busy, task 1 is running: the watchdog's call for
      // task 0 comes too late, and must not cost task 1.
      block(300);
      expect(tasks.stop(0)).toBe(true);
      expect(await slow).toEqual({ ok: 0 });
      expect(await next).toEqual({ ok: 1 });
    });
  });

  it('gives a replacement thread the slot of the one it replaces, and reports the slot freed', async () => {
    const exits: number[] = [];
    await withPool(
      {
        threads: 2,
        prefetch: 1,
        firstSlot: 5,
        onExit: (slot) => exits.push(slot),
      },
      async (tasks) => {
        const died = await outcome(tasks.run({ index: 0, do: 'exit' }));
        expect(died).toEqual({ error: 'the worker thread exited with code 3' });
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, index) => tasks.run({ index: index + 1 })),
        );
        expect(exits).toHaveLength(1);
        expect([5, 6]).toContain(exits[0]);
        expect(new Set(results.map((r) => r.slot))).toEqual(new Set([5, 6]));
      },
    );
  });

  it('fails every task at once, with one reason, when its threads cannot start', async () => {
    await withPool(
      {
        workerData: () => ({ fail: true }),
        threads: 2,
        prefetch: 2,
      },
      async (tasks) => {
        const runs = Array.from({ length: 50 }, (_, index) => tasks.run({ index }).catch((error) => error));
        const errors = await Promise.all(runs);
        for (const error of errors) {
          expect(error).toBeInstanceOf(WorkerStartError);
          expect(error.message).toBe('the worker thread could not start: cannot load the adapters');
        }
        await expect(tasks.run({ index: 99 })).rejects.toBeInstanceOf(WorkerStartError);
      },
    );
  });

  it('rejects a task that outgrows the heap cap with the out-of-memory error, and goes on', async () => {
    await withPool({ threads: 1, prefetch: 2, ...LIMITED }, async (tasks) => {
      const grown = tasks.run({ index: 0, do: 'grow' });
      const after = tasks.run({ index: 1 });
      await expect(grown).rejects.toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
      expect((await after).index).toBe(1);
    });
  });

  it('rejects what is still waiting when destroyed, and anything run after', async () => {
    const tasks = pool({ prefetch: 1 });
    const hung = outcome(tasks.run({ index: 0, do: 'hang' }));
    const waiting = outcome(tasks.run({ index: 1 }));
    await tasks.destroy();
    expect(await waiting).toEqual({ error: 'the pool is closed' });
    expect(await hung).toMatchObject({ error: expect.any(String) });
    expect(await outcome(tasks.run({ index: 2 }))).toEqual({ error: 'the pool is closed' });
  });
});
