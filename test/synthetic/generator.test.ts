/**
 * The generator itself: deterministic, values consistent with the templates' identities, defects that
 * produce exactly the findings the truth lists (checked against @xxgk/core's rules on the truth's own
 * cells, before any rendering), and a GBK encoder that round-trips.
 */
import {
  check,
  formatKeys,
  type Report,
  reportSchema,
  SCHEMA_VERSION,
  T4_LAYOUT,
  t3Layout,
  t3ResultRows,
} from '@xxgk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeGbk } from './gbk.js';
import {
  DEFECT_KINDS,
  generate,
  generateReport,
  Random,
  STYLE_NAMES,
  STYLES,
  type SyntheticReport,
} from './index.js';
import { cuts } from './runs.js';

const APPLICANTS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'];

/** The truth's cells as a report, as a perfect reader would return them. */
function asReport(r: SyntheticReport): Report {
  const cells: Report['cells'] = {};
  for (const [key, value] of Object.entries(r.cells)) {
    cells[key] =
      value === null
        ? { value: null, raw: '', status: 'blank' }
        : r.statuses[key] === 'unit'
          ? { value, raw: r.printed[key]!, status: 'unit', unit: '件' }
          : { value, raw: r.printed[key]!, status: 'ok' };
  }
  const found = { line: 1 };
  return {
    schemaVersion: SCHEMA_VERSION,
    agency: r.agency,
    year: r.year,
    format: r.format,
    title: r.title,
    sections: {
      overview: r.sections.overview.join(''),
      problems: r.sections.problems.join(''),
      other: r.sections.other.join(''),
    },
    cells,
    findings: [],
    source: {
      path: null,
      adapter: null,
      sha256: null,
      headings: {
        overview: found,
        proactive: found,
        requests: found,
        reviews: found,
        problems: found,
        other: found,
      },
      cells: {},
      diagnostics: [],
    },
  };
}

const id = (f: { rule: string | null; keys: readonly string[] }) =>
  `${f.rule} [${[...f.keys].sort().join(' ')}]`;

describe('generateReport', () => {
  it('is deterministic: the same seed gives the same report and the same bytes in every style', () => {
    for (const seed of [1, 99, 123456789]) {
      expect(generateReport(seed, { defects: DEFECT_KINDS })).toEqual(
        generateReport(seed, { defects: DEFECT_KINDS }),
      );
      for (const style of STYLE_NAMES) {
        const a = generate(seed, { styles: [style], defects: 'random' });
        const b = generate(seed, { styles: [style], defects: 'random' });
        expect(Buffer.from(a.files[0]!.bytes).equals(Buffer.from(b.files[0]!.bytes)), style).toBe(true);
        expect(a.truth).toEqual(b.truth);
      }
    }
    expect(generateReport(1).cells).not.toEqual(generateReport(2).cells);
  });

  it('holds every identity of the templates when no defect is injected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), (seed) => {
        const r = generateReport(seed);
        const v = (key: string) => r.cells[key] as number;
        expect(Object.keys(r.cells).sort()).toEqual(formatKeys(r.format, r.variant).sort());
        for (const [key, value] of Object.entries(r.cells)) {
          expect(value, key).not.toBeNull();
          if (!key.endsWith('.change')) expect(value, key).toBeGreaterThanOrEqual(0);
          if (!key.endsWith('.amount')) expect(Number.isInteger(value), key).toBe(true);
        }
        for (const c of [...APPLICANTS, 'total']) {
          expect(v(`T3.newReceived.${c}`) + v(`T3.carriedOver.${c}`)).toBe(
            v(`T3.total.${c}`) + v(`T3.carriedForward.${c}`),
          );
          expect(t3ResultRows(r.variant).reduce((n, row) => n + v(`T3.${row}.${c}`), 0)).toBe(
            v(`T3.total.${c}`),
          );
        }
        for (const row of t3Layout(r.variant).rows)
          expect(APPLICANTS.reduce((n, c) => n + v(`T3.${row.key}.${c}`), 0)).toBe(v(`T3.${row.key}.total`));
        for (const row of T4_LAYOUT.rows) {
          const parts = ['upheld', 'corrected', 'other', 'pending'].reduce(
            (n, c) => n + v(`T4.${row.key}.${c}`),
            0,
          );
          expect(parts).toBe(v(`T4.${row.key}.total`));
        }
        expect(r.defects).toEqual([]);
        expect(r.year <= 2020 ? '2019' : '2021').toBe(r.format);
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('draws realistic values: mostly zeros, natural persons first, both formats and T3 variants', () => {
    let zeros = 0;
    let cells = 0;
    const formats = new Set<string>();
    const variants = new Set<string>();
    let naturalFirst = 0;
    for (let seed = 0; seed < 300; seed++) {
      const r = generateReport(seed);
      formats.add(r.format);
      variants.add(`${r.format}/${r.variant}`);
      for (const [key, value] of Object.entries(r.cells)) {
        if (!key.startsWith('T3.')) continue;
        cells++;
        if (value === 0) zeros++;
      }
      const np = r.cells['T3.newReceived.naturalPerson']!;
      if (APPLICANTS.every((c) => np >= r.cells[`T3.newReceived.${c}`]!)) naturalFirst++;
    }
    expect(zeros / cells).toBeGreaterThan(0.6);
    expect(naturalFirst / 300).toBeGreaterThan(0.7);
    expect([...variants].sort()).toEqual(['2019/single', '2021/single', '2021/split']);
  });

  it('lists as defects exactly what @xxgk/core rules report on the truth itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.subarray([...DEFECT_KINDS]),
        (seed, defects) => {
          const r = generateReport(seed, { defects });
          const report = asReport(r);
          expect(reportSchema.safeParse(report).success).toBe(true);
          const expected = r.defects
            .filter((d) => d.rule !== null)
            .map(id)
            .sort();
          expect(check(report).map(id).sort()).toEqual(expected);
          for (const kind of defects)
            expect(
              r.defects.some((d) => d.kind === kind),
              kind,
            ).toBe(true);
        },
      ),
      { numRuns: 150, seed: 12 },
    );
  });

  it('injects each defect as described', () => {
    const offByOne = generateReport(5, { defects: ['arithmetic'] });
    const cell = offByOne.defects[0]!.cell!;
    expect(Math.abs(offByOne.cells[cell]! - generateReport(5).cells[cell]!)).toBe(1);
    expect(offByOne.defects[0]!.original).toBe(generateReport(5).cells[cell]);
    expect(
      offByOne.defects.every(
        (d) => d.kind === 'arithmetic' && d.keys[0] !== undefined && d.keys.includes(cell),
      ),
    ).toBe(true);

    const blank = generateReport(5, { defects: ['blank-total'] });
    expect(blank.defects).toEqual([
      {
        kind: 'blank-total',
        rule: 'cell-blank',
        keys: [blank.defects[0]!.cell],
        cell: blank.defects[0]!.cell,
        original: generateReport(5).cells[blank.defects[0]!.cell!],
      },
    ]);
    expect(blank.cells[blank.defects[0]!.cell!]).toBeNull();
    expect(blank.defects[0]!.cell).toMatch(/^T[34]\..*\.total$|^T3\.total\./);

    const missing = generateReport(5, { defects: ['missing-table'], missingTables: ['T4'] });
    expect(missing.missingTables).toEqual(['T4']);
    expect(Object.keys(missing.cells).some((k) => k.startsWith('T4.'))).toBe(false);
    expect(missing.defects).toEqual([{ kind: 'missing-table', rule: 'table-missing', keys: [] }]);

    const wrongYear = generateReport(5, { defects: ['format-year'] });
    expect(wrongYear.year <= 2020 ? '2019' : '2021').not.toBe(wrongYear.format);
    expect(wrongYear.defects).toEqual([{ kind: 'format-year', rule: 'format-year', keys: [] }]);

    const unit = generateReport(5, { defects: ['unit'] });
    const key = unit.defects[0]!.cell!;
    expect(unit.printed[key]).toBe(`${unit.cells[key]}件`);
    expect(unit.statuses[key]).toBe('unit');
    expect(unit.defects).toEqual([{ kind: 'unit', rule: null, keys: [key], cell: key }]);
  });
});

