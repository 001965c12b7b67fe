import { T3_COLUMN_KEYS } from '../layouts.js';
import type { Finding } from '../schema.js';
import { cellLabel, cellValue, formatNumber, hasOrgSubtotal, ORG_SUBTOTAL, rowLabel, same } from './cells.js';
import type { Rule } from './types.js';

const WITH_SUBTOTAL = [...T3_COLUMN_KEYS, ORG_SUBTOTAL];

/** 上年结转 this year = 结转下年度继续办理 in last year's report of the same agency, per T3 column. */
export const carryover: Rule = {
  id: 'carryover',
  severity: 'warning',
  description:
    "Per T3 column: this year's 上年结转 equals last year's 结转下年度继续办理 (needs last year's report of the same agency).",
  check({ report, previous }) {
    if (!previous || report.year === null || previous.year !== report.year - 1) return [];
    const agency = report.agency?.trim();
    const previousAgency = previous.agency?.trim();
    if (agency && previousAgency && agency !== previousAgency) return [];
    const columns = hasOrgSubtotal(report) && hasOrgSubtotal(previous) ? WITH_SUBTOTAL : T3_COLUMN_KEYS;
    const findings: Finding[] = [];
    for (const column of columns) {
      const key = `T3.carriedOver.${column}`;
      const actual = cellValue(report, key);
      const expected = cellValue(previous, `T3.carriedForward.${column}`);
      if (actual === null || expected === null || same(actual, expected)) continue;
      findings.push({
        rule: 'carryover',
        severity: 'warning',
        message:
          `${cellLabel(key)} 印为 ${formatNumber(actual)}，` +
          `而 ${previous.year} 年度报告的 ${rowLabel('T3', 'carriedForward')} 为 ${formatNumber(expected)}`,
        keys: [key],
        expected,
        actual,
      });
    }
    return findings;
  },
};
