import { describe, expect, it } from 'vitest';
import {
  doc,
  h,
  p,
  report2021,
  SECTION_TEXT,
  T3_LABELS_2021,
  t3Table2021,
  t3Values,
  t4Table,
  table,
} from '../../test/build.js';
import { formatKeys } from '../layouts.js';
import { reportSchema } from '../schema.js';
import { normalize } from './index.js';

const value = (report: ReturnType<typeof normalize>, key: string) => report.cells[key]?.value;

describe('normalize: a clean 2021 report', () => {
  const report = normalize(report2021(), { check: false });

  it('reads metadata, format and the six headings', () => {
    expect(report.agency).toBe('某某区人民政府');
    expect(report.year).toBe(2023);
    expect(report.format).toBe('2021');
    expect(Object.values(report.source.headings).every((h) => h !== null)).toBe(true);
    expect(report.sections.overview).toBe('2023年，我区扎实推进政务公开。');
    expect(report.sections.problems).toBe('政策解读形式还不够丰富。');
    expect(report.sections.other).toBe('本年度未收取信息处理费。');
  });

  it('has every key of the format with the printed values', () => {
    expect(Object.keys(report.cells).sort()).toEqual(formatKeys('2021').sort());
    expect(value(report, 'T2.normativeDocuments.inForce')).toBe(20);
    expect(value(report, 'T2.licensing.decisions')).toBe(1200);
    expect(value(report, 'T2.fees.amount')).toBe(12.5);
    expect(value(report, 'T3.newReceived.total')).toBe(10);
    expect(value(report, 'T3.granted.commercial')).toBe(2);
    expect(value(report, 'T3.carriedForward.naturalPerson')).toBe(2);
    expect(value(report, 'T4.review.total')).toBe(2);
    expect(value(report, 'T4.litigationAfterReview.upheld')).toBe(1);
    expect(report.cells['T2.licensing.decisions']!.raw).toBe('1,200');
  });

  it('matches the zod schema and traces cells to their source', () => {
    expect(() => reportSchema.parse(report)).not.toThrow();
    expect(report.source.cells['T3.granted.naturalPerson']).toMatchObject({ table: 1 });
  });
});

