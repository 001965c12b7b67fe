/**
 * Property tests on the synthetic corpus: for every rendering style, a generated report read back with
 * its adapter and normalized gives the truth — agency, year, format, every cell's value and status — and
 * the rules report exactly the injected defects (no finding missing, none extra: precision and recall
 * 100 %). Runs are bounded (RUNS per style) and seeded, so CI is fast and repeatable; set
 * XXGK_FC_SEED=<n> (or `random`) and XXGK_FC_RUNS=<n> to explore further.
 *
 * A shape the reader does not handle yet goes into KNOWN_GAPS, with its failing case in gaps.test.ts,
 * until that passes.
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
 * Shapes excluded from the runs, per style, until the reader handles them (each with its failing case in
 * gaps.test.ts). None today.
 */
const KNOWN_GAPS: Partial<Record<Style, { defects?: DefectKind[]; options?: GenerateOptions }>> = {};

/**
 * The one shape the reader gets wrong today, with its failing case in gaps.test.ts: aligned text
 * (pdftotext -layout) whose T4 row prints a blank cell and a group that does not add up. The row is one
 * value short, no header places its values (the generator splits T4's header over two blocks), and the
 * arithmetic prefers the reading that moves a value into the blank's column.
 */
const knownGap = (style: Style, defects: readonly { kind: DefectKind; cell?: string }[]) =>
  style === 'layout' &&
  defects.some((d) => d.kind === 'blank-total' && d.cell?.startsWith('T4.')) &&
  defects.some((d) => d.kind === 'arithmetic' && d.cell?.startsWith('T4.'));

/**
 * Text without cell boundaries cannot tell a blank cell from a lost one: six numbers for seven columns
 * read the same either way, and the real corpus has lost cells (川汇区 2021), so xxgk may fill the cell
 * in from the identities (status inferred) or leave the row ambiguous. Only that is allowed (verify.ts,
 * blanksMayBeLost).
 */
const NO_CELL_BOUNDARIES = new Set<Style>(['cells', 'layout']);

const layoutOptions = fc.record({
  valueLine: fc.constantFrom('top' as const, 'center' as const, 'after' as const),
  labelWidth: fc.integer({ min: 24, max: 34 }),
  valueWidth: fc.integer({ min: 0, max: 3 }),
});

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
          if (knownGap(style, truth.defects)) return;
          const file = files[0]!;
          const report = await readBack(file);
          const runTogether =
            style === 'run-together'
              ? generateReport(seed, { ...gap?.options?.report, defects: [...defects] })
              : undefined;
          const options = {
            ...(runTogether ? { runTogether } : {}),
            blanksMayBeLost: NO_CELL_BOUNDARIES.has(style),
          };
          expect(differences(file, truth, report, options)).toEqual([]);
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
      // a broken row may be undecidable, and a blank that reads like a lost 0 without cell boundaries).
      for (const d of truth.defects) {
        const undecidable =
          style === 'run-together' || (NO_CELL_BOUNDARIES.has(style) && d.kind === 'blank-total');
        if (d.rule && !undecidable) expect(rules, `${style} seed ${seed}: ${d.rule}`).toContain(d.rule);
      }
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
