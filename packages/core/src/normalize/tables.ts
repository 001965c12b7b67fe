/**
 * The three tables, read by their labels. Row labels are found in the folded stream (wherever the
 * rendering put them); the values that follow a label up to the next label are that row's. Rows whose
 * labels a rendering displaced (plain pdftotext prints wrapped labels after the numbers) take the value
 * groups that have no label, in template order, between the rows that do.
 */
import type { Diagnostic, SourcePosition } from '../document.js';
import { normalizeLabel } from '../labels.js';
import { type ColumnDef, layoutKeys, type RowDef, type TableLayout } from '../layouts.js';
import { parseValue } from '../numbers.js';
import type { Cell } from '../schema.js';
import {
  distinct,
  type LostCellSolver,
  lostCellReadings,
  type Reading,
  type RowIdentity,
  splitReadings,
  sumGroups,
} from './readings.js';
import type { Piece } from './stream.js';
import {
  foldedEndToText,
  foldedToText,
  pieceIndexAt,
  piecePosition,
  positionAt,
  type Stream,
} from './stream.js';
import { type Token, tokenize } from './tokens.js';

export interface Region {
  /** Folded [start, end). */
  start: number;
  end: number;
}

/**
 * A table's cells and their positions by key, in the order they were found. Maps rather than objects:
 * a table has up to ~100 keys, past V8's fast properties, and adding keys to a Map costs about half.
 */
export interface TableOutput {
  cells: Map<string, Cell>;
  positions: Map<string, SourcePosition>;
  /** Rows for which values were found. */
  rowsFound: number;
}

interface Anchor {
  row: number;
  /** Folded [start, end), numbering included. */
  start: number;
  end: number;
}

interface Group {
  row: number | undefined;
  tokens: Token[];
}

interface RowRule {
  identity: RowIdentity;
  solve: LostCellSolver;
  /** Positions of the row's totals. */
  totals: number[];
}

type Resolution =
  | { kind: 'direct'; tokens: Token[] }
  | {
      kind: 'readings';
      readings: Reading[];
      tokens: Token[];
      why: string;
      /** Reason given to the cells on which every reading agrees, when several remain. */
      agreed?: string;
    }
  | { kind: 'none'; tokens: Token[]; why: string };

const matchTexts = new WeakMap<RowDef, string[]>();

function textsOf(row: RowDef): string[] {
  let texts = matchTexts.get(row);
  if (!texts) {
    texts = [row.match, ...(row.aliases ?? [])].map(normalizeLabel).sort((a, b) => b.length - a.length);
    matchTexts.set(row, texts);
  }
  return texts;
}

/** Length of the row's numbering printed right before `at` in the folded stream, or 0. */
function ordinalLength(folded: string, at: number, ordinal: string | undefined): number {
  if (!ordinal) return 0;
  const core = ordinal.replace(/[、.．（）()]/g, '');
  const variants = /^\d+$/.test(core)
    ? [`${core}.`, `${core}、`, `${core},`]
    : ordinal.startsWith('（')
      ? [`(${core})`, `${core})`, `(${core}`]
      : [`${core}、`, `${core}.`, `${core},`, core];
  for (const variant of variants) {
    if (at >= variant.length && folded.startsWith(variant, at - variant.length)) return variant.length;
  }
  return 0;
}

export function findAnchors(stream: Stream, region: Region, rows: readonly RowDef[]): Anchor[] {
  const folded = stream.folded;
  // Searched within the region: a label the table lacks would otherwise be looked for to the end of the
  // document, once per label.
  const area = folded.slice(region.start, region.end);
  const found: Anchor[] = [];
  rows.forEach((row, rowIndex) => {
    for (const text of textsOf(row)) {
      for (let hit = area.indexOf(text); hit >= 0; hit = area.indexOf(text, hit + 1)) {
        const at = region.start + hit;
        const numbering = ordinalLength(folded, at, row.ordinal);
        if (row.needsOrdinal && numbering === 0) continue;
        found.push({ row: rowIndex, start: at - numbering, end: at + text.length });
      }
    }
  });
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  // Where two labels overlap (规范性文件 inside 行政规范性文件), the longer one is the label.
  const anchors: Anchor[] = [];
  for (const anchor of found) {
    const last = anchors[anchors.length - 1];
    if (last && anchor.start < last.end) {
      if (anchor.end - anchor.start > last.end - last.start) anchors[anchors.length - 1] = anchor;
      continue;
    }
    anchors.push(anchor);
  }
  return anchors;
}

/**
 * Value groups after each anchor. A long run after one label holds several rows: either row by row
 * (labels displaced by the rendering) or column by column (plain pdftotext reads a block of rows one
 * column at a time). The row identities tell the two apart; rows placed by order carry no label.
 */
function groupsOf(
  stream: Stream,
  region: Region,
  anchors: Anchor[],
  widths: number[],
  rule: RowRule | undefined,
  columnLabels: string[],
): Group[] {
  const groups: Group[] = [];
  const regionEnd = foldedToText(stream, region.end);
  const leadEnd = anchors.length > 0 ? foldedToText(stream, anchors[0]!.start) : regionEnd;
  const lead = tokenize(stream, foldedToText(stream, region.start), leadEnd, { blanks: 'none' });
  const width = widths[0]!;
  if (
    rule &&
    lead.length > 0 &&
    lead.length % width === 0 &&
    lead.every((t) => parseValue(t.raw)?.status === 'ok')
  ) {
    for (const rows of arrange(lead, width, rule, false)) groups.push({ row: undefined, tokens: rows });
  }
  anchors.forEach((anchor, i) => {
    const start = foldedEndToText(stream, anchor.end);
    let end = i + 1 < anchors.length ? foldedToText(stream, anchors[i + 1]!.start) : regionEnd;
    const candidate = stream.pieces[pieceIndexAt(stream, Math.max(0, start - 1))];
    // In a grid whose empty cells are real (HTML, spreadsheets), or a text grid lined up under its own
    // header row, a row's values are its cells, blanks included.
    const whole =
      candidate?.cell &&
      candidate.start < start &&
      (candidate.trustedCell || underHeader(stream, candidate, columnLabels));
    const labelPiece = whole ? candidate : undefined;
    if (labelPiece) end = Math.min(end, labelPiece.rowEnd);
    const tokens = tokenize(stream, start, end, { blanks: 'all', wholeCells: Boolean(labelPiece) });
    if (tokens.length === 0) return;
    const k = widths[anchor.row]!;
    if (tokens.length <= k || labelPiece) {
      groups.push({ row: anchor.row, tokens });
      return;
    }
    if (tokens.length % k !== 0) {
      // More values than the row has columns: the rest belong to rows whose labels come later.
      groups.push({ row: anchor.row, tokens: tokens.slice(0, k) });
      groups.push({ row: undefined, tokens: tokens.slice(k) });
      return;
    }
    const rows = arrange(tokens, k, rule, true);
    rows.forEach((rowTokens, at) => {
      groups.push({ row: at === 0 && rows.rowMajorHead ? anchor.row : undefined, tokens: rowTokens });
    });
  });
  return groups;
}

