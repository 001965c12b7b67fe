/**
 * No regular expression or loop of the readers is super-linear: every shape of long run through every
 * path, and every structure at scale, grows at most linearly between n and 4n and stays under the
 * stated bound (complexity.ts). XXGK_COMPLEXITY_CHARS sets n for the runs (default 16,384).
 *
 * The cases in KNOWN_SLOW are left out here: they are super-linear in packages this suite may not
 * change, reported, and tested in test/robustness/pending/ until fixed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWN_SLOW, measure, PATHS, run, SHAPES, STRUCTURES } from './complexity.js';
import { Isolate } from './isolate.js';

const CHARS = Number(process.env.XXGK_COMPLEXITY_CHARS ?? 16_384);
const isolate = new Isolate();
afterAll(() => isolate.close());

describe.sequential('long runs of one character class through every path', () => {
  for (const path of PATHS) {
    it(path.name, async () => {
      const failures: string[] = [];
      for (const shape of SHAPES) {
        if (KNOWN_SLOW.has(`${path.name} × ${shape.name}`)) continue;
        const m = await measure(isolate, (n) => path.job(run(shape, n)), CHARS);
        if (m.failure)
          failures.push(
            `${shape.name} (${JSON.stringify(shape.prefix + shape.body.slice(0, 8))}…): ${m.failure}`,
          );
      }
      expect(failures).toEqual([]);
    }, 600_000);
  }
});

describe.sequential('structures at scale', () => {
  for (const structure of STRUCTURES.filter((s) => !KNOWN_SLOW.has(s.name))) {
    it(structure.name, async () => {
      const m = await measure(isolate, structure.make, structure.n);
      expect(m.failure).toBeUndefined();
    }, 120_000);
  }
});
