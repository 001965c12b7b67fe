import { describe, expect, it } from 'vitest';
import { cellValue } from './cell-value.js';
import { buildReport, run, setAmbiguous, setBlank, setValue, validReports } from './test-helpers.js';

describe('cell-value', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(cellValue, report, previous)).toEqual([]);
  });

  it('flags a negative count', () => {
    const report = buildReport();
    setValue(report, 'T3.granted.naturalPerson', -2);
    expect(run(cellValue, report)).toEqual([
      {
        rule: 'cell-value',
        severity: 'error',
        message: '三（一）予以公开 · 自然人 印为 -2，件数不能为负数',
        keys: ['T3.granted.naturalPerson'],
        actual: -2,
      },
    ]);
  });

  it('flags a fractional count, quoting the source text when it differs', () => {
    const report = buildReport();
    setValue(report, 'T4.review.pending', 2.5, '２.５');
    setValue(report, 'T2.licensing.decisions', 1.5);
    expect(run(cellValue, report).map((f) => f.message)).toEqual([
      '行政许可 · 本年处理决定数量 印为 1.5，件数应为整数',
      '行政复议 · 尚未审结 印为 2.5（原文「２.５」），件数应为整数',
    ]);
  });

  it('lets 本年增/减 be negative but not fractional', () => {
    const report = buildReport({ format: '2019' });
    setValue(report, 'T2.licensing.change', -30);
    expect(run(cellValue, report)).toEqual([]);
    setValue(report, 'T2.fees.change', 0.5);
    expect(run(cellValue, report).map((f) => [f.keys[0], f.message])).toEqual([
      ['T2.fees.change', '行政事业性收费 · 本年增/减 印为 0.5，增减数应为整数'],
    ]);
  });

  it('accepts decimal amounts and flags negative or non-finite ones', () => {
    const report = buildReport({ format: '2019' });
    setValue(report, 'T2.procurement.amount', 25.1);
    expect(run(cellValue, report)).toEqual([]);
    setValue(report, 'T2.procurement.amount', -25.1);
    expect(run(cellValue, report).map((f) => f.message)).toEqual([
      '政府集中采购 · 采购总金额 印为 -25.1，金额不能为负数',
    ]);

    const modern = buildReport();
    setValue(modern, 'T2.fees.amount', Number.NaN, '96171.6.2');
    expect(run(cellValue, modern)).toEqual([
      expect.objectContaining({
        keys: ['T2.fees.amount'],
        actual: null,
        message: expect.stringContaining('不是有效数字'),
      }),
    ]);
  });

  it('checks an 法人或其他组织小计 cell as a count', () => {
    const report = buildReport({ orgSubtotal: true });
    setValue(report, 'T3.total.orgSubtotal', -1);
    expect(run(cellValue, report).map((f) => f.keys)).toEqual([['T3.total.orgSubtotal']]);
  });

  it('leaves blank, ambiguous and unknown cells alone', () => {
    const report = buildReport();
    setBlank(report, 'T3.granted.naturalPerson');
    setAmbiguous(report, 'T3.granted.commercial');
    report.cells['T9.extra.row'] = { value: -1.5, raw: '-1.5', status: 'ok' };
    expect(run(cellValue, report)).toEqual([]);
  });
});
