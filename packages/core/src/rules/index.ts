import type { Finding, Report } from '../schema.js';
import { carryover } from './carryover.js';
import { cellBlank } from './cell-blank.js';
import { cellValue } from './cell-value.js';
import { feeUnreported } from './fee-unreported.js';
import { formatYear } from './format-year.js';
import { sectionMissing } from './section-missing.js';
import { t3Balance } from './t3-balance.js';
import { t3TotalColumn } from './t3-total-column.js';
import { t3TotalRow } from './t3-total-row.js';
import { t4Total } from './t4-total.js';
import { tableMissing } from './table-missing.js';
import type { Rule } from './types.js';

export type { Rule, RuleContext } from './types.js';

/** Every rule, in the order their findings are listed (docs/schema.md, rule ids). */
export const rules: readonly Rule[] = [
  t3Balance,
  t3TotalRow,
  t3TotalColumn,
  t4Total,
  cellValue,
  cellBlank,
  tableMissing,
  sectionMissing,
  formatYear,
  carryover,
  feeUnreported,
];

export interface CheckOptions {
  /** Last year's report of the same agency, for the `carryover` rule. */
  previous?: Report;
  /** Run only these rule ids. */
  only?: string[];
}

/** Run the rules on a report. Never changes the report. */
export function check(report: Report, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (options.only && !options.only.includes(rule.id)) continue;
    findings.push(...rule.check({ report, ...(options.previous ? { previous: options.previous } : {}) }));
  }
  return findings;
}
