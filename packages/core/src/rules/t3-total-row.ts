import { cellLabel, formatNumber, identityFindings } from './cells.js';
import type { Rule } from './types.js';

/** 三（七）总计 = the sum of the leaf result rows, per T3 column. */
export const t3TotalRow: Rule = {
  id: 't3-total-row',
  severity: 'error',
  description: 'Per T3 column: 三（七）总计 equals the sum of the leaf result rows （一）…（六）.',
  check({ report }) {
    return identityFindings(
      report,
      't3-total-row',
      'error',
      (id, { expected, actual }) =>
        `${cellLabel(id.total)} 印为 ${formatNumber(actual)}，各办理结果之和为 ${formatNumber(expected)}`,
    );
  },
};