const COLUMN_LABELS = new WeakMap<TableLayout, string[]>();

/** The layout's column labels, folded, for recognising a header row. */
function columnLabelsOf(layout: TableLayout): string[] {
  let labels = COLUMN_LABELS.get(layout);
  if (!labels) {
    const all = new Set<string>();
    for (const row of layout.rows)
      for (const column of row.columns) all.add(normalizeLabel(column.label).replace(/\(.*$/, ''));
    labels = [...all];
    COLUMN_LABELS.set(layout, labels);
  }
  return labels;
}

interface BlockShape {
  /** Cells per row. */
  widths: Map<number, number>;
  /** Rows in which at least two cells are column labels. */
  headers: number[];
}

const BLOCK_SHAPES = new WeakMap<Stream, Map<number, BlockShape>>();

/**
 * Whether a text-grid cell's row lines up under a header row of the same table: a row above it with the
 * same number of cells, at least two of them column labels (「自然人 | 商业企业 | … | 总计」). Then an
 * empty cell there is a blank cell, not a lost one.
 */
function underHeader(stream: Stream, piece: Piece, labels: string[]): boolean {
  let shapes = BLOCK_SHAPES.get(stream);
  if (!shapes) {
    shapes = new Map();
    BLOCK_SHAPES.set(stream, shapes);
  }
  let shape = shapes.get(piece.block);
  if (!shape) {
    const widths = new Map<number, number>();
    const labelled = new Map<number, number>();
    for (const other of stream.pieces) {
      if (other.block !== piece.block || !other.cell) continue;
      widths.set(other.row!, (widths.get(other.row!) ?? 0) + 1);
      const text = normalizeLabel(stream.text.slice(other.start, other.end));
      if (
        text.length >= 2 &&
        labels.some((label) => text === label || (label.length >= 3 && text.startsWith(label)))
      ) {
        labelled.set(other.row!, (labelled.get(other.row!) ?? 0) + 1);
      }
    }
    const headers = [...labelled].filter(([, count]) => count >= 2).map(([row]) => row);
    shape = { widths, headers };
    shapes.set(piece.block, shape);
  }
  const width = shape.widths.get(piece.row!);
  return shape.headers.some((row) => row < piece.row! && shape.widths.get(row) === width);
}

type Arrangement = Token[][] & { rowMajorHead?: boolean };

/** Cut a run of `m × k` values into rows: row by row if the identities hold so, else column by column. */
function arrange(tokens: Token[], k: number, rule: RowRule | undefined, labelled: boolean): Arrangement {
  const rowMajor = (list: Token[]): Token[][] => {
    const rows: Token[][] = [];
    for (let at = 0; at < list.length; at += k) rows.push(list.slice(at, at + k));
    return rows;
  };
  const columnMajor = (list: Token[]): Token[][] => {
    const m = list.length / k;
    const rows: Token[][] = [];
    for (let r = 0; r < m; r++) rows.push(Array.from({ length: k }, (_, c) => list[c * m + r]!));
    return rows;
  };
  const fits = (rows: Token[][]) =>
    rule !== undefined &&
    rows.every((row) => {
      const values = row.map((t) => parseValue(t.raw)?.value ?? Number.NaN);
      return values.every((v) => !Number.isNaN(v)) && rule.identity(values);
    });
  const plain: Arrangement = rowMajor(tokens);
  plain.rowMajorHead = labelled;
  if (!rule || fits(plain)) return plain;
  const byColumn: Arrangement = columnMajor(tokens);
  if (fits(byColumn)) return byColumn;
  if (tokens.length >= 3 * k) {
    const head = tokens.slice(0, k);
    const rest = columnMajor(tokens.slice(k));
    const mixed: Arrangement = [head, ...rest];
    mixed.rowMajorHead = labelled;
    if (fits(mixed)) return mixed;
  }
  return plain;
}

/** Rows named one by one; past this, one diagnostic counts the rest (a sheet of data is not a report). */
const MAX_STRAY_ROWS_REPORTED = 50;

/**
 * Values in grid rows whose label is not a row of the template (「其他主动公开文件」): kept out of the
 * cells, and said so.
 */
function reportStrayRows(
  stream: Stream,
  region: Region,
  anchors: Anchor[],
  groups: Group[],
  diagnostics: Diagnostic[],
  table: string,
): void {
  if (anchors.length === 0) return;
  const used = new Set<number>();
  for (const group of groups) for (const token of group.tokens) used.add(token.offset);
  const from = foldedToText(stream, anchors[0]!.start);
  // Only trusted grids have rows that are known to be rows: text is not split into words for nothing.
  const stray = tokenize(stream, from, foldedToText(stream, region.end), {
    blanks: 'none',
    trustedOnly: true,
  }).filter((t) => !used.has(t.offset));
  const seen = new Set<string>();
  let unreported = 0;
  for (const token of stray) {
    const rowKey = `${token.piece.block}:${token.piece.row}`;
    if (seen.has(rowKey)) continue;
    seen.add(rowKey);
    if (seen.size > MAX_STRAY_ROWS_REPORTED) {
      unreported++;
      continue;
    }
    let at = pieceIndexAt(stream, token.piece.start);
    while (
      at > 0 &&
      stream.pieces[at - 1]!.block === token.piece.block &&
      stream.pieces[at - 1]!.row === token.piece.row
    )
      at--;
    const first = stream.pieces[at]!;
    const label = stream.text.slice(first.start, first.end).trim();
    diagnostics.push({
      code: 'row-unrecognised',
      severity: 'warning',
      message: `${table}: row 「${label}」 is not a row of the template; its values are not read`,
      position: piecePosition(token.piece),
    });
  }
  if (unreported > 0) {
    diagnostics.push({
      code: 'row-unrecognised',
      severity: 'warning',
      message: `${table}: ${unreported} more rows are not rows of the template; their values are not read`,
    });
  }
}

/** Give each template row its value group: labelled groups to their rows, the others in order between. */
function assignGroups(
  groups: Group[],
  rowCount: number,
  diagnostics: Diagnostic[],
  table: string,
): Map<number, Token[]> {
  const labelled = new Set<number>();
  for (const group of groups) if (group.row !== undefined) labelled.add(group.row);
  const assigned = new Map<number, Token[]>();
  let next = 0;
  for (const group of groups) {
    if (group.row !== undefined) {
      if (assigned.has(group.row)) {
        diagnostics.push({
          code: 'row-repeated',
          severity: 'warning',
          message: `${table}: a row label appears twice with values; the first is used`,
        });
        continue;
      }
      assigned.set(group.row, group.tokens);
      next = Math.max(next, group.row + 1);
      continue;
    }
    let row = next;
    while (row < rowCount && (labelled.has(row) || assigned.has(row))) row++;
    if (row >= rowCount) {
      diagnostics.push({
        code: 'values-unplaced',
        severity: 'warning',
        message: `${table}: ${group.tokens.length} values after the last row could not be placed`,
      });
      continue;
    }
    assigned.set(row, group.tokens);
    next = row + 1;
  }
  return assigned;
}

/** Where a short row's values of aligned text may be placed from: the header's columns, the full rows'. */
interface Placement {
  stream: Stream;
  header?: { alignment: Alignment };
  /** The columns the full rows on this page show (pdftotext lays each page out on its own). */
  rows?: (page: number | undefined) => Alignment | undefined;
}

function resolve(tokens: Token[], k: number, rule: RowRule | undefined, placement?: Placement): Resolution {
  if (tokens.length > k) tokens = trimBlankCells(tokens, k);
  if (tokens.length === k) return { kind: 'direct', tokens };
  if (placement && tokens.length < k) {
    const under = (alignment: Alignment | undefined) =>
      alignment && alignment.centres.length === k
        ? underColumns(placement.stream, tokens, alignment)
        : undefined;
    // The full rows' columns only for a row one value short: the case they were measured to settle.
    const placed =
      under(placement.header?.alignment) ??
      (tokens.length === k - 1 ? under(placement.rows?.(pageOf(tokens))) : undefined);
    if (placed) return { kind: 'direct', tokens: placed };
  }
  if (tokens.length > k) return { kind: 'none', tokens, why: `${tokens.length} values for ${k} columns` };
  if (tokens.some((t) => t.blank || parseValue(t.raw)?.status !== 'ok')) {
    return { kind: 'none', tokens, why: `${tokens.length} values for ${k} columns` };
  }
  const raws = tokens.map((t) => t.raw);
  const split = splitReadings(raws, k, rule?.identity);
  if (split === undefined) return { kind: 'none', tokens, why: 'too many ways to split the digits' };
  const lost = rule ? lostCellReadings(raws, k, rule.solve) : [];
  // If a lost cell can only be a total, the row printed its total blank: keep it blank (the sum is
  // reported beside it), never fill it in.
  const lostAt = new Set(lost.map((r) => r.lost));
  if (split.length === 0 && lostAt.size === 1 && rule!.totals.includes(lost[0]!.lost!)) {
    // A total is never below one of its parts: if the value printed last could be the total, the
    // missing cell may as well be another one (and the row an arithmetic error). Say so.
    const at = lost[0]!.lost!;
    const group = rule!.totals.filter((t) => t < at).length;
    const start = rule!.totals[group - 1] !== undefined ? rule!.totals[group - 1]! + 1 : 0;
    const parts = raws.slice(start, at).map(Number);
    const last = parts[parts.length - 1];
    // Values one per line keep no trace of where the blank cell stood; a table row at least keeps order.
    const inRow = tokens.every((t) => t.piece.cell);
    if (!inRow || (last !== undefined && parts.length > 1 && last >= Math.max(...parts.slice(0, -1)))) {
      return {
        kind: 'none',
        tokens,
        why: `${tokens.length} values for ${k} columns: a blank 总计 or a lost cell`,
      };
    }
    const anchor = tokens[Math.min(at, tokens.length - 1)]!;
    const blank: Token = { raw: '', offset: anchor.offset, piece: anchor.piece, blank: true };
    return { kind: 'direct', tokens: [...tokens.slice(0, at), blank, ...tokens.slice(at)] };
  }
  const readings = distinct([...split, ...lost]);
  const why =
    split.length > 0
      ? `digits ${raws.join(' ')} split into ${k} values`
      : `${tokens.length} values printed for ${k} columns`;
  return { kind: 'readings', readings, tokens, why };
}

/**
 * A grid row with more cells than the row has columns, the extra ones empty: label columns left empty
 * before the values (a flat sheet) or unused columns after them (a narrow block in a wide sheet).
 */
function trimBlankCells(tokens: Token[], k: number): Token[] {
  let start = 0;
  let end = tokens.length;
  while (end - start > k && tokens[start]!.blank) start++;
  while (end - start > k && tokens[end - 1]!.blank) end--;
  return start === 0 && end === tokens.length ? tokens : tokens.slice(start, end);
}

type Measure = 'chars' | 'display';

/**
 * Column centres of a header, in two measures: by characters (pdftotext -layout lines text up by
 * characters) and by display width (other tools give a Chinese character two columns). Which one the
 * table follows shows in how closely its values stand under one or the other.
 */
interface HeaderColumns {
  chars: number[];
  /** Missing when the header's lines do not stack up by display width. */
  display?: number[];
}

/**
 * Where the column labels stand on the header of whitespace-aligned text (pdftotext -layout): the
 * centre of each label, when every label is found in order on one line, or stacked over up to
 * {@link MAX_HEADER_LINES} consecutive lines.
 */
function headerColumns(
  stream: Stream,
  region: Region,
  columns: readonly ColumnDef[],
): HeaderColumns | undefined {
  const start = foldedToText(stream, region.start);
  const end = foldedToText(stream, region.end);
  // The single-line pieces just above, for headers wrapped over consecutive source lines.
  const above: Piece[] = [];
  for (let i = pieceIndexAt(stream, start); i < stream.pieces.length; i++) {
    const piece = stream.pieces[i]!;
    if (piece.start >= end) break;
    if (piece.cell || piece.position.column === undefined) continue;
    const text = stream.text.slice(piece.start, piece.end);
    if (text.includes('\n') || text.length > 400) continue;
    const chars: number[] = [];
    const display: number[] = [];
    let from = 0;
    for (const column of columns) {
      const at = text.indexOf(column.label, from);
      if (at < 0) break;
      chars.push(piece.position.column + at + column.label.length / 2);
      display.push(
        piece.position.column +
          displayWidth(text, 0, at) +
          displayWidth(column.label, 0, column.label.length) / 2,
      );
      from = at + column.label.length;
    }
    if (chars.length === columns.length) return { chars, display };
    // Only lines of labels spread out by wide gaps stack into a header; any other line ends a stack.
    if (!text.includes('  ')) {
      above.length = 0;
      continue;
    }
    above.push(piece);
    if (above.length > MAX_HEADER_LINES) above.shift();
    for (let lines = 2; lines <= MAX_HEADER_LINES && lines <= above.length; lines++) {
      const stacked = stackedHeader(stream, above.slice(-lines), columns);
      if (stacked) return stacked;
    }
  }
  return undefined;
}

/** pdftotext -layout wraps a narrow column's header over as many as three lines (社会/公益/组织). */
const MAX_HEADER_LINES = 3;

/**
 * Column centres from a header printed over consecutive lines: each line's words (runs of text between
 * gaps of two or more spaces) are stacked on the words above them that they overlap, and every column
 * label must be spelled, in order, by one stack (「商业」 over 「企业」 is 商业企业).
 */
function stackedHeader(
  stream: Stream,
  lines: Piece[],
  columns: readonly ColumnDef[],
): HeaderColumns | undefined {
  for (let k = 1; k < lines.length; k++) {
    if (lines[k]!.position.line !== (lines[k - 1]!.position.line ?? Number.NaN) + 1) return undefined;
  }
  const chars = stackCentres(stream, lines, columns, 'chars');
  if (!chars) return undefined;
  const display = stackCentres(stream, lines, columns, 'display');
  return display ? { chars, display } : { chars };
}

function stackCentres(
  stream: Stream,
  lines: Piece[],
  columns: readonly ColumnDef[],
  measure: Measure,
): number[] | undefined {
  const stacks: Array<{ text: string; start: number; end: number }> = [];
  for (const piece of lines) {
    const text = stream.text.slice(piece.start, piece.end);
    for (const word of text.matchAll(/\S+(?: \S+)*/g)) {
      const offset = measure === 'chars' ? word.index! : displayWidth(text, 0, word.index!);
      const start = piece.position.column! + offset;
      const end = start + (measure === 'chars' ? word[0].length : displayWidth(word[0], 0, word[0].length));
      const below = stacks.filter((stack) => stack.start < end && start < stack.end);
      if (below.length > 1) return undefined;
      const stack = below[0];
      if (stack) {
        stack.text += word[0];
        stack.start = Math.min(stack.start, start);
        stack.end = Math.max(stack.end, end);
      } else {
        stacks.push({ text: word[0], start, end });
      }
    }
  }
  stacks.sort((a, b) => a.start - b.start);
  const centres: number[] = [];
  let next = 0;
  for (const column of columns) {
    while (next < stacks.length && stacks[next]!.text !== column.label) next++;
    if (next >= stacks.length) return undefined;
    const stack = stacks[next++]!;
    centres.push((stack.start + stack.end) / 2);
  }
  return centres;
}

/** Columns `text[from, to)` takes on a terminal: two for a CJK or full-width character, one for the rest. */
function displayWidth(text: string, from: number, to: number): number {
  let width = 0;
  for (let i = from; i < to; i++) width += isWide(text.charCodeAt(i)) ? 2 : 1;
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    // Curly double quotes are of ambiguous width; Chinese fonts, and the synthetic corpus, make them wide.
    code === 0x201c ||
    code === 0x201d
  );
}

