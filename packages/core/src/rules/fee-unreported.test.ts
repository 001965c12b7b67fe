import { describe, expect, it } from 'vitest';
import { feeUnreported, mentionsFeeCollection } from './fee-unreported.js';
import { buildReport, run, setValue, validReports } from './test-helpers.js';

const FEE_UNPAID = [
  'naturalPerson',
  'commercial',
  'research',
  'publicInterest',
  'legalService',
  'otherOrg',
  'total',
].map((c) => `T3.otherHandling.feeUnpaid.${c}`);

describe('fee-unreported', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(feeUnreported, report, previous)).toEqual([]);
  });

  it('flags applications dropped for an unpaid fee when section 六 is silent on the fee', () => {
    // 2.申请人逾期未按收费通知要求缴纳费用: 9 2 0 1 2 0 | 14
    const report = buildReport({ other: '无。' });
    expect(run(feeUnreported, report)).toEqual([
      {
        rule: 'fee-unreported',
        severity: 'info',
        message:
          '三（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 不为 0，总计 14 件，' +
          '但「六、其他需要报告的事项」未提及信息处理费（2021 年版格式要求在第六部分报告收取信息处理费情况）',
        keys: [
          'T3.otherHandling.feeUnpaid.naturalPerson',
          'T3.otherHandling.feeUnpaid.commercial',
          'T3.otherHandling.feeUnpaid.publicInterest',
          'T3.otherHandling.feeUnpaid.legalService',
          'T3.otherHandling.feeUnpaid.total',
        ],
      },
    ]);
  });

  it('says when section 六 has no text at all', () => {
    const report = buildReport({ other: null });
    expect(run(feeUnreported, report)[0]!.message).toContain('但报告没有「六、其他需要报告的事项」的内容');
  });

  it('flags fee collection told in the narrative', () => {
    const report = buildReport({
      variant: 'single',
      other: '无。',
      overview: '本年度共发出收费通知2份，依法收取信息处理费300元。',
    });
    const findings = run(feeUnreported, report);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.keys).toEqual([]);
    expect(findings[0]!.message).toMatch(/^正文提及收费通知或收取信息处理费，但/);
  });

  it('is silent when nothing was charged or section 六 mentions the fee', () => {
    const zero = buildReport({ other: '无。' });
    for (const key of FEE_UNPAID) setValue(zero, key, 0);
    expect(run(feeUnreported, zero)).toEqual([]);

    const negated = buildReport({ variant: 'single', other: '无。', overview: '本年度未收取信息处理费。' });
    expect(run(feeUnreported, negated)).toEqual([]);

    const reported = buildReport({ other: '本年度收取处理费共计200元。' });
    expect(run(feeUnreported, reported)).toEqual([]);
  });

  it('applies to the 2021 format only', () => {
    const report = buildReport({ format: '2019', other: '无。', overview: '共发出收费通知2份。' });
    expect(run(feeUnreported, report)).toEqual([]);
  });

  it.each([
    ['本年度共发出收费通知3件。', true],
    ['依据《政府信息公开信息处理费管理办法》，收取信息处理费共计400元。', true],
    ['发出收费通知2件，申请人未缴纳费用。', true],
    ['本年度未收取信息处理费。', false],
    ['不存在收取信息处理费的情况。', false],
    ['未发出收费通知。', false],
    ['信息处理费收取情况：0元。', false],
    ['严格执行《政府信息公开信息处理费管理办法》。', false],
    ['', false],
  ])('reads %j as fee collection: %s', (text, expected) => {
    expect(mentionsFeeCollection(text)).toBe(expected);
  });
});
