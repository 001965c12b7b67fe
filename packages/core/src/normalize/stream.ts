/**
 * The document as one string, so labels can be found wherever a rendering put them: in a heading, in
 * a paragraph run together with its numbers, or spread over table cells and lines. Every character maps
 * back to the block (and cell) it came from.
 */
import type { Block, SourcePosition } from '../document.js';
import { foldWithMap } from '../labels.js';

/** Separates table cells inside the stream. */
export const CELL_SEPARATOR = '\u001f';

export interface Piece {
  /** Index of the block in the document. */
  block: number;
  /** Grid row and column, for table cells. */
  row?: number;
  col?: number;
  /** [start, end) in the stream. */
  start: number;
  end: number;
  /** A table cell whose emptiness is meaningful (HTML, spreadsheets): a blank cell is a value. */
  trustedCell: boolean;
  /** A table cell (trusted or not). */
  cell: boolean;
  /** For trusted cells, end of the row in the stream. */
  rowEnd: number;
  /** The block's or cell's own position; see {@link piecePosition} for the full one. */
  position: SourcePosition;
  /** Index of the table among the document's tables, for cells. */
  table?: number;
  /**
   * Stream offsets at which a new source line starts inside a text piece, set on first use by
   * {@link positionAt}. A field rather than a WeakMap: thousands of pieces a second made the WeakMap's
   * table grow and rehash between collections, a tenth of a text report's normalize.
   */
  lineStarts: number[] | undefined;
}

/** A piece's position, with table/row/col for cells. */
export function piecePosition(piece: Piece): SourcePosition {
  if (!piece.cell) return piece.position;
  const { line, column, offset, page, sheet, cell } = piece.position;
  const position: SourcePosition = { table: piece.table!, row: piece.row!, col: piece.col! };
  if (line !== undefined) position.line = line;
  if (column !== undefined) position.column = column;
  if (offset !== undefined) position.offset = offset;
  if (page !== undefined) position.page = page;
  if (sheet !== undefined) position.sheet = sheet;
  if (cell !== undefined) position.cell = cell;
  return position;
}

export interface Stream {
  text: string;
  pieces: Piece[];
  /** The stream folded for label matching (no spaces, half width, Simplified). */
  folded: string;
  /** For each index of `folded`, the index in `text`. */
  foldedMap: Int32Array;
}

export function buildStream(blocks: Block[]): Stream {
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let length = 0;
  const push = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  let tableIndex = 0;
  blocks.forEach((block, blockIndex) => {
    if (block.type !== 'table') {
      const start = length;
      push(block.text);
      pieces.push({
        block: blockIndex,
        start,
        end: length,
        trustedCell: false,
        cell: false,
        rowEnd: length,
        position: block.position,
        lineStarts: undefined,
      });
      push('\n');
      return;
    }
    const trusted = block.emptyCells === 'blank';
    block.rows.forEach((row, rowIndex) => {
      const rowPieces: Piece[] = [];
      row.forEach((cell, colIndex) => {
        if (cell.spanOf) return;
        const start = length;
        push(cell.text.includes('\n') ? cell.text.replace(/\n/g, ' ') : cell.text);
        const piece: Piece = {
          block: blockIndex,
          row: rowIndex,
          col: colIndex,
          start,
          end: length,
          trustedCell: trusted,
          cell: true,
          rowEnd: 0,
          position: cell.position,
          table: tableIndex,
          lineStarts: undefined,
        };
        pieces.push(piece);
        rowPieces.push(piece);
        push(CELL_SEPARATOR);
      });
      for (const piece of rowPieces) piece.rowEnd = length;
      push('\n');
    });
    tableIndex++;
    push('\n');
  });
  const text = parts.join('');
  const folded = foldWithMap(text);
  return { text, pieces, folded: folded.text, foldedMap: folded.map };
}

/** Index of the first piece that ends after `offset` (pieces are in stream order). */
export function pieceIndexAt(stream: Stream, offset: number): number {
  let lo = 0;
  let hi = stream.pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stream.pieces[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Stream index where a folded range starts. */
export function foldedToText(stream: Stream, foldedIndex: number): number {
  if (foldedIndex >= stream.foldedMap.length) return stream.text.length;
  return stream.foldedMap[foldedIndex]!;
}

/** Stream index just after a folded range that ends (exclusively) at `foldedEnd`. */
export function foldedEndToText(stream: Stream, foldedEnd: number): number {
  if (foldedEnd <= 0) return 0;
  return stream.foldedMap[foldedEnd - 1]! + 1;
}

function lineStarts(stream: Stream, piece: Piece): number[] {
  let starts = piece.lineStarts;
  if (!starts) {
    starts = [];
    for (let i = piece.start; i < piece.end; i++) if (stream.text.charCodeAt(i) === 10) starts.push(i + 1);
    piece.lineStarts = starts;
  }
  return starts;
}

/** The source position of a stream offset, refined to a line inside multi-line text blocks. */
export function positionAt(stream: Stream, offset: number): SourcePosition | undefined {
  const piece = stream.pieces[pieceIndexAt(stream, offset)];
  if (!piece) return undefined;
  if (piece.start > offset || piece.cell || piece.position.line === undefined) return piecePosition(piece);
  const starts = lineStarts(stream, piece);
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? piece.position : { ...piece.position, line: piece.position.line + lo };
}