/** Where a table's values are measured against its header's column centres. */
interface Alignment {
  measure: Measure;
  centres: number[];
  /** How far a value may stand from its column's centre; a header's columns take the nearest value. */
  tolerance?: number;
}

/** The tokens of one aligned line of a text grid, each with a column. */
function onOneLine(tokens: Token[]): boolean {
  const line = tokens[0]?.piece.position.line;
  if (line === undefined) return false;
  return tokens.every(
    (token) =>
      token.piece.cell &&
      !token.piece.trustedCell &&
      token.piece.position.line === line &&
      token.piece.position.column !== undefined,
  );
}

/** The fewest full rows that make a column model, and the share of them that must agree with it. */
const MIN_FULL_ROWS = 3;
const FULL_ROWS_AGREEING = 0.8;

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The columns of aligned text (pdftotext -layout) as its own full rows on one page show them (a value in
 * every column, on one line): each column's centre is the median of its values' centres. pdftotext keeps
 * a column where the PDF put it, whatever the header looks like (wrapped, split by a page break, or
 * measured otherwise), so a row short of a value can be placed under them. Per page, for each page is
 * laid out on its own; only when most full rows there stand within a third of the narrowest column
 * spacing of those centres.
 */
function columnsFromRows(
  rows: Iterable<Token[]>,
  k: number,
  page: number | undefined,
): Alignment | undefined {
  const full: number[][] = [];
  for (const tokens of rows) {
    if (tokens.length !== k || tokens.some((t) => t.blank) || !onOneLine(tokens)) continue;
    if (pageOf(tokens) !== page) continue;
    full.push(tokens.map(charCentre));
  }
  if (full.length < MIN_FULL_ROWS) return undefined;
  const centres = Array.from({ length: k }, (_, c) => median(full.map((row) => row[c]!)));
  let spacing = Number.POSITIVE_INFINITY;
  for (let c = 1; c < k; c++) spacing = Math.min(spacing, centres[c]! - centres[c - 1]!);
  if (!(spacing >= 3)) return undefined;
  const tolerance = spacing / 3;
  const agreeing = full.filter((row) => row.every((x, c) => Math.abs(x - centres[c]!) <= tolerance)).length;
  return agreeing >= full.length * FULL_ROWS_AGREEING ? { measure: 'chars', centres, tolerance } : undefined;
}

