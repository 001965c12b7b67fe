import type { SourcePosition } from '@xxgk/core/engine';

/**
 * Whether a character is East Asian wide (CJK ideographs, kana, full-width forms and punctuation). Hangul
 * is left out on purpose: Korean separates words with spaces.
 */
export function isWide(ch: string | undefined): boolean {
  return ch !== undefined && isWideCode(ch.charCodeAt(0));
}

/** {@link isWide} for a UTF-16 code unit (NaN, past the end of a string, is not wide). */
function isWideCode(code: number): boolean {
  return (
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3040 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    // High surrogates of the supplementary ideographic plane (CJK Extension B and later).
    (code >= 0xd840 && code <= 0xd87f)
  );
}

/** Source whitespace a line break may sit in (HTML's whitespace): space, tab, form feed, CR, LF. */
export function isWrapSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0c || code === 0x0a || code === 0x0d;
}

const LINE_BREAK = /[\n\r]/g;

/**
 * Remove source line breaks between two wide characters inside one text node (the CSS Text
 * segment-break rule): Word and many CMSs wrap their HTML source in the middle of Chinese words
 * (`本年新收政府信息公开申请数\r\n  量`), and such a wrap is not a space. Whitespace between two elements
 * (`<span>…局</span>\n<span>浏览…`) is left alone: there it separates what the page shows apart.
 */
export function unwrapSourceLines(text: string): string {
  // Only the runs of source whitespace that hold a line break matter: find the breaks natively and widen
  // each to its run, once (a regular expression for "spaces, a line break, more spaces" backtracks over
  // every long run of spaces without a break: quadratic).
  if (!text.includes('\n') && !text.includes('\r')) return text;
  let out = '';
  let kept = 0;
  for (let from = 0; ; ) {
    LINE_BREAK.lastIndex = from;
    if (!LINE_BREAK.test(text)) break;
    const at = LINE_BREAK.lastIndex - 1;
    // The previous run ended before a character that is not whitespace: this one starts after it.
    let start = at;
    while (start > 0 && isWrapSpace(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isWrapSpace(text.charCodeAt(end))) end++;
    if (isWideCode(text.charCodeAt(start - 1)) && isWideCode(text.charCodeAt(end))) {
      out += text.slice(kept, start);
      kept = end;
    }
    from = end;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/** Whitespace that HTML collapses; `&nbsp;` included, because a cell of `&nbsp;` is a blank cell. */
function isCollapsible(code: number): boolean {
  return isWrapSpace(code) || code === 0xa0;
}

/** Zero-width characters, dropped from text. */
function isZeroWidth(code: number): boolean {
  return (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
}

/**
 * Collapse whitespace the way a browser lays out one line of text, and trim it: zero-width characters
 * go, and each run of collapsible whitespace (zero-width characters inside it included) becomes one
 * space. One pass that copies slices (two global replacements cost more on the short lines of a page).
 */
export function collapseLine(raw: string): string {
  let out = '';
  let kept = 0;
  for (let i = 0; i < raw.length; ) {
    const code = raw.charCodeAt(i);
    const space = isCollapsible(code);
    if (!space && !isZeroWidth(code)) {
      i++;
      continue;
    }
    let end = i + 1;
    let spaced = space;
    for (; end < raw.length; end++) {
      const next = raw.charCodeAt(end);
      if (isCollapsible(next)) spaced = true;
      else if (!isZeroWidth(next)) break;
    }
    // A lone space stays as it is.
    if (!(code === 0x20 && end === i + 1)) {
      out += spaced ? `${raw.slice(kept, i)} ` : raw.slice(kept, i);
      kept = end;
    }
    i = end;
  }
  return (kept === 0 ? raw : out + raw.slice(kept)).trim();
}

/** Whitespace (`&emsp;` indentation included) and the zero-width characters text drops. */
function isInvisible(code: number): boolean {
  return (
    code <= 0x20 ||
    code === 0xa0 ||
    code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200a) ||
    isZeroWidth(code)
  );
}

/** Number of characters that are neither whitespace nor invisible: what counts as text on a page. */
export function visibleLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (!isInvisible(text.charCodeAt(i))) count++;
  return count;
}

/**
 * Visible characters, and how many of them are not part of a number (digits, signs, decimal, group and
 * percent marks), in one pass.
 */
export function countText(text: string): { visible: number; wordy: number } {
  let visible = 0;
  let wordy = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isInvisible(code)) continue;
    visible++;
    if (
      !((code >= 48 && code <= 57) || code === 43 || code === 44 || code === 45 || code === 46 || code === 37)
    )
      wordy++;
  }
  return { visible, wordy };
}

/**
 * The text of one block (or table cell) while it is read: raw runs per line, with hard line breaks from
 * `<br>` (and block boundaries inside cells) kept apart from source whitespace, which collapses.
 */
export class TextBuffer {
  private lines: string[] = [''];
  /** Visible characters so far, and how many of them are bold. */
  chars = 0;
  boldChars = 0;
  /** Offset of the node the first visible character came from, or of the block that holds it. */
  start = -1;

  add(text: string, bold: boolean, offset: number): void {
    // Visible characters, counted as in visibleLength; on the way, whether the text is nothing but source
    // whitespace (the indentation between tags, the commonest text of all), which has no line break to
    // unwrap: one run of it cannot lie between two wide characters of the same text.
    let visible = 0;
    let blank = true;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (!isInvisible(code)) visible++;
      if (blank && !isWrapSpace(code)) blank = false;
    }
    if (visible > 0) {
      this.chars += visible;
      if (bold) this.boldChars += visible;
      if (this.start < 0) this.start = offset;
    }
    const last = this.lines.length - 1;
    this.lines[last] += blank ? text : unwrapSourceLines(text);
  }

  /** `<br>`: a line break that does not collapse. */
  lineBreak(): void {
    this.lines.push('');
  }

  /** A block boundary inside a cell: a line break unless the current line is still empty. */
  softBreak(): void {
    if (this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  get empty(): boolean {
    return this.chars === 0;
  }

  /** The text with whitespace collapsed per line; blank lines are dropped. */
  text(): string {
    if (this.chars === 0) return '';
    let out = '';
    for (const line of this.lines) {
      const collapsed = collapseLine(line);
      if (collapsed === '') continue;
      out = out === '' ? collapsed : `${out}\n${collapsed}`;
    }
    return out;
  }

  reset(): void {
    this.lines = [''];
    this.chars = 0;
    this.boldChars = 0;
    this.start = -1;
  }
}

/** Maps an offset in the decoded text to a 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
    if (text.includes('\r')) {
      // Old Mac line ends: a lone \r breaks a line too.
      let extra = false;
      for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
        if (text.charCodeAt(at + 1) !== 10) {
          this.starts.push(at + 1);
          extra = true;
        }
      }
      if (extra) this.starts.sort((a, b) => a - b);
    }
  }

  position(offset: number): SourcePosition {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1, offset };
  }
}
