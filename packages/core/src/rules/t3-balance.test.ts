import { describe, expect, it } from 'vitest';
import { t3Balance } from './t3-balance.js';
import { adjust, buildReport, run, setAmbiguous, setBlank, validReports } from './test-helpers.js';

describe('t3-balance', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(t3Balance, report, previous)).toEqual([]);
  });

  it('flags each column where 一 + 二 ≠ 三（七） + 四', () => {
    const report = buildReport();
    // 自然人: 92 + 4 ≠ 90 + 3; the 总计 column moves with it, so it is off as well.
    adjust(report, 'T3.newReceived.naturalPerson', 3);
    adjust(report, 'T3.newReceived.total', 3);
    const findings = run(t3Balance, report);
    expect(findings.map((f) => f.keys[0])).toEqual(['T3.total.naturalPerson', 'T3.total.total']);
    expect(findings[0]).toEqual({
      rule: 't3-balance',
      severity: 'error',
      message:
        '自然人 列不平衡：一、本年新收政府信息公开申请数量 92 + 二、上年结转政府信息公开申请数量 4 = 96，' +
        '而 三（七）总计 90 + 四、结转下年度继续办理 3 = 93（第一项加第二项之和应等于第三项加第四项之和；按此 三（七）总计 应为 93）',
      keys: [
        'T3.total.naturalPerson',
        'T3.newReceived.naturalPerson',
        'T3.carriedOver.naturalPerson',
        'T3.carriedForward.naturalPerson',
      ],
      expected: 93,
      actual: 90,
    });
    expect(findings[1]).toMatchObject({ expected: 198, actual: 195 });
  });

  it('flags a column where only 四、结转下年度 is off', () => {
    const report = buildReport({ format: '2019' });
    adjust(report, 'T3.carriedForward.research', 2);
    const findings = run(t3Balance, report);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      keys: expect.arrayContaining(['T3.carriedForward.research']),
      actual: 20,
      expected: 18,
    });
    expect(findings[0]!.message).toMatch(/^科研机构 列不平衡/);
  });

  it('checks an 法人或其他组织小计 column too', () => {
    const report = buildReport({ orgSubtotal: true });
    adjust(report, 'T3.carriedOver.orgSubtotal', 1);
    const findings = run(t3Balance, report);
    expect(findings.map((f) => f.keys[0])).toEqual(['T3.total.orgSubtotal']);
    expect(findings[0]!.message).toMatch(/^法人或其他组织小计 列不平衡/);
  });

  it('stays silent when a blank, placeholder or ambiguous cell stops the identity', () => {
    const report = buildReport();
    adjust(report, 'T3.newReceived.naturalPerson', 3);
    adjust(report, 'T3.newReceived.commercial', 3);
    adjust(report, 'T3.newReceived.research', 3);
    setBlank(report, 'T3.carriedOver.naturalPerson');
    setBlank(report, 'T3.carriedForward.commercial', 'placeholder');
    setAmbiguous(report, 'T3.total.research');
    expect(run(t3Balance, report).map((f) => f.keys[0])).toEqual([]);
  });
});