function pageOf(tokens: Token[]): number | undefined {
  return tokens[0]?.piece.position.page;
}

function valueCentres(stream: Stream, tokens: Token[], measure: Measure): number[] {
  return tokens.map((token) =>
    measure === 'chars'
      ? charCentre(token)
      : displayColumn(stream, token) + displayWidth(token.raw, 0, token.raw.length) / 2,
  );
}

function charCentre(token: Token): number {
  return token.piece.position.column! + token.raw.length / 2;
}

/**
 * The measure a table is aligned by, from its full rows (a value in every column, so the i-th value
 * belongs under the i-th label): characters, as pdftotext -layout aligns, unless by display width the
 * values stand at most half as far from their labels. Decided once per table, not per row, so that a
 * row with blanks cannot happen to fit the wrong measure better.
 */
function tableAlignment(stream: Stream, header: HeaderColumns, rows: Iterable<Token[]>): Alignment {
  const chars: Alignment = { measure: 'chars', centres: header.chars };
  if (!header.display) return chars;
  const k = header.chars.length;
  let byChars = 0;
  let byDisplay = 0;
  for (const tokens of rows) {
    if (tokens.length !== k || tokens.some((t) => t.blank) || !onOneLine(tokens)) continue;
    const c = valueCentres(stream, tokens, 'chars');
    const d = valueCentres(stream, tokens, 'display');
    for (let i = 0; i < k; i++) {
      byChars += Math.abs(c[i]! - header.chars[i]!);
      byDisplay += Math.abs(d[i]! - header.display[i]!);
    }
  }
  return byDisplay > 0 && byDisplay * 2 <= byChars ? { measure: 'display', centres: header.display } : chars;
}

