import type { ValueKind } from '../layouts.js';
import type { Finding } from '../schema.js';
import { cellKind, cellLabel, formatNumber } from './cells.js';
import type { Rule } from './types.js';

/** What is wrong with a printed value of this kind, in Chinese; undefined when nothing is. */
function problemOf(kind: ValueKind, value: number): string | undefined {
  if (!Number.isFinite(value)) return '不是有效数字';
  if (kind === 'amount') return value < 0 ? '金额不能为负数' : undefined;
  if (!Number.isInteger(value)) return kind === 'signed' ? '增减数应为整数' : '件数应为整数';
  if (kind === 'count' && value < 0) return '件数不能为负数';
  return undefined;
}

/**
 * Printed values that cannot be what the cell counts: negative or fractional counts, fractional
 * 本年增/减 changes, negative amounts, and anything that is not a finite number.
 */
export const cellValue: Rule = {
  id: 'cell-value',
  severity: 'error',
  description:
    'A count that is negative or not an integer (T2 本年增/减 may be negative), or an amount that is not a finite, non-negative number.',
  check({ report }) {
    const findings: Finding[] = [];
    for (const key in report.cells) {
      const cell = report.cells[key]!;
      const value = cell.value;
      // Blank cells are cell-blank's; ambiguous ones are a reading problem (a diagnostic).
      if (value === null || cell.status === 'ambiguous') continue;
      const kind = cellKind(key);
      if (kind === undefined) continue;
      const problem = problemOf(kind, value);
      if (problem === undefined) continue;
      const printed = Number.isFinite(value) ? formatNumber(value) : String(value);
      const raw = cell.raw !== null && cell.raw !== printed ? `（原文「${cell.raw}」）` : '';
      findings.push({
        rule: 'cell-value',
        severity: 'error',
        message: `${cellLabel(key)} 印为 ${printed}${raw}，${problem}`,
        keys: [key],
        actual: Number.isFinite(value) ? value : null,
      });
    }
    return findings;
  },
};
