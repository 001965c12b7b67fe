/** Line-level recognisers for text renderings of reports. All are linear: no nested quantifiers. */

/** `- 4 -`, `-3-`, `— 12 —`, `第 3 页`, `第3页 共9页`, `3 / 9`: page footers and headers of PDF text. */
const PAGE_MARK =
  /^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})\s*$/;

export function isPageMark(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length < 24 && PAGE_MARK.test(trimmed);
}

/** A Markdown heading: `## 一、总体情况`. Parsed by hand: a regex with a lazy middle is cubic on spaces. */
const MD_OPEN = /^ {0,3}(#{1,6})[ \t]+/;

export function markdownHeading(line: string): { level: number; text: string } | undefined {
  const open = MD_OPEN.exec(line);
  if (!open) return undefined;
  let end = line.length;
  while (end > open[0].length && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  let hashes = end;
  while (hashes > open[0].length && line[hashes - 1] === '#') hashes--;
  // A closing run of # counts only after a space (`## 标题 ##`), not inside the text (`## C#`).
  if (hashes < end && (line[hashes - 1] === ' ' || line[hashes - 1] === '\t')) end = hashes;
  return { level: open[1]!.length, text: line.slice(open[0].length, end).trim() };
}

/** A pipe-table row: starts (after spaces) with `|`, or has at least two inner pipes. */
export function isPipeRow(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.startsWith('|') && trimmed.length > 1) return true;
  let pipes = 0;
  for (let i = 0; i < trimmed.length; i++) if (trimmed.charCodeAt(i) === 124) pipes++;
  return pipes >= 2;
}

/** The `|---|:---:|` line under a Markdown table header. */
export function isPipeSeparator(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed.includes('-')) return false;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (ch !== '|' && ch !== '-' && ch !== ':' && ch !== ' ' && ch !== '\t') return false;
  }
  return true;
}

export interface CellSpan {
  text: string;
  /** 0-based column in the line where the cell's text starts. */
  start: number;
}

/** Split a pipe row into cells, dropping the outer pipes. Escaped pipes (`\|`) stay in the text. */
export function splitPipeRow(line: string): CellSpan[] {
  const cells: CellSpan[] = [];
  let i = 0;
  const end = line.length;
  while (i < end && (line[i] === ' ' || line[i] === '\t')) i++;
  if (line[i] === '|') i++;
  let start = i;
  let text = '';
  for (; i < end; i++) {
    const ch = line[i]!;
    if (ch === '\\' && line[i + 1] === '|') {
      text += '|';
      i++;
      continue;
    }
    if (ch === '|') {
      cells.push(trimCell(text, start));
      text = '';
      start = i + 1;
      continue;
    }
    text += ch;
  }
  if (text.trim() !== '') cells.push(trimCell(text, start));
  return cells;
}

function trimCell(text: string, start: number): CellSpan {
  let lead = 0;
  while (lead < text.length && (text[lead] === ' ' || text[lead] === '\t' || text[lead] === '\u3000')) lead++;
  return { text: text.trim(), start: start + lead };
}

/** Split a tab-separated row. */
export function splitTabRow(line: string): CellSpan[] {
  const cells: CellSpan[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === '\t') {
      cells.push(trimCell(line.slice(start, i), start));
      start = i + 1;
    }
  }
  return cells;
}

/**
 * Split a whitespace-aligned line (`pdftotext -layout`) into cells at runs of two or more spaces. Single
 * spaces stay inside a cell: they are often spaces inside a label (`三 、本 年 度`).
 */
export function splitAligned(line: string): CellSpan[] {
  const cells: CellSpan[] = [];
  let i = 0;
  const end = line.length;
  while (i < end) {
    while (i < end && isBlank(line[i]!)) i++;
    if (i >= end) break;
    const start = i;
    let last = i;
    while (i < end) {
      if (isBlank(line[i]!)) {
        let j = i;
        while (j < end && isBlank(line[j]!)) j++;
        if (j - i >= 2 || j >= end || line[i] === '\u3000') {
          i = j;
          break;
        }
        i = j;
        continue;
      }
      last = i;
      i++;
    }
    cells.push({ text: line.slice(start, last + 1), start });
  }
  return cells;
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u3000' || ch === '\u00a0';
}

/** Leading indentation in columns (a tab counts 4, an ideographic space 2). */
export function indentOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ' || ch === '\u00a0') width++;
    else if (ch === '\t') width += 4;
    else if (ch === '\u3000') width += 2;
    else break;
  }
  return width;
}

/** Numbered openings that start a new paragraph or heading: `一、`, `（一）`, `(一)`, `1.`, `1、`, `#`. */
const OPENING =
  /^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、．.](?!\d)|#)/;

export function startsWithOpening(line: string): boolean {
  return OPENING.test(line);
}

/** A number, possibly with a unit (`7件`, `251000元`, `12.5万元`). */
const VALUE_CELL = /^[-+]?[\d,.]+(?:万元|元|件|条|个|项|次|起|份|%)?$/;

/** A line of a whitespace-aligned table: two or more cells, at least one of them a number. */
export function isAlignedRow(cells: CellSpan[]): boolean {
  if (cells.length < 2) return false;
  for (const cell of cells) if (VALUE_CELL.test(cell.text)) return true;
  return false;
}

/**
 * A line of `least` (three) or more short labels spread over the page with wide gaps, none of them a
 * number: a table's column header, or one line of it where pdftotext -layout wraps narrow columns'
 * headers (「商业」 over 「企业」). Prose that justification spreads out has longer runs.
 */
export function isHeaderLine(cells: CellSpan[], least = 3): boolean {
  if (cells.length < least) return false;
  for (const cell of cells) if (cell.text.length > 8 || /\d/.test(cell.text)) return false;
  return true;
}

const SENTENCE_END = new Set(['。', '！', '？', '；', '：', '!', '?', ';', ':', '”', '）', ')', '」', '》']);

/** Whether the text ends a sentence, so the next line cannot continue it. */
export function endsSentence(text: string): boolean {
  const last = text.trimEnd().slice(-1);
  return last === '' || SENTENCE_END.has(last);
}

/** A CJK ideograph: the scripts in which wrapped lines join without a space. */
export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const code = ch.charCodeAt(0);
  return (
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff00 && code <= 0xffef)
  );
}