/**
 * Values of one aligned line put under the columns they stand beneath, in the alignment's measure; the
 * columns left over are blank cells. Only when each value falls under a different column, in order.
 */
function underColumns(stream: Stream, tokens: Token[], alignment: Alignment): Token[] | undefined {
  if (!onOneLine(tokens)) return undefined;
  const centres = valueCentres(stream, tokens, alignment.measure);
  const placed = placeUnder(tokens, alignment.centres, centres, alignment.tolerance);
  if (!placed) return undefined;
  const first = tokens[0]!;
  return placed.map((token) => token ?? { raw: '', offset: first.offset, piece: first.piece, blank: true });
}

/** Each value under the nearest column centre (within `tolerance`), in order and one per column. */
function placeUnder(
  tokens: Token[],
  header: number[],
  centres: number[],
  tolerance = Number.POSITIVE_INFINITY,
): Array<Token | undefined> | undefined {
  const placed = new Array<Token | undefined>(header.length).fill(undefined);
  let previous = -1;
  for (let i = 0; i < tokens.length; i++) {
    const centre = centres[i]!;
    let best = 0;
    for (let c = 1; c < header.length; c++) {
      if (Math.abs(header[c]! - centre) < Math.abs(header[best]! - centre)) best = c;
    }
    if (best <= previous || Math.abs(header[best]! - centre) > tolerance) return undefined;
    placed[best] = tokens[i];
    previous = best;
  }
  return placed;
}

/**
 * Where a text-grid cell starts in display columns: its character column, plus one for every wide
 * character in the cells before it on its line (the gaps between cells are spaces).
 */
function displayColumn(stream: Stream, token: Token): number {
  const piece = token.piece;
  let column = piece.position.column!;
  for (let at = pieceIndexAt(stream, piece.start) - 1; at >= 0; at--) {
    const before = stream.pieces[at]!;
    if (before.block !== piece.block || before.row !== piece.row) break;
    column += displayWidth(stream.text, before.start, before.end) - (before.end - before.start);
  }
  return column + displayWidth(stream.text, piece.start, token.offset) - (token.offset - piece.start);
}

export interface TableSpec {
  id: 'T2' | 'T3' | 'T4';
  layout: TableLayout;
  /** Column definitions actually used per row (T3 may add orgSubtotal). */
  columnsOf(row: RowDef): readonly ColumnDef[];
  rule?: (row: RowDef) => RowRule | undefined;
}

function cellFromToken(token: Token, column: ColumnDef): Cell {
  if (token.blank) return { value: null, raw: '', status: 'blank' };
  const parsed = parseValue(token.raw, column.kind);
  if (!parsed) return { value: null, raw: token.raw, status: 'ambiguous' };
  const cell: Cell = { value: parsed.value, raw: token.raw, status: parsed.status };
  if (parsed.unit) cell.unit = parsed.unit;
  return cell;
}

/**
 * Cell keys of a row, built once per table, layout row and column list: the same strings for every
 * report, so that writing ~200 cells per report stores under keys the engine has already interned
 * instead of hashing freshly concatenated ones. Keyed by the column list itself, so a caller must pass
 * the same array for the same columns (readT3 keeps its subtotal variants).
 */
const ROW_KEYS = new Map<string, WeakMap<RowDef, WeakMap<readonly ColumnDef[], readonly string[]>>>();
const T4_KEYS = new WeakMap<TableLayout, readonly string[]>();

