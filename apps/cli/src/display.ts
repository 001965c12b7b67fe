import type { SourcePosition } from '@xxgk/core';

/** Terminal columns a code point takes: CJK and full-width forms take two. */
function charWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code >= 0x300 && code <= 0x36f) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0)!);
  return width;
}

/** At most `max` columns, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (textWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!);
    if (width + w > max - 1) break;
    out += char;
    width += w;
  }
  return `${out}…`;
}

export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

/** Rows of text as aligned columns, widths measured in terminal columns. */
export function alignColumns(
  rows: readonly string[][],
  options: { separator?: string; right?: number[] } = {},
): string[] {
  const separator = options.separator ?? '  ';
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, textWidth(row[i]!));
  }
  return rows.map((row) =>
    row
      .map((cell, i) =>
        i === row.length - 1 && !options.right?.includes(i)
          ? cell
          : pad(cell, widths[i]!, options.right?.includes(i) ? 'right' : 'left'),
      )
      .join(separator)
      .trimEnd(),
  );
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '⏎').replace(/\s+/g, ' ');
}

/** `p.3 line 12:5`, `Sheet1!B4`, `table 2 row 3 col 4`: what a user needs to find the spot. */
export function formatPosition(position: SourcePosition | null | undefined): string {
  if (!position) return '';
  const parts: string[] = [];
  if (position.page !== undefined) parts.push(`p.${position.page}`);
  if (position.sheet !== undefined)
    parts.push(position.cell ? `${position.sheet}!${position.cell}` : position.sheet);
  else if (position.cell !== undefined) parts.push(position.cell);
  if (position.line !== undefined)
    parts.push(
      position.column !== undefined ? `line ${position.line}:${position.column}` : `line ${position.line}`,
    );
  if (position.table !== undefined) {
    let where = `table ${position.table}`;
    if (position.row !== undefined) where += ` row ${position.row}`;
    if (position.col !== undefined) where += ` col ${position.col}`;
    parts.push(where);
  }
  return parts.join(' ');
}
