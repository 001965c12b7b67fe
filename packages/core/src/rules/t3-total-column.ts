import { cellLabel, columnLabel, formatNumber, identityFindings, T3_ORG_COLUMNS } from './cells.js';
import type { Rule } from './types.js';

const ORG_PARTS = T3_ORG_COLUMNS.map((c) => columnLabel('T3', c)).join('、');

/**
 * The 总计 column = the six applicant columns, per T3 row; where a template adds a 法人或其他组织小计
 * column, it must equal the five 法人或其他组织 columns.
 */
export const t3TotalColumn: Rule = {
  id: 't3-total-column',
  severity: 'error',
  description:
    'Per T3 row: the 总计 column equals the six applicant columns (and an 法人或其他组织小计 column, where printed, the five organisation columns).',
  check({ report }) {
    return identityFindings(report, 't3-total-column', 'error', (id, { expected, actual }) => {
      const parts = id.column === 'total' ? '六类申请人' : ORG_PARTS;
      return `${cellLabel(id.total)} 印为 ${formatNumber(actual)}，${parts}之和为 ${formatNumber(expected)}`;
    });
  },
};
