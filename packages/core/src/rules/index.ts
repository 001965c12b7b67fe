import type { Finding, Report } from '../schema.js';
import type { Rule } from './types.js';

export type { Rule, RuleContext } from './types.js';

/** Every rule, in the order their findings are listed. */
export const rules: readonly Rule[] = [];

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