function rowKeys(spec: TableSpec, row: RowDef, columns: readonly ColumnDef[]): readonly string[] {
  let byRow = ROW_KEYS.get(spec.id);
  if (!byRow) {
    byRow = new WeakMap();
    ROW_KEYS.set(spec.id, byRow);
  }
  let byColumns = byRow.get(row);
  if (!byColumns) {
    byColumns = new WeakMap();
    byRow.set(row, byColumns);
  }
  let keys = byColumns.get(columns);
  if (!keys) {
    keys = Object.freeze(columns.map((c) => `${spec.id}.${row.key}.${c.key}`));
    byColumns.set(columns, keys);
  }
  return keys;
}

/** Read the rows of a labelled table (T2, T3) inside a region. */
export function readLabelledTable(
  stream: Stream,
  region: Region,
  spec: TableSpec,
  diagnostics: Diagnostic[],
): TableOutput {
  const rows = spec.layout.rows;
  const widths = rows.map((row) => spec.columnsOf(row).length);
  const anchors = findAnchors(stream, region, rows);
  const groups = groupsOf(
    stream,
    region,
    anchors,
    widths,
    spec.rule?.(rows[0]!),
    columnLabelsOf(spec.layout),
  );
  const assigned = assignGroups(groups, rows.length, diagnostics, spec.id);
  const columnsAt = spec.id === 'T3' ? headerColumns(stream, region, spec.columnsOf(rows[0]!)) : undefined;
  // Measured the first time a row lacks values, not for every table.
  let alignment: Alignment | undefined;
  // Likewise the columns the full rows show, for T3 (T2's rows differ in width, T4 is one row).
  const fromRows = new Map<number | undefined, Alignment | undefined>();
  const placement: Placement = {
    stream,
    ...(columnsAt && {
      header: {
        get alignment() {
          alignment ??= tableAlignment(stream, columnsAt, assigned.values());
          return alignment;
        },
      },
    }),
    ...(spec.id === 'T3' && {
      rows: (page: number | undefined) => {
        if (!fromRows.has(page)) fromRows.set(page, columnsFromRows(assigned.values(), widths[0]!, page));
        return fromRows.get(page);
      },
    }),
  };
  reportStrayRows(stream, region, anchors, groups, diagnostics, spec.id);
  const resolutions = new Map<number, Resolution>();
  for (const [rowIndex, tokens] of assigned) {
    const row = rows[rowIndex]!;
    resolutions.set(rowIndex, resolve(tokens, widths[rowIndex]!, spec.rule?.(row), placement));
  }
  if (spec.id === 'T3') settleByColumns(rows, spec, resolutions);

  const output: TableOutput = { cells: new Map(), positions: new Map(), rowsFound: 0 };
  rows.forEach((row, rowIndex) => {
    const columns = spec.columnsOf(row);
    const keys = rowKeys(spec, row, columns);
    const resolution = resolutions.get(rowIndex);
    if (!resolution) {
      for (const key of keys) output.cells.set(key, { value: null, raw: null, status: 'blank' });
      diagnostics.push({
        code: 'row-not-found',
        severity: 'warning',
        message: `${spec.id}: no values found for row 「${row.label}」`,
        keys: [...keys],
      });
      return;
    }
    output.rowsFound++;
    writeRow(stream, resolution, columns, keys, output, diagnostics, `${spec.id} 「${row.label}」`);
  });
  return output;
}

function writeRow(
  stream: Stream,
  resolution: Resolution,
  columns: readonly ColumnDef[],
  keys: readonly string[],
  output: TableOutput,
  diagnostics: Diagnostic[],
  where: string,
): void {
  // A grid cell is its own position (an empty cell has no character to look up in the stream).
  const position = (token: Token | undefined) =>
    token ? (token.piece.cell ? piecePosition(token.piece) : positionAt(stream, token.offset)) : undefined;
  if (resolution.kind === 'direct') {
    resolution.tokens.forEach((token, i) => {
      output.cells.set(keys[i]!, cellFromToken(token, columns[i]!));
      const at = position(token);
      if (at) output.positions.set(keys[i]!, at);
    });
    return;
  }
  const first = position(resolution.tokens[0]);
  if (resolution.kind === 'readings' && resolution.readings.length === 1) {
    const reading = resolution.readings[0]!;
    keys.forEach((key, i) => {
      const value = reading.values[i]!;
      output.cells.set(key, {
        value,
        raw: reading.raws[i] ?? null,
        status: 'inferred',
        inferred: { value, reason: resolution.why },
      });
      if (first) output.positions.set(key, first);
    });
    diagnostics.push({
      code: 'row-inferred',
      severity: 'info',
      message: `${where}: ${resolution.why}; one reading fits`,
      keys: [...keys],
      ...(first ? { position: first } : {}),
    });
    return;
  }
  const raw = resolution.tokens.map((t) => t.raw).join(' ');
  const readings =
    resolution.kind === 'readings' ? resolution.readings.slice(0, 20).map((r) => r.values) : [];
  // Cells on which every reading agrees are known even when the row is not.
  keys.forEach((key, i) => {
    const agreed =
      readings.length > 1 &&
      resolution.kind === 'readings' &&
      resolution.readings.every((r) => r.values[i] === readings[0]![i]);
    const cell: Cell = agreed
      ? {
          value: readings[0]![i]!,
          raw,
          status: 'inferred',
          inferred: {
            value: readings[0]![i]!,
            reason: resolution.agreed ?? 'every reading of the row agrees',
          },
        }
      : { value: null, raw, status: 'ambiguous', ...(readings.length > 0 ? { readings } : {}) };
    output.cells.set(key, cell);
    if (first) output.positions.set(key, first);
  });
  const count = resolution.kind === 'readings' ? resolution.readings.length : 0;
  diagnostics.push({
    code: 'row-ambiguous',
    severity: 'warning',
    message: `${where}: ${resolution.why}; ${count === 0 ? 'no reading fits' : `${count} readings fit`}`,
    keys: [...keys],
    ...(first ? { position: first } : {}),
  });
}

/**
 * Rows with several readings: choose the combination under which the column identities hold (each
 * column's results add up to （七）总计, and 一+二 = 三（七）+四), when exactly one does.
 */
