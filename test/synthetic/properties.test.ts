/**
 * Property tests on the synthetic corpus: for every rendering style, a generated report read back with
 * its adapter and normalized gives the truth — agency, year, format, every cell's value and status — and
 * the rules report exactly the injected defects (no finding missing, none extra: precision and recall
 * 100 %). Runs are bounded (RUNS per style) and seeded, so CI is fast and repeatable; set
 * XXGK_FC_SEED=<n> (or `random`) and XXGK_FC_RUNS=<n> to explore further.
 *
 * A few shapes are left out of these runs because the reader does not handle them yet; each has its
 * failing case in gaps.test.ts, and the exclusion goes when that passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFECT_KINDS,
  type DefectKind,
  type GenerateOptions,
  generate,
  STYLE_NAMES,
  STYLES,
  type Style,
} from './index.js';
import { generateReport } from './report.js';
import { differences, readBack } from './verify.js';

const RUNS = Number(process.env.XXGK_FC_RUNS ?? 15);
const SEED = process.env.XXGK_FC_SEED === 'random' ? undefined : Number(process.env.XXGK_FC_SEED ?? 7_2024);

/**
 * Shapes excluded from the runs, per style. Text with one cell per line (or aligned columns) that prints
 * six zeros for a T3 row cannot say whether the 总计 was left blank or another cell was lost: both read
 * the same, and the real corpus has the second (川汇区 2021), so xxgk reads zeros there.
 */
const KNOWN_GAPS: Partial<Record<Style, { defects?: DefectKind[]; options?: GenerateOptions }>> = {
  cells: { defects: ['blank-total'] },
  layout: { defects: ['blank-total'] },
};

/** Layout options: everything but top-aligned values beside labels wrapped narrower than 28 columns. */
const layoutOptions = fc
  .record({
    valueLine: fc.constantFrom('top' as const, 'center' as const, 'after' as const),
    labelWidth: fc.integer({ min: 24, max: 34 }),
    valueWidth: fc.integer({ min: 0, max: 3 }),
  })
  .filter((o) => o.valueLine !== 'top' || o.labelWidth >= 28);

describe.each(STYLE_NAMES)('a synthetic report rendered as %s', (style) => {
  const gap = KNOWN_GAPS[style];
  const allowed = STYLES[style].defects.filter((d) => !gap?.defects?.includes(d));

  it(`reads back exactly, and every injected defect is reported by its rule and nothing else (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.subarray([...allowed]),
        layoutOptions,
        async (seed, defects, layout) => {
          const { files, truth } = generate(seed, { ...gap?.options, styles: [style], defects, layout });
          const file = files[0]!;
          const report = await readBack(file);
          const runTogether =
            style === 'run-together'
              ? generateReport(seed, { ...gap?.options?.report, defects: [...defects] })
              : undefined;
          expect(differences(file, truth, report, runTogether ? { runTogether } : {})).toEqual([]);
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});

describe('the generated set as a whole', () => {
  it('covers both formats, every style and every defect, and every defect is reported', async () => {
    const seen = { formats: new Set<string>(), defects: new Set<string>(), rules: new Set<string>() };
    let reports = 0;
    for (let seed = 1; reports < 60; seed++) {
      const style = STYLE_NAMES[seed % STYLE_NAMES.length]!;
      const gap = KNOWN_GAPS[style];
      const allowed = STYLES[style].defects.filter((d) => !gap?.defects?.includes(d));
      const defects = [allowed[seed % allowed.length]!];
      const { files, truth } = generate(seed, { ...gap?.options, styles: [style], defects });
      const report = await readBack(files[0]!);
      const rules = new Set(report.findings.map((f) => f.rule));
      // Recall per defect: each injected defect's rule is among the findings (run-together aside, where
      // a broken row may be undecidable).
      for (const d of truth.defects)
        if (d.rule && style !== 'run-together')
          expect(rules, `${style} seed ${seed}: ${d.rule}`).toContain(d.rule);
      seen.formats.add(truth.format);
      for (const d of truth.defects) {
        seen.defects.add(d.kind);
        if (d.rule) seen.rules.add(d.rule);
      }
      reports++;
    }
    expect([...seen.formats].sort()).toEqual(['2019', '2021']);
    expect([...seen.defects].sort()).toEqual([...DEFECT_KINDS].sort());
    expect([...seen.rules].sort()).toEqual(
      [
        'cell-blank',
        'format-year',
        't3-balance',
        't3-total-column',
        't3-total-row',
        't4-total',
        'table-missing',
      ].sort(),
    );
  });
});
