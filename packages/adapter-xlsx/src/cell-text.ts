/**
 * A cell's value as the text a reader of the sheet would take from it. Numbers are written from the
 * stored value, not from the number format: a format may round (`0.00`), group digits (`#,##0`) or hide
 * digits, and the report's arithmetic must see what was entered. Only a percent format changes what the
 * number means, so it keeps its `%`.
 */
import type { CellObject } from 'xlsx';

/** SheetJS's error codes, for when it was not asked to format cells. */
const ERRORS: Record<number, string> = {
  0: '#NULL!',
  7: '#DIV/0!',
  15: '#VALUE!',
  23: '#REF!',
  29: '#NAME?',
  36: '#NUM!',
  42: '#N/A',
  43: '#GETTING_DATA',
};

/**
 * Excel keeps 15 significant digits; values written by other tools (or sums of binary fractions) may
 * carry 17, like 0.30000000000000004, which Excel itself shows as 0.3.
 */
export function numberText(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  if (!Number.isFinite(value)) return '';
  const plain = String(value);
  // Sixteen characters with a sign or a point hold at most 15 digits: nothing to round.
  if (plain.length <= 16 && !plain.includes('e')) return plain;
  const rounded = Number(value.toPrecision(15));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Whether a number format shows the value as a percentage: a `%` outside quotes, escapes and `[…]`. */
export function isPercentFormat(format: unknown): boolean {
  if (typeof format !== 'string' || !format.includes('%')) return false;
  return format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '').includes('%');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601: a date, a date and time, or a time of day for Excel's day 0. */
export function dateText(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return '';
  // SheetJS builds dates whose UTC fields are the sheet's wall-clock time; round off float noise.
  const d = new Date(Math.round(ms / 1000) * 1000);
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (day === '1899-12-31' || day === '1899-12-30') return time;
  return time === '00:00:00' ? day : `${day}T${time}`;
}

function normaliseLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

export function cellText(cell: CellObject): string {
  const value = cell.v;
  switch (cell.t) {
    case 's':
      return normaliseLineBreaks(typeof value === 'string' ? value : String(value ?? ''));
    case 'n':
      if (typeof value !== 'number') return '';
      return isPercentFormat(cell.z) ? `${numberText(value * 100)}%` : numberText(value);
    case 'b':
      return value ? 'TRUE' : 'FALSE';
    case 'd':
      return value instanceof Date ? dateText(value) : typeof value === 'string' ? value : '';
    case 'e':
      return cell.w ?? (typeof value === 'number' ? (ERRORS[value] ?? '#ERROR') : '#ERROR');
    case 'z':
      return '';
    default:
      return typeof cell.w === 'string' ? normaliseLineBreaks(cell.w) : '';
  }
}
