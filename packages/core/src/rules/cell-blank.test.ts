import { describe, expect, it } from 'vitest';
import { cellBlank } from './cell-blank.js';
import { buildReport, removeCell, run, setAmbiguous, setBlank, validReports } from './test-helpers.js';

const HOLDS = '按 0 计算则勾稽关系成立';
const FAILS = '按 0 计算勾稽关系仍不成立';

describe('cell-blank', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(cellBlank, report, previous)).toEqual([]);
  });

  it('flags a blank zero and says the table balances with it as 0', () => {
    const report = buildReport();
    setBlank(report, 'T3.granted.naturalPerson'); // printed 0
    expect(run(cellBlank, report)).toEqual([
      {
        rule: 'cell-blank',
        severity: 'warning',
        message: `三（一）予以公开：自然人 为空；${HOLDS}`,
        keys: ['T3.granted.naturalPerson'],
      },
    ]);
  });

  it('says when reading a blank as 0 still leaves an identity broken', () => {
    const report = buildReport();
    setBlank(report, 'T3.partiallyGranted.naturalPerson', 'placeholder'); // printed 3
    const findings = run(cellBlank, report);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe(
      `三（二）部分公开（区分处理的，只计这一情形，不计其他情形）：自然人 为空；${FAILS}`,
    );
  });

  it('groups the blanks of a row into one finding, in column order, absent cells included', () => {
    const report = buildReport({ format: '2019' });
    // 三（三）不予公开 1.属于国家秘密: 6 0 1 2 0 1 | 10
    removeCell(report, 'T3.denied.stateSecret.total');
    setBlank(report, 'T3.denied.stateSecret.commercial');
    setBlank(report, 'T4.review.other'); // printed 0
    const findings = run(cellBlank, report);
    expect(findings.map((f) => [f.keys, f.message])).toEqual([
      [
        ['T3.denied.stateSecret.commercial', 'T3.denied.stateSecret.total'],
        // The blank total read as 0 breaks the row and the 总计 column.
        `三（三）不予公开 1.属于国家秘密：商业企业、总计 为空；${FAILS}`,
      ],
      [['T4.review.other'], `行政复议：其他结果 为空；${HOLDS}`],
    ]);
  });

  it('says so when the blanks are in no identity (T2)', () => {
    const report = buildReport();
    setBlank(report, 'T2.regulations.repealed');
    setBlank(report, 'T2.regulations.inForce');
    expect(run(cellBlank, report).map((f) => f.message)).toEqual([
      '规章：本年废止件数、现行有效件数 为空；不涉及勾稽关系',
    ]);
  });

  it('uses the labels of the report’s format', () => {
    const report = buildReport({ format: '2019' });
    setBlank(report, 'T2.normativeDocuments.newlyMade');
    setBlank(report, 'T2.procurement.amount');
    expect(run(cellBlank, report).map((f) => f.message)).toEqual([
      '规范性文件：本年新制作数量 为空；不涉及勾稽关系',
      '政府集中采购：采购总金额 为空；不涉及勾稽关系',
    ]);
  });

  it('does not call an ambiguous cell blank, and cannot decide an identity that needs one', () => {
    const report = buildReport();
    setAmbiguous(report, 'T3.total.naturalPerson');
    expect(run(cellBlank, report)).toEqual([]);
    setBlank(report, 'T3.granted.naturalPerson');
    expect(run(cellBlank, report).map((f) => f.message)).toEqual([
      '三（一）予以公开：自然人 为空；涉及读数不确定的单元格，按 0 计算也无法判断勾稽关系',
    ]);
  });

  it('requires the 法人或其他组织小计 column where the report prints it', () => {
    const report = buildReport({ orgSubtotal: true });
    removeCell(report, 'T3.carriedForward.orgSubtotal');
    expect(run(cellBlank, report).map((f) => [f.keys, f.message])).toEqual([
      [['T3.carriedForward.orgSubtotal'], `四、结转下年度继续办理：法人或其他组织小计 为空；${FAILS}`],
    ]);
  });

  it('leaves a missing table to table-missing', () => {
    const report = buildReport();
    for (const key of Object.keys(report.cells)) if (key.startsWith('T4.')) removeCell(report, key);
    for (const key of Object.keys(report.cells)) {
      if (key.startsWith('T2.')) report.cells[key] = { value: null, raw: null, status: 'blank' };
    }
    expect(run(cellBlank, report)).toEqual([]);
    // A table printed with every cell empty is there: its blanks are reported row by row.
    for (const key of Object.keys(report.cells)) if (key.startsWith('T2.')) setBlank(report, key);
    expect(run(cellBlank, report).map((f) => f.keys[0])).toEqual([
      'T2.regulations.issued',
      'T2.normativeDocuments.issued',
      'T2.licensing.decisions',
      'T2.punishment.decisions',
      'T2.coercion.decisions',
      'T2.fees.amount',
    ]);
  });

  it('does not change the report', () => {
    const report = buildReport();
    setBlank(report, 'T3.granted.naturalPerson');
    removeCell(report, 'T3.granted.total');
    const before = structuredClone(report);
    expect(run(cellBlank, report)).toHaveLength(1);
    expect(report).toEqual(before);
  });
});