describe('normalize: what real reports do (format.md §7)', () => {
  it('reads a header split into its own table', () => {
    const full = t3Table2021();
    const header = { ...full, rows: full.rows.slice(0, 3) };
    const body = { ...full, rows: full.rows.slice(3) };
    const report = normalize(report2021({ t3: header }), { check: false });
    const split = normalize(
      doc(...report2021().blocks.flatMap((b) => (b === report2021().blocks[7] ? [header, body] : [b]))),
      { check: false },
    );
    expect(value(report, 'T3.newReceived.total')).toBeUndefined();
    expect(value(split, 'T3.newReceived.total')).toBe(10);
    expect(value(split, 'T3.total.total')).toBe(8);
  });

  it('maps by the order of owner cells when header and body colspans disagree', () => {
    const t2 = table([
      [{ text: '第二十条第（五）项', colSpan: 5 }],
      ['信息内容', '上一年项目数量', { text: '本年增/减', colSpan: 2 }, '处理决定数量'],
      ['行政许可', { text: '3', colSpan: 2 }, '-1', '40'],
      ['其他对外管理服务事项', { text: '0', colSpan: 2 }, '0', '0'],
      ['政府集中采购', { text: '6', colSpan: 2 }, { text: '251000元', colSpan: 2 }],
    ]);
    const report = normalize(
      doc(h('某某局2019年政府信息公开工作年度报告'), h(SECTION_TEXT.proactive), t2, h(SECTION_TEXT.requests)),
      { check: false },
    );
    expect(report.format).toBe('2019');
    expect(value(report, 'T2.licensing.previousYear')).toBe(3);
    expect(value(report, 'T2.licensing.change')).toBe(-1);
    expect(value(report, 'T2.licensing.decisions')).toBe(40);
    expect(report.cells['T2.procurement.amount']).toMatchObject({
      value: 25.1,
      raw: '251000元',
      status: 'unit',
      unit: '元',
    });
  });

  it('keeps blanks as null and reports a derivable total beside it, never in place of it', () => {
    const values = t3Values();
    const blankTotal = values.map((row) => row.map(String));
    blankTotal[2]![6] = '';
    const t3 = t3Table2021(values);
    t3.rows[5]![9] = { ...t3.rows[5]![9]!, text: '' };
    const report = normalize(report2021({ t3 }), { check: false });
    expect(report.cells['T3.granted.total']).toMatchObject({ value: null, raw: '', status: 'blank' });
    expect(report.cells['T3.granted.total']!.inferred).toMatchObject({ value: 8 });
  });

  it('reports a derivable T4 total beside its blank, whichever variant T3 has', () => {
    const t4 = t4Table([1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 3, 1, 0, 2, 6]);
    t4.rows[3]![14] = { ...t4.rows[3]![14]!, text: '' };
    const labels = T3_LABELS_2021.filter((l) => !/申请人|^3\.其他$/.test(l));
    labels.splice(labels.indexOf('（七）总计'), 0, '（六）其他处理');
    const singleT3 = table(labels.map((label) => [label, '0', '0', '0', '0', '0', '0', '0']));
    for (const report of [
      normalize(report2021({ t4 }), { check: false }),
      normalize(report2021({ t4, t3: singleT3 }), { check: false }),
    ]) {
      expect(report.cells['T4.litigationAfterReview.total']).toMatchObject({ value: null, status: 'blank' });
      expect(report.cells['T4.litigationAfterReview.total']!.inferred).toMatchObject({ value: 6 });
      expect(report.cells['T4.review.total']!.inferred).toBeUndefined();
    }
    expect(
      normalize(report2021({ t4, t3: singleT3 }), { check: false }).cells['T3.otherHandling.total'],
    ).toBeDefined();
  });

  it('recovers a row that lost one cell only when the identities leave one reading', () => {
    const values = t3Values();
    const t3 = t3Table2021(values, 'unreliable');
    // 予以公开 prints 5 2 0 0 1 _ 8 with the 其他 cell lost: the row identity fixes it.
    t3.rows[5] = t3.rows[5]!.filter((_, c) => c !== 8);
    // 新收 prints 7 2 1 10 (three cells lost): no unique reading.
    t3.rows[3] = [
      t3.rows[3]![0]!,
      t3.rows[3]![1]!,
      t3.rows[3]![2]!,
      ...[7, 2, 1, 10].map((v) => ({ text: String(v), rowSpan: 1, colSpan: 1, position: {} })),
    ];
    const report = normalize(report2021({ t3 }), { check: false });
    expect(report.cells['T3.granted.otherOrg']).toMatchObject({ value: 0, status: 'inferred' });
    expect(value(report, 'T3.granted.total')).toBe(8);
    expect(report.cells['T3.newReceived.naturalPerson']!.status).toBe('ambiguous');
    expect(report.cells['T3.newReceived.naturalPerson']!.value).toBeNull();
    expect(report.source.diagnostics.some((d) => d.code === 'row-ambiguous')).toBe(true);
  });

  it('reads an extra 法人或其他组织小计 column as orgSubtotal', () => {
    const header = [
      [
        { text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）' },
        '自然人',
        '商业企业',
        '科研机构',
        '社会公益组织',
        '法律服务机构',
        '其他',
        '法人或其他组织小计',
        '总计',
      ],
    ];
    const rows = T3_LABELS_2021.map((label, i) => {
      const v = t3Values()[i]!;
      return [
        label,
        ...v.slice(0, 6).map(String),
        String(v[1]! + v[2]! + v[3]! + v[4]! + v[5]!),
        String(v[6]),
      ];
    });
    const report = normalize(report2021({ t3: table([...header, ...rows]) }), { check: false });
    expect(value(report, 'T3.newReceived.orgSubtotal')).toBe(3);
    expect(value(report, 'T3.newReceived.total')).toBe(10);
    expect(report.source.diagnostics.some((d) => d.code === 't3-subtotal-column')).toBe(true);
  });

  it('keeps an extra non-standard row out of the cells, as a diagnostic', () => {
    const t2 = table([
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '0', '0', '3'],
      ['其他主动公开文件', '56', '45', '7'],
      ['行政规范性文件', '4', '1', '20'],
    ]);
    const report = normalize(report2021({ t2 }), { check: false });
    expect(value(report, 'T2.regulations.inForce')).toBe(3);
    expect(value(report, 'T2.normativeDocuments.issued')).toBe(4);
    expect(report.source.diagnostics.find((d) => d.code === 'row-unrecognised')?.message).toContain(
      '其他主动公开文件',
    );
  });

  it('names the first 50 rows that are not template rows and counts the rest in one diagnostic', () => {
    const extra = Array.from({ length: 120 }, (_, i) => [`附表行${i}`, '1', '2', '3']);
    const t2 = table([
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '0', '0', '3'],
      ...extra,
      ['行政规范性文件', '4', '1', '20'],
    ]);
    const report = normalize(report2021({ t2 }), { check: false });
    expect(value(report, 'T2.normativeDocuments.issued')).toBe(4);
    const stray = report.source.diagnostics.filter((d) => d.code === 'row-unrecognised');
    expect(stray).toHaveLength(51);
    expect(stray[0]?.message).toContain('附表行0');
    expect(stray[49]?.message).toContain('附表行49');
    expect(stray[50]?.message).toBe(
      'T2: 70 more rows are not rows of the template; their values are not read',
    );
  });

  it('joins a table split across pages', () => {
    const full = t3Table2021();
    const first = { ...full, rows: full.rows.slice(0, 12) };
    const second = { ...full, rows: full.rows.slice(12) };
    const blocks = report2021().blocks.flatMap((b, i) => (i === 7 ? [first, p('- 4 -'), second] : [b]));
    const report = normalize(doc(...blocks), { check: false });
    expect(value(report, 'T3.total.total')).toBe(8);
    expect(value(report, 'T3.carriedForward.total')).toBe(2);
  });

  it('splits a run of digits only where the identities admit one reading', () => {
    const runs: Record<number, string> = {
      0: '713020177',
      2: '270020130',
      3: '1000001',
      23: '280020131',
      24: '433000046',
    };
    const text = [
      '某某区2021年政府信息公开工作年度报告',
      `${SECTION_TEXT.requests}（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）`,
      ...T3_LABELS_2021.map((label, i) => `${label}${runs[i] ?? '0000000'}`),
      SECTION_TEXT.reviews,
    ].join('');
    const report = normalize(doc(p(text)), { check: false });
    expect(report.cells['T3.newReceived.naturalPerson']).toMatchObject({
      value: 71,
      raw: '71',
      status: 'inferred',
    });
    expect(value(report, 'T3.newReceived.commercial')).toBe(3);
    expect(value(report, 'T3.newReceived.total')).toBe(77);
    // 270020130 reads as 27,0,0,2,0,1,30 or 2,7,0,0,20,1,30 — the column total 28,0,0,2,0,1,31 picks the first.
    expect(value(report, 'T3.granted.naturalPerson')).toBe(27);
    expect(value(report, 'T3.granted.publicInterest')).toBe(2);
  });

  it('reads a 2021 report whose (六) is a single row', () => {
    const labels = T3_LABELS_2021.filter((l) => !/申请人|^3\.其他$/.test(l));
    labels.splice(labels.indexOf('（七）总计'), 0, '（六）其他处理');
    const rows = labels.map((label) => [label, '0', '0', '0', '0', '0', '0', '0']);
    const report = normalize(report2021({ t3: table(rows) }), { check: false });
    expect(report.format).toBe('2021');
    expect(value(report, 'T3.otherHandling.total')).toBe(0);
    expect(report.cells['T3.otherHandling.noCorrection.total']).toBeUndefined();
  });

  it('gives a legacy report metadata and text but no cells', () => {
    const report = normalize(
      doc(
        p('某某市2012年政府信息公开工作年度报告'),
        p('一、概述'),
        p('政府信息公开情况统计表 统计指标 单位 统计数'),
      ),
      { check: false },
    );
    expect(report.format).toBe('legacy');
    expect(report.year).toBe(2012);
    expect(report.agency).toBe('某某市');
    expect(report.cells).toEqual({});
  });

  it('never throws on a document with no text', () => {
    const report = normalize(doc(), { check: false });
    expect(report.format).toBe('unknown');
    expect(report.source.diagnostics.map((d) => d.code)).toContain('title-not-found');
  });

  it('reads T4 values from a table whose blanks mean zero, keeping them null', () => {
    const t4 = t4Table();
    t4.rows[3] = t4.rows[3]!.map((cell, c) => (c === 1 ? { ...cell, text: '' } : cell));
    const report = normalize(report2021({ t4 }), { check: false });
    expect(report.cells['T4.review.corrected']).toMatchObject({ value: null, status: 'blank' });
    expect(value(report, 'T4.review.total')).toBe(2);
  });

  it('reads a flat sheet: empty label columns and T4 groups on labelled rows', () => {
    const values = t3Values();
    const rows = T3_LABELS_2021.map((label, i) => [label, '', '', ...values[i]!.map(String)]);
    const t4 = table([
      ['', '', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
      ['行政复议', '', '1', '', '', '1', '2'],
      ['行政诉讼', '未经复议直接起诉', '0', '0', '0', '0', '0'],
      ['行政诉讼', '复议后起诉', '1', '0', '0', '0', '1'],
    ]);
    const report = normalize(report2021({ t3: table(rows), t4 }), { check: false });
    expect(value(report, 'T3.newReceived.naturalPerson')).toBe(7);
    expect(value(report, 'T3.total.total')).toBe(8);
    expect(report.cells['T4.review.corrected']).toMatchObject({ value: null, status: 'blank' });
    expect(value(report, 'T4.review.total')).toBe(2);
    expect(value(report, 'T4.litigationAfterReview.upheld')).toBe(1);
  });
});
