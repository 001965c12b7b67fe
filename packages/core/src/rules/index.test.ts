import { describe, expect, it } from 'vitest';
import { T3_COLUMN_KEYS, T4_LAYOUT, t3Layout } from '../layouts.js';
import type { Report } from '../schema.js';
import { reportSchema } from '../schema.js';
import { check, rules } from './index.js';
import { buildReport, previousFor, setBlank, setValue, validReports } from './test-helpers.js';

/** The rule ids and severities of docs/schema.md, in order. */
const RULE_TABLE = [
  ['t3-balance', 'error'],
  ['t3-total-row', 'error'],
  ['t3-total-column', 'error'],
  ['t4-total', 'error'],
  ['cell-value', 'error'],
  ['cell-blank', 'warning'],
  ['table-missing', 'error'],
  ['section-missing', 'warning'],
  ['format-year', 'warning'],
  ['carryover', 'warning'],
  ['fee-unreported', 'info'],
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * 上海市人民政府办公厅 2019 (2019 format), T3 and T4 as printed: `null` is an empty (&nbsp;) cell. Many zero
 * cells are left blank, including the 总计 cells of 予以公开 and 部分公开 (corpus/gold, format.md D4).
 */
const SHANGHAI_2019_T3: Record<string, (number | null)[]> = {
  newReceived: [821, 35, null, null, 2, 1, 859],
  carriedOver: [18, null, null, null, null, null, 18],
  granted: [258, 12, null, null, 1, 1, null],
  partiallyGranted: [3, null, null, null, null, null, null],
  'denied.stateSecret': [14, null, null, null, null, null, null],
  'denied.prohibitedByLaw': [null, null, null, null, null, null, null],
  'denied.endangersSafety': [null, null, null, null, null, null, null],
  'denied.thirdPartyRights': [null, null, null, null, null, null, null],
  'denied.internalAffairs': [5, null, null, null, null, null, null],
  'denied.processInformation': [3, 1, null, null, null, null, null],
  'denied.enforcementFiles': [null, null, null, null, null, null, null],
  'denied.administrativeQuery': [10, 2, null, null, null, null, null],
  'unavailable.notHeld': [252, 12, null, null, 1, null, null],
  'unavailable.needsCreation': [44, 3, null, null, null, null, null],
  'unavailable.stillUnclear': [25, null, null, null, null, null, null],
  'notProcessed.petition': [148, 1, null, null, null, null, null],
  'notProcessed.duplicate': [5, 4, null, null, null, null, null],
  'notProcessed.publication': [null, null, null, null, null, null, null],
  'notProcessed.excessive': [null, null, null, null, null, null, null],
  'notProcessed.confirmation': [null, null, null, null, null, null, null],
  otherHandling: [null, null, null, null, null, null, null],
  total: [767, 35, null, null, 2, 1, 805],
  carriedForward: [72, null, null, null, null, null, 72],
};
const SHANGHAI_2019_T4: Record<string, (number | null)[]> = {
  review: [5, null, null, 2, 7],
  litigationDirect: [8, null, null, 1, 9],
  litigationAfterReview: [null, null, null, null, null],
};

function shanghai2019(): Report {
  const report = buildReport({ format: '2019', year: 2019, agency: '上海市人民政府办公厅' });
  const put = (key: string, value: number | null): void => {
    if (value === null) setBlank(report, key);
    else setValue(report, key, value);
  };
  for (const [row, values] of Object.entries(SHANGHAI_2019_T3)) {
    T3_COLUMN_KEYS.forEach((c, i) => {
      put(`T3.${row}.${c}`, values[i]!);
    });
  }
  for (const [row, values] of Object.entries(SHANGHAI_2019_T4)) {
    T4_LAYOUT.rows[0]!.columns.forEach((c, i) => {
      put(`T4.${row}.${c.key}`, values[i]!);
    });
  }
  report.cells['T2.procurement.amount'] = { value: 25.1, raw: '251000元', status: 'unit', unit: '元' };
  return report;
}

describe('rules registry', () => {
  it('has one rule per id of the schema, in order, with its severity', () => {
    expect(rules.map((r) => [r.id, r.severity])).toEqual(RULE_TABLE);
    for (const rule of rules) expect(rule.description.length).toBeGreaterThan(20);
  });

  it('gives findings the rule id and severity of the rule that made them', () => {
    const report = buildReport({ format: '2019', year: 2022, other: null });
    setValue(report, 'T3.total.total', 1);
    setValue(report, 'T3.granted.naturalPerson', -1);
    setValue(report, 'T4.review.total', 9);
    setBlank(report, 'T2.fees.change');
    report.source.headings.problems = null;
    const previous = previousFor(report, { carriedForward: [0, 0, 0, 0, 0, 0] });
    const findings = check(report, { previous });
    const ruleIds = new Set(findings.map((f) => f.rule));
    expect([...ruleIds]).toEqual([
      't3-balance',
      't3-total-row',
      't3-total-column',
      't4-total',
      'cell-value',
      'cell-blank',
      'section-missing',
      'format-year',
      'carryover',
    ]);
    const severity = new Map(RULE_TABLE as [string, string][]);
    for (const finding of findings) {
      expect(finding.severity).toBe(severity.get(finding.rule));
      expect(finding.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('check', () => {
  it.each(validReports())('finds nothing in a valid report: $name', ({ report, previous }) => {
    expect(reportSchema.safeParse(report).success).toBe(true);
    expect(check(report, previous ? { previous } : {})).toEqual([]);
  });

  it('every required cell of the test report is there, so the valid reports really are complete', () => {
    const report = buildReport({ format: '2021' });
    expect(Object.keys(report.cells)).toHaveLength(10 + 25 * 7 + 15);
    const single = buildReport({ format: '2019' });
    expect(Object.keys(single.cells)).toHaveLength(22 + t3Layout('single').rows.length * 7 + 15);
  });

  it('never changes the report', () => {
    const report = shanghai2019();
    setValue(report, 'T3.granted.naturalPerson', -1);
    const previous = previousFor(report, { carriedForward: [1, 2, 3, 4, 5, 6] });
    const before = structuredClone(report);
    deepFreeze(report);
    deepFreeze(previous);
    expect(check(report, { previous }).length).toBeGreaterThan(0);
    expect(report).toEqual(before);
  });

  it('runs only the rules asked for', () => {
    const report = buildReport();
    setValue(report, 'T3.total.naturalPerson', 1);
    setBlank(report, 'T2.fees.amount');
    expect(new Set(check(report).map((f) => f.rule))).toEqual(
      new Set(['t3-balance', 't3-total-row', 't3-total-column', 'cell-blank']),
    );
    expect(check(report, { only: ['t3-total-row', 'cell-blank'] }).map((f) => f.rule)).toEqual([
      't3-total-row',
      'cell-blank',
    ]);
  });

  it('reads 上海市人民政府办公厅 2019 as printed: blanks, not arithmetic errors', () => {
    const findings = check(shanghai2019());
    // Every identity with all its cells printed holds (821 + 18 = 767 + 72; 859 + 18 = 805 + 72;
    // the 自然人 results add up to 767): blanks stop the others, and cell-blank speaks.
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['cell-blank']));
    const byRow = new Map(findings.map((f) => [f.keys[0]!.split('.').slice(0, -1).join('.'), f]));
    // 258 + 12 + 1 + 1 = 272 beside a blank 总计: reading it as 0 does not help.
    expect(byRow.get('T3.granted')!.message).toBe(
      '三（一）予以公开：科研机构、社会公益组织、总计 为空；按 0 计算勾稽关系仍不成立',
    );
    // 821 + 35 + 2 + 1 = 859: the blanks of 一 are zeros.
    expect(byRow.get('T3.newReceived')!.message).toBe(
      '一、本年新收政府信息公开申请数量：科研机构、社会公益组织 为空；按 0 计算则勾稽关系成立',
    );
    expect(byRow.get('T4.review')!.message).toBe(
      '行政复议：结果纠正、其他结果 为空；按 0 计算则勾稽关系成立',
    );
    expect(byRow.get('T4.litigationAfterReview')!.keys).toHaveLength(5);
    // One finding per row with blanks: all 23 T3 rows have some, and the three T4 rows.
    expect(findings).toHaveLength(23 + 3);
  });
});
