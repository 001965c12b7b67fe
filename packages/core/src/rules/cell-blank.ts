import type { Finding } from '../schema.js';
import {
  blanksAsZero,
  evaluate,
  type Identity,
  isBlank,
  officialFormat,
  shapeOf,
  TABLES,
  type TableId,
  tablePresent,
} from './cells.js';
import type { Rule } from './types.js';

const HOLDS = '按 0 计算则勾稽关系成立';
const FAILS = '按 0 计算勾稽关系仍不成立';
const UNKNOWN = '涉及读数不确定的单元格，按 0 计算也无法判断勾稽关系';
const NO_IDENTITY = '不涉及勾稽关系';

/**
 * Cells the layout requires that the report leaves blank (empty, a placeholder, or absent), one finding
 * per table row, saying whether reading the blanks as 0 makes the arithmetic identities hold.
 */
export const cellBlank: Rule = {
  id: 'cell-blank',
  severity: 'warning',
  description:
    'A cell the layout requires is blank, a placeholder or absent (one finding per row); says whether reading blanks as 0 balances the table.',
  check({ report }) {
    const format = officialFormat(report);
    if (format === undefined) return [];
    const shape = shapeOf(report);
    const tableKeys = shape.tableKeys[format];
    const present = {} as Record<TableId, boolean>;
    for (const table of TABLES) present[table] = tablePresent(report, tableKeys[table]);

    const findings: Finding[] = [];
    let zero: ReturnType<typeof blanksAsZero> | undefined;
    for (const row of shape.requiredRows[format]) {
      // A missing table is table-missing's finding, not one per row.
      if (!present[row.table]) continue;
      const blanks: string[] = [];
      const blankLabels: string[] = [];
      row.keys.forEach((key, i) => {
        if (isBlank(report.cells[key])) {
          blanks.push(key);
          blankLabels.push(row.columnLabels[i]!);
        }
      });
      if (blanks.length === 0) continue;

      const involved = new Set<Identity>();
      for (const key of blanks) for (const id of shape.identitiesByKey.get(key) ?? []) involved.add(id);
      let verdict = NO_IDENTITY;
      if (involved.size > 0) {
        zero ??= blanksAsZero(report);
        let fails = false;
        let unknown = false;
        for (const id of involved) {
          const evaluation = evaluate(id, zero);
          if (evaluation === undefined) unknown = true;
          else if (!evaluation.holds) fails = true;
        }
        verdict = fails ? FAILS : unknown ? UNKNOWN : HOLDS;
      }
      findings.push({
        rule: 'cell-blank',
        severity: 'warning',
        message: `${row.label}：${blankLabels.join('、')} 为空；${verdict}`,
        keys: blanks,
      });
    }
    return findings;
  },
};
