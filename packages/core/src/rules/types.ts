import type { Severity } from '../document.js';
import type { Finding, Report } from '../schema.js';

export interface RuleContext {
  report: Report;
  /** Last year's report of the same agency, for cross-year rules. */
  previous?: Report;
}

/** One rule: a check of the report (not of our reading of it). One module per rule id. */
export interface Rule {
  /** The rule id of docs/schema.md §4, e.g. `t3-balance`. */
  id: string;
  severity: Severity;
  /** One sentence: what the rule checks. */
  description: string;
  check(context: RuleContext): Finding[];
}
