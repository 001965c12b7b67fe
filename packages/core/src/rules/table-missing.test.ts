import { describe, expect, it } from 'vitest';
import { tableMissing } from './table-missing.js';
import { buildReport, removeCell, run, setBlank, validReports } from './test-helpers.js';

describe('table-missing', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(tableMissing, report, previous)).toEqual([]);
  });

  it('flags a table none of whose cells is in the report', () => {
    const report = buildReport();
    for (const key of Object.keys(report.cells)) if (key.startsWith('T3.')) removeCell(report, key);
    expect(run(tableMissing, report)).toEqual([
      {
        rule: 'table-missing',
        severity: 'error',
        message: '缺少表格「三、收到和处理政府信息公开申请情况」（T3），报告未印出或无法读出该表的任何数值',
        keys: [],
      },
    ]);
  });

  it('flags a table whose cells all lack source text', () => {
    const report = buildReport({ format: '2019' });
    for (const key of Object.keys(report.cells)) {
      if (key.startsWith('T2.') || key.startsWith('T4.'))
        report.cells[key] = { value: null, raw: null, status: 'blank' };
    }
    expect(run(tableMissing, report).map((f) => f.message)).toEqual([
      expect.stringContaining('「二、主动公开政府信息情况」（T2）'),
      expect.stringContaining('「四、政府信息公开行政复议、行政诉讼情况」（T4）'),
    ]);
  });

  it('counts a printed blank, a single cell or an ambiguous cell as the table being there', () => {
    const report = buildReport();
    for (const key of Object.keys(report.cells)) if (key.startsWith('T2.')) setBlank(report, key); // raw ''
    for (const key of Object.keys(report.cells)) {
      if (key.startsWith('T3.') && key !== 'T3.total.total') removeCell(report, key);
    }
    for (const key of Object.keys(report.cells)) {
      if (key.startsWith('T4.')) report.cells[key] = { value: null, raw: null, status: 'blank' };
    }
    report.cells['T4.review.total'] = { value: null, raw: null, status: 'ambiguous', readings: [] };
    expect(run(tableMissing, report)).toEqual([]);
  });

  it('looks for the keys of the report’s format', () => {
    const report = buildReport({ format: '2019' });
    for (const key of Object.keys(report.cells)) if (key.startsWith('T2.')) removeCell(report, key);
    // 2021-format T2 keys do not make a 2019-format T2.
    report.cells['T2.regulations.issued'] = { value: 1, raw: '1', status: 'ok' };
    expect(run(tableMissing, report).map((f) => f.message)).toEqual([expect.stringContaining('（T2）')]);
  });

  it('says nothing on legacy reports, and one error when no format was recognised at all', () => {
    expect(run(tableMissing, buildReport({ format: 'legacy' }))).toEqual([]);
    const unknown = run(tableMissing, buildReport({ format: 'unknown' }));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ rule: 'table-missing', severity: 'error', keys: [] });
  });
});
