import { T3_COLUMN_KEYS } from '../layouts.js';
import type { Finding } from '../schema.js';
import { formatNumber, ORG_SUBTOTAL, rowLabel } from './cells.js';
import type { Rule } from './types.js';

const FEE_UNPAID_KEYS = [...T3_COLUMN_KEYS, ORG_SUBTOTAL].map((c) => `T3.otherHandling.feeUnpaid.${c}`);
const FEE_UNPAID_TOTAL = 'T3.otherHandling.feeUnpaid.total';

/** Clauses of narrative text: a fee is talked about within one clause. */
const CLAUSE = /[。；;！!？?\n，,]/;
/** Section 六 reports the fee when it mentions it at all, even to say none was charged. */
const FEE_REPORTED = /处理费/;
/** A clause about fee notices or the 信息处理费 … */
const FEE_TOPIC = /收费通知|信息处理费/;
/** … that talks of notifying or collecting it … */
const COLLECTION = /收费通知|收取|收缴|缴纳|缴费|计收|共计|\d\s*元/;
/** … and does not say that none was charged or notified. */
const NEGATION =
  /(?:未|没有|无|不|免)[^，,。；;]{0,6}?(?:收取|收缴|缴纳|计收|收费|发出|发送|产生|涉及)|免收|零收费|(?:^|[^\d.])0(?:\.0+)?\s*元|[:：]\s*(?:无|0)\s*$/;

/** The narrative (一 总体情况 or 五 问题及改进) speaks of notifying or collecting 信息处理费. */
export function mentionsFeeCollection(text: string | null): boolean {
  if (!text || !FEE_TOPIC.test(text)) return false;
  for (const clause of text.split(CLAUSE)) {
    if (FEE_TOPIC.test(clause) && COLLECTION.test(clause) && !NEGATION.test(clause)) return true;
  }
  return false;
}

/**
 * 2021 format: fees were charged (applications dropped for an unpaid fee, or the narrative tells of
 * fee notices or collection) but section 六, where the template puts the 信息处理费, says nothing of it.
 */
export const feeUnreported: Rule = {
  id: 'fee-unreported',
  severity: 'info',
  description:
    '2021 format: 逾期未按收费通知要求缴纳费用 > 0 or the narrative mentions fee notices/collection, but section 六 says nothing of 信息处理费.',
  check({ report }) {
    if (report.format !== '2021') return [];
    const other = report.sections.other;
    if (other !== null && FEE_REPORTED.test(other)) return [];

    const keys = FEE_UNPAID_KEYS.filter((key) => (report.cells[key]?.value ?? 0) > 0);
    let reason: string;
    if (keys.length > 0) {
      const total = report.cells[FEE_UNPAID_TOTAL]?.value;
      const count = total != null && total > 0 ? `，总计 ${formatNumber(total)} 件` : '';
      reason = `${rowLabel('T3', 'otherHandling.feeUnpaid')} 不为 0${count}`;
    } else if (
      mentionsFeeCollection(report.sections.overview) ||
      mentionsFeeCollection(report.sections.problems)
    ) {
      reason = '正文提及收费通知或收取信息处理费';
    } else {
      return [];
    }
    const where =
      other === null
        ? '报告没有「六、其他需要报告的事项」的内容'
        : '「六、其他需要报告的事项」未提及信息处理费';
    const finding: Finding = {
      rule: 'fee-unreported',
      severity: 'info',
      message: `${reason}，但${where}（2021 年版格式要求在第六部分报告收取信息处理费情况）`,
      keys,
    };
    return [finding];
  },
};
