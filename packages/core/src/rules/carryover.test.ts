import { describe, expect, it } from 'vitest';
import { carryover } from './carryover.js';
import { adjust, buildReport, previousFor, run, setBlank, validReports } from './test-helpers.js';

describe('carryover', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(carryover, report, previous)).toEqual([]);
  });

  it('flags a column whose 上年结转 differs from last year’s 结转下年度', () => {
    const report = buildReport({ year: 2022 });
    const previous = previousFor(report);
    adjust(previous, 'T3.carriedForward.naturalPerson', 1);
    adjust(previous, 'T3.carriedForward.total', 1);
    expect(run(carryover, report, previous)).toEqual([
      {
        rule: 'carryover',
        severity: 'warning',
        message:
          '二、上年结转政府信息公开申请数量 · 自然人 印为 4，而 2021 年度报告的 四、结转下年度继续办理 为 5',
        keys: ['T3.carriedOver.naturalPerson'],
        expected: 5,
        actual: 4,
      },
      expect.objectContaining({ keys: ['T3.carriedOver.total'], expected: 8, actual: 7 }),
    ]);
  });

  it('compares the 法人或其他组织小计 column when both years print it', () => {
    const report = buildReport({ orgSubtotal: true });
    const previous = previousFor(report, { orgSubtotal: true });
    expect(run(carryover, report, previous)).toEqual([]);
    adjust(report, 'T3.carriedOver.orgSubtotal', 2);
    expect(run(carryover, report, previous).map((f) => f.keys[0])).toEqual(['T3.carriedOver.orgSubtotal']);
  });

  it('says nothing without a comparable previous report', () => {
    const report = buildReport({ year: 2022, agency: '甲局' });
    const wrong = previousFor(report, { carriedForward: [9, 9, 9, 9, 9, 9] });
    // Sanity: the same previous report of the right year and agency would be flagged.
    expect(run(carryover, report, wrong)).toHaveLength(7);
    expect(run(carryover, report)).toEqual([]);
    expect(run(carryover, report, { ...wrong, agency: '乙局' })).toEqual([]);
    expect(run(carryover, report, { ...wrong, year: 2020 })).toEqual([]);
    expect(run(carryover, report, { ...wrong, year: 2022 })).toEqual([]);
    expect(run(carryover, { ...report, year: null }, wrong)).toEqual([]);
    // An unknown agency on either side does not stop the check.
    expect(run(carryover, report, { ...wrong, agency: null })).toHaveLength(7);
  });

  it('skips columns blank in either year', () => {
    const report = buildReport();
    const previous = previousFor(report, { carriedForward: [9, 9, 9, 9, 9, 9] });
    setBlank(report, 'T3.carriedOver.naturalPerson');
    setBlank(previous, 'T3.carriedForward.commercial');
    expect(run(carryover, report, previous).map((f) => f.keys[0])).toEqual([
      'T3.carriedOver.research',
      'T3.carriedOver.publicInterest',
      'T3.carriedOver.legalService',
      'T3.carriedOver.otherOrg',
      'T3.carriedOver.total',
    ]);
  });
});
