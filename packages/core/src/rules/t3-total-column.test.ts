import { describe, expect, it } from 'vitest';
import { t3TotalColumn } from './t3-total-column.js';
import { buildReport, removeCell, run, setBlank, setValue, validReports } from './test-helpers.js';

describe('t3-total-column', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(t3TotalColumn, report, previous)).toEqual([]);
  });

  it('flags a row whose 总计 is not the sum of the six applicant columns', () => {
    const report = buildReport();
    setValue(report, 'T3.granted.total', 7);
    const findings = run(t3TotalColumn, report);
    expect(findings).toEqual([
      {
        rule: 't3-total-column',
        severity: 'error',
        message: '三（一）予以公开 · 总计 印为 7，六类申请人之和为 6',
        keys: [
          'T3.granted.total',
          'T3.granted.naturalPerson',
          'T3.granted.commercial',
          'T3.granted.research',
          'T3.granted.publicInterest',
          'T3.granted.legalService',
          'T3.granted.otherOrg',
        ],
        expected: 6,
        actual: 7,
      },
    ]);
  });

  it('names nested rows with their group', () => {
    const report = buildReport({ format: '2019' });
    setValue(report, 'T3.denied.stateSecret.naturalPerson', 7);
    setValue(report, 'T3.otherHandling.total', 0);
    expect(run(t3TotalColumn, report).map((f) => f.message)).toEqual([
      '三（三）不予公开 1.属于国家秘密 · 总计 印为 10，六类申请人之和为 11',
      '三（六）其他处理 · 总计 印为 0，六类申请人之和为 12',
    ]);
  });

  it('checks an 法人或其他组织小计 column against the five organisation columns', () => {
    const report = buildReport({ orgSubtotal: true });
    setValue(report, 'T3.granted.orgSubtotal', 5);
    const findings = run(t3TotalColumn, report);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      message:
        '三（一）予以公开 · 法人或其他组织小计 印为 5，商业企业、科研机构、社会公益组织、法律服务机构、其他之和为 6',
      keys: [
        'T3.granted.orgSubtotal',
        'T3.granted.commercial',
        'T3.granted.research',
        'T3.granted.publicInterest',
        'T3.granted.legalService',
        'T3.granted.otherOrg',
      ],
      expected: 6,
      actual: 5,
    });
  });

  it('stays silent when a cell of the row is blank or absent', () => {
    const report = buildReport();
    setValue(report, 'T3.granted.total', 70);
    setBlank(report, 'T3.granted.research');
    setValue(report, 'T3.partiallyGranted.total', 80);
    removeCell(report, 'T3.partiallyGranted.total');
    expect(run(t3TotalColumn, report)).toEqual([]);
  });
});
