import type { Finding } from '../schema.js';
import { officialFormat, shapeOf, TABLE_LABELS, TABLES, tablePresent } from './cells.js';
import type { Rule } from './types.js';

/**
 * A table of the report's format (T2, T3, T4) that is absent: none of its cells are in the report, or
 * none of them has any source text (and none is ambiguous, which would mean it was found but misread).
 */
export const tableMissing: Rule = {
  id: 'table-missing',
  severity: 'error',
  description: 'A table (T2, T3, T4) of the 2021/2019 format is absent or has no readable cell.',
  check({ report }) {
    const format = officialFormat(report);
    if (format === undefined) {
      // Neither format's tables were recognised in a document that is not a pre-2019 report.
      if (report.format !== 'unknown') return [];
      return [
        {
          rule: 'table-missing',
          severity: 'error',
          message:
            '未识别出 2019 或 2021 年度报告格式的表格（主动公开、依申请公开、复议诉讼），无法读出任何数值',
          keys: [],
        },
      ];
    }
    const tableKeys = shapeOf(report).tableKeys[format];
    const findings: Finding[] = [];
    for (const table of TABLES) {
      if (tablePresent(report, tableKeys[table])) continue;
      findings.push({
        rule: 'table-missing',
        severity: 'error',
        message: `缺少表格「${TABLE_LABELS[table]}」（${table}），报告未印出或无法读出该表的任何数值`,
        keys: [],
      });
    }
    return findings;
  },
};