function settleByColumns(
  rows: readonly RowDef[],
  spec: TableSpec,
  resolutions: Map<number, Resolution>,
): void {
  const open = [...resolutions.entries()].filter(
    ([, r]) => r.kind === 'readings' && r.readings.length > 1,
  ) as Array<[number, Extract<Resolution, { kind: 'readings' }>]>;
  if (open.length === 0) return;
  let combinations = 1;
  for (const [, r] of open) combinations *= r.readings.length;
  if (combinations > 200_000) return;
  const index = new Map(rows.map((row, i) => [row.key, i]));
  const width = spec.columnsOf(rows[0]!).length;
  // The settled rows' values, read once: the search below looks at them for every combination.
  const settled = new Map<number, number[]>();
  for (const [rowIndex, r] of resolutions) {
    if (r.kind === 'direct') {
      settled.set(
        rowIndex,
        r.tokens.map((t) => (t.blank ? Number.NaN : (parseValue(t.raw)?.value ?? Number.NaN))),
      );
    } else if (r.kind === 'readings' && r.readings.length === 1) settled.set(rowIndex, r.readings[0]!.values);
  }
  const known = (rowIndex: number): number[] | undefined => settled.get(rowIndex);
  const resultRows = rows
    .map((row, i) => ({ row, i }))
    .filter(({ row }) => !['newReceived', 'carriedOver', 'total', 'carriedForward'].includes(row.key))
    .map(({ i }) => i);
  const at = (key: string) => index.get(key);
  const choice = new Map<number, number[]>();
  const valuesOf = (rowIndex: number) => choice.get(rowIndex) ?? known(rowIndex);
  const holds = (): boolean => {
    for (let c = 0; c < width; c++) {
      const total = valuesOf(at('total')!)?.[c];
      let sum = 0;
      let complete = total !== undefined && !Number.isNaN(total);
      for (const r of resultRows) {
        const v = valuesOf(r)?.[c];
        if (v === undefined || Number.isNaN(v)) complete = false;
        else sum += v;
      }
      if (complete && sum !== total) return false;
      const parts = ['newReceived', 'carriedOver', 'total', 'carriedForward'].map(
        (k) => valuesOf(at(k)!)?.[c],
      );
      if (parts.every((v) => v !== undefined && !Number.isNaN(v))) {
        if (parts[0]! + parts[1]! !== parts[2]! + parts[3]!) return false;
      }
    }
    return true;
  };
  const fitting: number[][] = [];
  const pick: number[] = [];
  const search = (depth: number) => {
    if (fitting.length > 1) return;
    if (depth === open.length) {
      if (holds()) fitting.push([...pick]);
      return;
    }
    const [rowIndex, resolution] = open[depth]!;
    resolution.readings.forEach((reading, i) => {
      choice.set(rowIndex, reading.values);
      pick.push(i);
      search(depth + 1);
      pick.pop();
    });
    choice.delete(rowIndex);
  };
  search(0);
  if (fitting.length !== 1) return;
  fitting[0]!.forEach((readingIndex, depth) => {
    const [rowIndex, resolution] = open[depth]!;
    resolutions.set(rowIndex, {
      kind: 'readings',
      readings: [resolution.readings[readingIndex]!],
      tokens: resolution.tokens,
      why: `${resolution.why}; the column identities pick one of ${resolution.readings.length} readings`,
    });
  });
}

/** T4: one row of 15 values under its column headers; no row labels to anchor on. */
export function readT4(
  stream: Stream,
  region: Region,
  layout: TableLayout,
  rule: RowRule,
  diagnostics: Diagnostic[],
): TableOutput {
  // Some templates give each T4 group its own labelled row (行政复议 | 5 | 0 | 0 | 2 | 7): read it by
  // its labels when every group is found that way with its five values.
  const labelledNotes: Diagnostic[] = [];
  const groupRule = sumGroups(1, 5);
  const labelled = readLabelledTable(
    stream,
    region,
    { id: 'T4', layout, columnsOf: (row) => row.columns, rule: () => groupRule },
    labelledNotes,
  );
  const clean = !labelledNotes.some((d) => d.severity !== 'info');
  if (labelled.rowsFound === layout.rows.length && clean) {
    diagnostics.push(...labelledNotes);
    return labelled;
  }
  const output: TableOutput = { cells: new Map(), positions: new Map(), rowsFound: 0 };
  const start = foldedToText(stream, region.start);
  const end = foldedToText(stream, region.end);
  const labels = columnLabelsOf(layout);
  const tokens = tokenize(stream, start, end, {
    blanks: 'data-rows',
    wholeCells: (piece) => underHeader(stream, piece, labels),
  });
  const columns = layout.rows.flatMap((row) => row.columns);
  let keys = T4_KEYS.get(layout);
  if (!keys) {
    keys = layoutKeys(layout);
    T4_KEYS.set(layout, keys);
  }
  if (tokens.length === 0) return output;
  output.rowsFound = layout.rows.length;
  let resolution = resolve(tokens, keys.length, rule);
  if (resolution.kind === 'direct') {
    const values = tokens.map((t) => (t.blank ? Number.NaN : (parseValue(t.raw)?.value ?? Number.NaN)));
    const runs = runsOf(stream, tokens);
    // A row printed in one piece keeps its values as printed, even when they do not add up (the
    // agency's error). Values scattered among header words (plain pdftotext) come in the order of
    // pdftotext's block sort, which need not follow the columns: the first run printed is often not
    // 行政复议·结果维持, and a wrong order can add up as well as the right one (the parts of a group
    // in another order always do). Every order of the runs that adds up is a reading, the printed one
    // included; only the report's own words (「行政复议351件，其中结果维持72件…」) may narrow them.
    if (runs.length > 1 && values.every((v) => !Number.isNaN(v))) {
      resolution = scatteredT4(stream, region, tokens, values, runs, rule, resolution);
    }
  }
  writeRow(stream, resolution, columns, keys, output, diagnostics, 'T4');
  return output;
}

