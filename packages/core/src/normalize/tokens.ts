/** Value tokens: the numbers, placeholders and blank cells in a stretch of the stream. */
import { parseValue } from '../numbers.js';
import { CELL_SEPARATOR, type Piece, pieceIndexAt, type Stream } from './stream.js';

export interface Token {
  /** The text as printed ('' for a blank cell). */
  raw: string;
  /** Stream offset of the token. */
  offset: number;
  piece: Piece;
  /** A blank cell of a trusted grid. */
  blank: boolean;
}

export interface TokenizeOptions {
  /** Count the empty cells of trusted grids as blank values. */
  blanks: 'all' | 'data-rows' | 'none';
  /** Read these table cells whole, as in trusted grids, blanks included (a text grid under its header). */
  wholeCells?: boolean | ((piece: Piece) => boolean);
  /** Only the cells of trusted grids: the rest of the range is skipped, not split into words. */
  trustedOnly?: boolean;
}

const DATE_SUFFIX = new Set(['年', '月', '日', '号', '%', '％', '时', '期', '届']);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const SEPARATOR_CODE = CELL_SEPARATOR.charCodeAt(0);

/** By code, not by character: `text[i]` of a CJK character allocates a string every time. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x0a ||
    code === 0x09 ||
    code === 0x3000 ||
    code === 0xa0 ||
    code === SEPARATOR_CODE ||
    code === 0x0d
  );
}

const OPENING = new Set(['(', '（', '[', '【'].map((ch) => ch.charCodeAt(0)));
const CLOSING = new Set([')', '）', ']', '】'].map((ch) => ch.charCodeAt(0)));

/**
 * Tokens of the stream range [start, end). Cells of trusted grids count whole (a cell is a value or it is
 * text); other text is split into words, and in running text digit runs glued to words are taken too,
 * except inside brackets (`（单位：万元，保留4位小数）`) and before date words.
 */
export function tokenize(stream: Stream, start: number, end: number, options: TokenizeOptions): Token[] {
  const tokens: Token[] = [];
  const dataRows = new Map<string, boolean>();
  for (let index = pieceIndexAt(stream, start); index < stream.pieces.length; index++) {
    const piece = stream.pieces[index]!;
    if (piece.start >= end) break;
    if (options.trustedOnly && !piece.trustedCell) continue;
    const whole =
      piece.trustedCell ||
      (piece.cell &&
        (typeof options.wholeCells === 'function' ? options.wholeCells(piece) : options.wholeCells === true));
    if (whole) {
      if (piece.start < start || piece.end > end) continue;
      const raw = stream.text.slice(piece.start, piece.end).trim();
      if (raw === '') {
        if (options.blanks === 'none') continue;
        if (options.blanks === 'data-rows') {
          const row = `${piece.block}:${piece.row}`;
          let data = dataRows.get(row);
          if (data === undefined) {
            data = isDataRow(stream, index);
            dataRows.set(row, data);
          }
          if (!data) continue;
        }
        tokens.push({ raw, offset: piece.start, piece, blank: true });
        continue;
      }
      if (parseValue(raw) !== undefined) tokens.push({ raw, offset: piece.start, piece, blank: false });
      continue;
    }
    wordTokens(stream, piece, Math.max(start, piece.start), Math.min(end, piece.end), tokens);
  }
  return tokens;
}

/** A grid row whose cells are all values or blanks, with at least one value (the T4 data row). */
function isDataRow(stream: Stream, index: number): boolean {
  const piece = stream.pieces[index]!;
  let first = index;
  while (
    first > 0 &&
    stream.pieces[first - 1]!.block === piece.block &&
    stream.pieces[first - 1]!.row === piece.row
  )
    first--;
  let values = 0;
  for (let i = first; i < stream.pieces.length; i++) {
    const other = stream.pieces[i]!;
    if (other.block !== piece.block || other.row !== piece.row) break;
    const raw = stream.text.slice(other.start, other.end).trim();
    if (raw === '') continue;
    const parsed = parseValue(raw);
    if (parsed === undefined) return false;
    values++;
  }
  return values > 0;
}

function wordTokens(stream: Stream, piece: Piece, from: number, to: number, tokens: Token[]): void {
  const text = stream.text;
  let depth = 0;
  let i = from;
  while (i < to) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const wordStart = i;
    while (i < to && !isSpace(text.charCodeAt(i))) i++;
    const word = text.slice(wordStart, i);
    if (depth === 0 && parseValue(word) !== undefined) {
      tokens.push({ raw: word, offset: wordStart, piece, blank: false });
      continue;
    }
    // Inside a word: track brackets, and in running text take digit runs glued to words.
    for (let j = wordStart; j < i; j++) {
      const code = text.charCodeAt(j);
      if (OPENING.has(code)) depth++;
      else if (CLOSING.has(code) && depth > 0) depth--;
      else if (!piece.cell && depth === 0 && isDigit(code)) {
        let k = j;
        while (k < i && (isDigit(text.charCodeAt(k)) || text[k] === '.' || text[k] === ',')) k++;
        let runEnd = k;
        while (runEnd > j && (text[runEnd - 1] === '.' || text[runEnd - 1] === ',')) runEnd--;
        const after = text[runEnd];
        const numbering = after === '.' || after === '、' || after === '．';
        if (!(after && DATE_SUFFIX.has(after)) && !numbering) {
          // A minus sign glued to the run belongs to it (本年增/减 「收费29-1第二十条」 is 29 and -1).
          const signed = j > wordStart && (text[j - 1] === '-' || text[j - 1] === '－');
          const from = signed ? j - 1 : j;
          tokens.push({ raw: text.slice(from, runEnd), offset: from, piece, blank: false });
        }
        j = k - 1;
      }
    }
  }
}
