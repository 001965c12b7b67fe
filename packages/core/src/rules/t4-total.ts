import { T4_LAYOUT } from '../layouts.js';
import { cellLabel, formatNumber, identityFindings } from './cells.js';
import type { Rule } from './types.js';

const PARTS = T4_LAYOUT.rows[0]!.columns.filter((c) => c.key !== 'total')
  .map((c) => c.label)
  .join('、');

/** 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, for 行政复议 and both kinds of 行政诉讼. */
export const t4Total: Rule = {
  id: 't4-total',
  severity: 'error',
  description: 'Per T4 row: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.',
  check({ report }) {
    return identityFindings(
      report,
      't4-total',
      'error',
      (id, { expected, actual }) =>
        `${cellLabel(id.total)} 印为 ${formatNumber(actual)}，${PARTS}之和为 ${formatNumber(expected)}`,
    );
  },
};
