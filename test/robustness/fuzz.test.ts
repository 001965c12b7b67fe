/**
 * Every adapter, normalize and the value parser under fast-check: real inputs damaged in every way a
 * file gets damaged, inputs generated from the report's vocabulary, and documents that only satisfy
 * the type. Nothing may throw but an AdapterError from `read`, every document and report must keep the
 * contract, and every input must finish under the stated bound (isolate.ts).
 *
 * CI runs a small budget with a fixed seed; `npm run fuzz` runs the same targets longer.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { budgetFromEnv, fuzz } from './campaign.js';
import { Isolate } from './isolate.js';
import { targets } from './targets.js';

const budget = budgetFromEnv();
// The campaign draws bigger inputs (longer texts, tables, pages) than CI does.
fc.configureGlobal({ baseSize: budget.size });
const all = await targets();
const selected = all.filter((t) => !budget.only || t.name.includes(budget.only));
// `--seconds`: each target gets its share of the time.
if (budget.timeLimitMs)
  budget.timeLimitMs = Math.max(1000, budget.timeLimitMs / Math.max(1, selected.length));
const listing = process.env.XXGK_FUZZ_LIST === '1';
const isolate = new Isolate();
afterAll(() => isolate.close());

// A campaign may run for hours; CI targets take seconds each.
const timeout = budget.campaign ? 24 * 3600 * 1000 : 120_000;

describe.sequential('fuzz', () => {
  if (listing) {
    it('lists the targets', () => {
      for (const target of selected) console.log(`${target.name.padEnd(28)} ${target.about}`);
    });
    return;
  }
  for (const target of selected) {
    it(
      target.name,
      async () => {
        const line = await fuzz(target, isolate, budget);
        if (budget.campaign) console.log(`${line}\n  tried: ${target.about}`);
      },
      timeout,
    );
  }
});
