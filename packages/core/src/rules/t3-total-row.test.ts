import { describe, expect, it } from 'vitest';
import { t3TotalRow } from './t3-total-row.js';
import { adjust, buildReport, run, setBlank, setValue, validReports } from './test-helpers.js';

describe('t3-total-row', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(t3TotalRow, report, previous)).toEqual([]);
  });

  it('flags a printed 三（七）总计 that is not the sum of the results', () => {
    const report = buildReport();
    setValue(report, 'T3.total.naturalPerson', 87);
    const findings = run(t3TotalRow, report);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      rule: 't3-total-row',
      severity: 'error',
      message: '三（七）总计 · 自然人 印为 87，各办理结果之和为 90',
      expected: 90,
      actual: 87,
    });
    // The total first, then the 21 leaf result rows of the 2021 layout, （六） as three rows.
    expect(finding!.keys).toHaveLength(22);
    expect(finding!.keys[0]).toBe('T3.total.naturalPerson');
    expect(finding!.keys).toContain('T3.otherHandling.feeUnpaid.naturalPerson');
    expect(finding!.keys).not.toContain('T3.newReceived.naturalPerson');
  });

  it('flags the column of a wrong leaf', () => {
    const report = buildReport();
    adjust(report, 'T3.denied.stateSecret.commercial', 1);
    expect(run(t3TotalRow, report).map((f) => [f.keys[0], f.expected, f.actual])).toEqual([
      ['T3.total.commercial', 22, 21],
    ]);
  });

  it('adds the single （六）其他处理 row of the 2019 layout', () => {
    const report = buildReport({ format: '2019' });
    adjust(report, 'T3.otherHandling.naturalPerson', 2);
    const findings = run(t3TotalRow, report);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.keys).toHaveLength(20);
    expect(findings[0]!.keys).toContain('T3.otherHandling.naturalPerson');
    expect(findings[0]).toMatchObject({ expected: 83, actual: 81 });
  });

  it('reads a 2021-format report with a single （六） row as such', () => {
    const report = buildReport({ format: '2021', variant: 'single' });
    adjust(report, 'T3.otherHandling.research', 1);
    expect(run(t3TotalRow, report).map((f) => f.keys[0])).toEqual(['T3.total.research']);
  });

  it('stays silent when a leaf is blank', () => {
    const report = buildReport();
    setBlank(report, 'T3.granted.commercial');
    setValue(report, 'T3.total.commercial', 5);
    expect(run(t3TotalRow, report)).toEqual([]);
  });
});