describe('generate', () => {
  it('names files by style and offers only the defects a style can carry', () => {
    for (const style of STYLE_NAMES) {
      const { files } = generate(3, { styles: [style] });
      expect(files[0]!.name).toBe(`${STYLES[style].folder}/r3.${STYLES[style].extension}`);
      expect(files[0]!.adapter).toBe(STYLES[style].adapter);
    }
    expect(() => generate(3, { styles: ['xlsx'], defects: ['missing-table'] })).toThrow(/cannot be rendered/);
    expect(() => generate(3, { styles: ['run-together'], defects: ['unit'] })).toThrow(/cannot be rendered/);
    const many = generate(3, { styles: ['markdown', 'word'] });
    expect(many.files.map((f) => f.name)).toEqual(['text/r3.markdown.md', 'html/r3.word.htm']);
  });

  it('renders Word pages in GBK and portal pages in UTF-8', () => {
    const word = generate(8, { styles: ['word'] }).files[0]!.bytes;
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(word)).toThrow();
    const text = new TextDecoder('gbk').decode(word);
    expect(text).toContain('charset=gb2312');
    expect(text).toContain(generate(8).truth.agency);
    const portal = new TextDecoder('utf-8', { fatal: true }).decode(
      generate(8, { styles: ['portal'] }).files[0]!.bytes,
    );
    expect(portal).toContain('<meta charset="utf-8">');
  });
});

describe('encodeGbk', () => {
  it('round-trips Chinese text, punctuation and ASCII through the GBK decoder', () => {
    const text =
      '一、总体情况（本列数据的勾稽关系为：第一项加第二项之和）“三安全一稳定”　ABC 123 &nbsp;〔2021〕';
    expect(new TextDecoder('gbk').decode(encodeGbk(text))).toBe(text);
    expect(encodeGbk('政')).toEqual(new Uint8Array([0xd5, 0xfe]));
  });

  it('refuses what GBK cannot hold', () => {
    expect(() => encodeGbk('😀')).toThrow(/GBK cannot encode/);
  });
});

describe('cuts (digits run together)', () => {
  it('finds every reading of a run, without leading zeros', () => {
    expect(cuts('640020470', 7, 7, (v) => v.slice(0, 6).reduce((a, b) => a + b, 0) === v[6])).toEqual([
      [64, 0, 0, 2, 0, 4, 70],
    ]);
    expect(cuts('000', 3)).toEqual([[0, 0, 0]]);
    expect(cuts('1402', 3)).toEqual([
      [1, 40, 2],
      [14, 0, 2],
    ]);
    expect(cuts('396-5181', 3)).toContainEqual([396, -5, 181]);
    expect(cuts('05', 1)).toEqual([]);
  });

  it('is seeded: Random gives the same sequence for the same seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const xs = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
  });
});