/** The T4 row when its values came in several runs among the header words. */
function scatteredT4(
  stream: Stream,
  region: Region,
  tokens: Token[],
  values: number[],
  runs: Token[][],
  rule: RowRule,
  printed: Resolution,
): Resolution {
  const scattered = `the ${tokens.length} values are scattered among the header words`;
  const all = reorderings(runs, rule);
  if (all === undefined) return { kind: 'none', tokens, why: `${scattered} in too many runs to order` };
  const printedFits = rule.identity(values);
  if (all.length === 0) {
    // No order adds up: the agency's arithmetic error, or runs broken apart. Only a row in one piece
    // but for its last value, printed after its own 总计 header, keeps the printed order.
    const [head, last] = runs;
    const between =
      runs.length === 2 && last!.length === 1
        ? stream.text.slice(
            head![head!.length - 1]!.offset + head![head!.length - 1]!.raw.length,
            last![0]!.offset,
          )
        : '';
    if (normalizeLabel(between) === '总计') return printed;
    return { kind: 'none', tokens, why: `${scattered} and add up in no order` };
  }
  if (printedFits && all.length === 1) return printed;
  const stated = statedReview(stream, region);
  const matching = stated ? all.filter((r) => stated.values.every((v, i) => r.values[i] === v)) : [];
  let why = printedFits
    ? `${scattered} and add up in ${all.length} orders, the printed one among them`
    : `${scattered} and do not add up in reading order`;
  if (matching.length === 0) return { kind: 'readings', readings: all, tokens, why };
  why += `; the text's 「${stated!.text}」 matches ${matching.length} of the ${all.length} orders that add up`;
  return {
    kind: 'readings',
    readings: matching,
    tokens,
    why,
    agreed: `every reading that matches the text's 「${stated!.text}」 agrees`,
  };
}

/** Maximal runs of tokens with nothing but spaces between them. */
function runsOf(stream: Stream, tokens: Token[]): Token[][] {
  const runs: Token[][] = [];
  let current: Token[] = [];
  tokens.forEach((token, i) => {
    if (i > 0) {
      const previous = tokens[i - 1]!;
      const between = stream.text.slice(previous.offset + previous.raw.length, token.offset);
      if (/[^\s\u001f]/.test(between)) {
        runs.push(current);
        current = [];
      }
    }
    current.push(token);
  });
  if (current.length > 0) runs.push(current);
  return runs;
}

/** Orders of the runs searched at most, before the row is left undecided. */
const MAX_ORDERS = 20_000;

/** Orders of the runs under which every group adds up; undefined when there are too many to try. */
function reorderings(runs: Token[][], rule: RowRule): Reading[] | undefined {
  const readings: Reading[] = [];
  let explored = 0;
  const used = new Array<boolean>(runs.length).fill(false);
  const order: Token[] = [];
  const values: number[] = [];
  const length = runs.reduce((n, r) => n + r.length, 0);
  const runValues = runs.map((run) => run.map((t) => parseValue(t.raw)!.value!));
  // Runs that print the same values are interchangeable: one is tried only after the one before it.
  const texts = runs.map((run) => run.map((t) => t.raw).join(' '));
  const previousSame = texts.map((text, i) => (i === 0 ? -1 : texts.lastIndexOf(text, i - 1)));
  // A group is checked as soon as it is complete: most orders fail early.
  const groupsHold = (from: number, to: number): boolean => {
    let start = 0;
    for (const total of rule.totals) {
      if (total >= from && total < to) {
        let sum = 0;
        for (let i = start; i < total; i++) sum += values[i]!;
        if (sum !== values[total]) return false;
      }
      start = total + 1;
    }
    return true;
  };
  const visit = (): boolean => {
    if (++explored > MAX_ORDERS) return false;
    if (order.length === length) {
      if (rule.identity(values)) readings.push({ values: [...values], raws: order.map((t) => t.raw) });
      return true;
    }
    for (let i = 0; i < runs.length; i++) {
      if (used[i] || (previousSame[i]! >= 0 && !used[previousSame[i]!])) continue;
      const from = order.length;
      order.push(...runs[i]!);
      values.push(...runValues[i]!);
      let complete = true;
      if (groupsHold(from, order.length)) {
        used[i] = true;
        complete = visit();
        used[i] = false;
      }
      order.length = from;
      values.length = from;
      if (!complete) return false;
    }
    return true;
  };
  return visit() ? distinct(readings) : undefined;
}

/**
 * The 行政复议 figures as the report's text states them (「政府信息公开行政复议351件，其中结果维持72件，
 * 结果纠正64件，其他结果178件，尚未审结37件」), outside the table: the four results and the total, when all
 * five are given, add up and the total is not 0, and the text states no other such figures.
 */
function statedReview(stream: Stream, region: Region): { values: number[]; text: string } | undefined {
  const folded = stream.folded;
  // Up to the end of the sentence or clause, and never into the figures of 行政诉讼.
  const statement = /行政复议(?:案件)?共?(\d+)件,?其中((?:(?!行政诉讼)[^。;]){0,80})/g;
  const parts = [
    /(?:结果)?维持(\d+)件/,
    /(?:结果)?纠正(\d+)件/,
    /其他(?:结果)?(\d+)件/,
    /(?:尚)?未审结(\d+)件/,
  ];
  const found = new Map<string, { values: number[]; text: string }>();
  for (const match of folded.matchAll(statement)) {
    const at = match.index;
    if (at + match[0].length > region.start && at < region.end) continue;
    const partMatches = parts.map((part) => part.exec(match[2]!));
    if (partMatches.some((m) => m === null)) continue;
    const values = [...partMatches.map((m) => Number(m![1])), Number(match[1])];
    if (values[4] === 0 || values[0]! + values[1]! + values[2]! + values[3]! !== values[4]) continue;
    // The statement as printed, up to its last figure.
    const end =
      at + match[0].length - match[2]!.length + Math.max(...partMatches.map((m) => m!.index + m![0].length));
    const text = stream.text.slice(foldedToText(stream, at), foldedEndToText(stream, end));
    found.set(values.join(','), { values, text: text.replace(/\s+/g, '') });
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}

/** Whether the T3 header prints an extra 法人或其他组织小计 column. */
export function hasOrgSubtotal(stream: Stream, region: Region, firstAnchor: number): boolean {
  const header = stream.folded.slice(region.start, Math.min(firstAnchor, region.end));
  return header.includes('小计');
}
