import { describe, expect, it } from 'vitest';
import { t4Total } from './t4-total.js';
import { buildReport, run, setBlank, setValue, validReports } from './test-helpers.js';

describe('t4-total', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(t4Total, report, previous)).toEqual([]);
  });

  it('flags totals printed 0 beside non-zero results (as in 淮安市洪泽区 2023)', () => {
    const report = buildReport();
    for (const [key, value] of Object.entries({
      'T4.review.upheld': 10,
      'T4.review.corrected': 1,
      'T4.review.other': 0,
      'T4.review.pending': 0,
      'T4.review.total': 0,
      'T4.litigationAfterReview.upheld': 5,
    })) {
      setValue(report, key, value);
    }
    const findings = run(t4Total, report);
    expect(findings).toEqual([
      {
        rule: 't4-total',
        severity: 'error',
        message: '行政复议 · 总计 印为 0，结果维持、结果纠正、其他结果、尚未审结之和为 11',
        keys: [
          'T4.review.total',
          'T4.review.upheld',
          'T4.review.corrected',
          'T4.review.other',
          'T4.review.pending',
        ],
        expected: 11,
        actual: 0,
      },
      expect.objectContaining({
        message: '行政诉讼·复议后起诉 · 总计 印为 0，结果维持、结果纠正、其他结果、尚未审结之和为 5',
        keys: expect.arrayContaining(['T4.litigationAfterReview.total']),
        expected: 5,
        actual: 0,
      }),
    ]);
  });

  it('flags 未经复议直接起诉 with a total larger than its parts', () => {
    const report = buildReport({ format: '2019' });
    setValue(report, 'T4.litigationDirect.total', 3);
    expect(run(t4Total, report).map((f) => [f.keys[0], f.expected, f.actual])).toEqual([
      ['T4.litigationDirect.total', 2, 3],
    ]);
  });

  it('stays silent when a part is blank (as in 上海市人民政府办公厅 2019)', () => {
    const report = buildReport();
    setValue(report, 'T4.review.upheld', 5);
    setBlank(report, 'T4.review.corrected');
    setBlank(report, 'T4.review.other');
    setValue(report, 'T4.review.pending', 2);
    setValue(report, 'T4.review.total', 8);
    expect(run(t4Total, report)).toEqual([]);
  });
});
