/**
 * A worksheet as blocks in reading order. Rows are grouped into tables at fully empty rows. A group
 * made only of rows that hold one text cell each (a title, a caption, notes) becomes paragraphs. So do
 * such rows at the top of a table when nothing else is in the row, not even a merged range or an empty
 * formatted cell: that is text typed above the grid (a caption), not a row of it. Rows below a table
 * are not split off: a last data row whose values are all blank looks just like a note.
 */
import { AdapterError, type Block, type Diagnostic, type TableCell } from '@xxgk/core/engine';
import type { CellObject, Range, WorkSheet } from 'xlsx';
import { cellText } from './cell-text.js';
import { MAX_COLUMNS, MAX_ROWS } from './scan.js';

/**
 * What addSheet reads of a worksheet, taken out of it by {@link sheetParts}: the worksheets of the
 * three readers (SheetJS and our own two) are objects of different shapes, and reading them here
 * deoptimised addSheet once per shape, at 90–240 ms of compiling each time.
 */
export interface SheetParts {
  data: unknown;
  rows: unknown;
  cols: unknown;
  merges: unknown;
}

export function sheetParts(sheet: WorkSheet): SheetParts {
  return { data: sheet['!data'], rows: sheet['!rows'], cols: sheet['!cols'], merges: sheet['!merges'] };
}

export interface SheetInput {
  name: string;
  sheet: SheetParts;
  hidden: boolean;
  /** A1 references of formula cells without a cached value. */
  formulasWithoutValue: ReadonlySet<string>;
}

export interface BuildState {
  blocks: Block[];
  diagnostics: Diagnostic[];
  tables: number;
  /** Grid slots emitted so far, against `maxCells`. */
  slots: number;
  maxCells: number;
}

interface Entry {
  text: string;
  blank: boolean;
  isText: boolean;
}

/** The text cells of one row: their columns ascending, and the entries in the same order. */
interface RowEntries {
  cols: number[];
  entries: Entry[];
}

/** The entry in column `c`, by binary search over the row's columns. */
function entryAt(row: RowEntries | undefined, c: number): Entry | undefined {
  if (!row) return undefined;
  const { cols } = row;
  let lo = 0;
  let hi = cols.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cols[mid]! < c) lo = mid + 1;
    else hi = mid;
  }
  return cols[lo] === c ? row.entries[lo] : undefined;
}

interface Merge {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  blankOwner: boolean;
}

export function encodeColumn(c: number): string {
  let out = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

export const encodeCell = (r: number, c: number): string => `${encodeColumn(c)}${r + 1}`;

/** The set indices of a possibly sparse array, ascending, without walking a huge `length`. */
function indices(array: readonly unknown[], bound: number): number[] {
  if (array.length <= bound) {
    const out: number[] = [];
    for (let i = 0; i < array.length; i++) if (array[i] !== undefined) out.push(i);
    return out;
  }
  return Object.keys(array)
    .map(Number)
    .filter((i) => Number.isInteger(i) && i >= 0 && array[i] !== undefined);
}

const isWhitespace = (text: string) => text.trim() === '';

/** Per sheet, the cells named one by one in diagnostics of a kind; the rest are counted. */
const MAX_CELL_DIAGNOSTICS = 20;

function tooManyCells(limit: number, what: string): AdapterError {
  return new AdapterError('too-many-cells', `${what}, more than the limit of ${limit} cells`);
}

/**
 * The sheet's merged ranges, cut back to the last row and column that hold any text: beyond them a
 * merged cell only repeats its text over empty grid, and a damaged or hostile range can reach a
 * million rows.
 */
function readMerges(sheet: SheetParts, entries: Map<number, RowEntries>): Merge[] {
  const raw = sheet.merges;
  if (!Array.isArray(raw)) return [];
  let lastRow = -1;
  let lastCol = -1;
  for (const [r, cells] of entries) {
    for (let i = 0; i < cells.cols.length; i++) {
      if (cells.entries[i]!.blank) continue;
      lastRow = Math.max(lastRow, r);
      lastCol = Math.max(lastCol, cells.cols[i]!);
    }
  }
  const merges: Merge[] = [];
  for (const range of raw as Range[]) {
    const values = [range?.s?.r, range?.s?.c, range?.e?.r, range?.e?.c];
    if (!values.every((v) => Number.isInteger(v) && (v as number) >= 0)) continue;
    const [ar, ac, br, bc] = values as [number, number, number, number];
    const r0 = Math.min(ar, br);
    const c0 = Math.min(ac, bc);
    const r1 = Math.min(Math.max(ar, br), lastRow);
    const c1 = Math.min(Math.max(ac, bc), lastCol);
    if (r1 < r0 || c1 < c0 || (r0 === r1 && c0 === c1)) continue;
    const owner = entryAt(entries.get(r0), c0);
    merges.push({ r0, c0, r1, c1, blankOwner: !owner || owner.blank });
  }
  return merges;
}

export function addSheet(state: BuildState, input: SheetInput): void {
  const { name, sheet } = input;
  const data = (sheet.data ?? []) as (CellObject[] | undefined)[];
  const rowInfo = (sheet.rows ?? []) as ({ hidden?: boolean } | undefined)[];
  const colInfo = (sheet.cols ?? []) as ({ hidden?: boolean } | undefined)[];
  const rowHidden = (r: number) => rowInfo[r]?.hidden === true;
  const colHidden = (c: number) => colInfo[c]?.hidden === true;

  // Rows and, in each, columns are added in ascending order, so each row's lists stay sorted.
  const entries = new Map<number, RowEntries>();
  /** Cells the sheet stores in each row, empty formatted ones included. */
  const present = new Map<number, number>();
  let outside = 0;
  let withoutValue = 0;
  for (const r of indices(data, MAX_ROWS + 1)) {
    const row = data[r]!;
    if (!Array.isArray(row)) continue;
    const columns = indices(row, MAX_COLUMNS + 1);
    present.set(r, columns.length);
    for (const c of columns) {
      const cell = row[c]!;
      // No spreadsheet program shows a cell past XFD1048576; only damage or malice puts one there.
      if (r >= MAX_ROWS || c >= MAX_COLUMNS) {
        outside++;
        continue;
      }
      let text = cellText(cell);
      if (input.formulasWithoutValue.size > 0 && input.formulasWithoutValue.has(encodeCell(r, c))) {
        text = '';
        // Tools that write formulas without computing them do so for every formula: name a few.
        if (++withoutValue <= MAX_CELL_DIAGNOSTICS) {
          state.diagnostics.push({
            code: 'formula-without-value',
            severity: 'warning',
            message: `cell ${name}!${encodeCell(r, c)} holds a formula without a saved result; read as empty`,
            position: { sheet: name, cell: encodeCell(r, c) },
          });
        }
      }
      if (text === '') continue;
      let cells = entries.get(r);
      if (!cells) {
        cells = { cols: [], entries: [] };
        entries.set(r, cells);
      }
      cells.cols.push(c);
      cells.entries.push({ text, blank: isWhitespace(text), isText: cell.t === 's' });
    }
  }

  if (withoutValue > MAX_CELL_DIAGNOSTICS) {
    state.diagnostics.push({
      code: 'formula-without-value',
      severity: 'warning',
      message: `sheet ${name}: ${withoutValue - MAX_CELL_DIAGNOSTICS} more formulas without a saved result; read as empty`,
      position: { sheet: name },
    });
  }
  if (outside > 0) {
    state.diagnostics.push({
      code: 'cells-outside-grid',
      severity: 'warning',
      message: `sheet ${name}: ${outside} cells lie past XFD1048576, the end of a worksheet; not read`,
      position: { sheet: name },
    });
  }

  const merges = readMerges(sheet, entries);
  let mergedArea = 0;
  for (const m of merges) {
    if (m.blankOwner) continue;
    mergedArea += (m.r1 - m.r0 + 1) * (m.c1 - m.c0 + 1);
    if (mergedArea > state.maxCells)
      throw tooManyCells(state.maxCells, `the merged ranges of sheet ${name} cover ${mergedArea} cells`);
  }

  // Rows a merged cell with text reaches are occupied; every other row is occupied by its own text.
  const spans: [number, number][] = [];
  for (const [r, cells] of entries) {
    if (cells.entries.some((entry) => !entry.blank)) spans.push([r, r]);
  }
  for (const m of merges) if (!m.blankOwner) spans.push([m.r0, m.r1]);
  spans.sort((a, b) => a[0] - b[0]);
  const groups: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = groups[groups.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else groups.push([a, b]);
  }

  // For the lone-row test: rows that a merged cell with text reaches from a row above, and the merged
  // cells with text that start in each row (they hide the cells they cover in that row).
  const tallCover = new Set<number>();
  const mergesByRow = new Map<number, Merge[]>();
  for (const m of merges) {
    if (m.blankOwner) continue;
    for (let r = m.r0 + 1; r <= m.r1; r++) tallCover.add(r);
    const list = mergesByRow.get(m.r0);
    if (list) list.push(m);
    else mergesByRow.set(m.r0, [m]);
  }

  // Row intervals reached by any merged range, blank or not, joined and sorted for lookups.
  const mergedRows: [number, number][] = [];
  // Built by push and sorted only when there are two or more: arrays of another elements kind (an
  // empty `map()` result, a holey one) reaching this one sort call deoptimised addSheet again and
  // again, and recompiling it cost each worker 90–240 ms a time.
  const byFirstRow: [number, number][] = [];
  for (const m of merges) byFirstRow.push([m.r0, m.r1]);
  if (byFirstRow.length > 1) byFirstRow.sort((x, y) => x[0] - y[0]);
  for (const [a, b] of byFirstRow) {
    const last = mergedRows[mergedRows.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else mergedRows.push([a, b]);
  }
  const touchedByMerge = (r: number): boolean => {
    let lo = 0;
    let hi = mergedRows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mergedRows[mid]![1] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo < mergedRows.length && mergedRows[lo]![0] <= r;
  };

  /** The single text cell of a row that holds nothing else, if it is one. */
  const loneCell = (r: number): { c: number; entry: Entry } | undefined => {
    if (input.hidden || rowHidden(r) || tallCover.has(r)) return undefined;
    const rowMerges = mergesByRow.get(r) ?? [];
    let found: { c: number; entry: Entry } | undefined;
    const cells = entries.get(r);
    for (let i = 0; cells && i < cells.cols.length; i++) {
      const c = cells.cols[i]!;
      const entry = cells.entries[i]!;
      if (entry.blank || rowMerges.some((m) => m.c0 < c && c <= m.c1)) continue;
      if (found) return undefined;
      found = { c, entry };
    }
    if (!found?.entry.isText || colHidden(found.c)) return undefined;
    return found;
  };

  /** A row only reached by a merged text cell from above: part of that cell's paragraph. */
  const continuation = (r: number): boolean => {
    if (input.hidden || rowHidden(r) || !tallCover.has(r)) return false;
    return !entries.get(r)?.entries.some((entry) => !entry.blank);
  };

  const paragraph = (r: number) => {
    const lone = loneCell(r)!;
    state.blocks.push({
      type: 'paragraph',
      text: lone.entry.text,
      position: { sheet: name, cell: encodeCell(r, lone.c) },
    });
  };

  let hiddenCells = 0;
  let hiddenValues = 0;
  for (const [g0, g1] of groups) {
    let allLone = true;
    for (let r = g0; r <= g1 && allLone; r++) if (!loneCell(r) && !continuation(r)) allLone = false;
    if (allLone) {
      for (let r = g0; r <= g1; r++) if (!continuation(r)) paragraph(r);
      continue;
    }
    let t0 = g0;
    const t1 = g1;
    const peelable = (r: number) => loneCell(r) !== undefined && present.get(r) === 1 && !touchedByMerge(r);
    while (t0 < t1 && peelable(t0)) paragraph(t0++);

    let c0 = Number.POSITIVE_INFINITY;
    let c1 = -1;
    for (let r = t0; r <= t1; r++) {
      const cells = entries.get(r);
      for (let i = 0; cells && i < cells.cols.length; i++) {
        if (cells.entries[i]!.blank) continue;
        c0 = Math.min(c0, cells.cols[i]!);
        c1 = Math.max(c1, cells.cols[i]!);
      }
    }
    for (const m of merges) {
      if (m.blankOwner || m.r0 < t0 || m.r0 > t1) continue;
      c0 = Math.min(c0, m.c0);
      c1 = Math.max(c1, m.c1);
    }
    if (c1 < c0) continue;
    const height = t1 - t0 + 1;
    const width = c1 - c0 + 1;
    state.slots += height * width;
    if (state.slots > state.maxCells) {
      throw tooManyCells(
        state.maxCells,
        `the tables of the workbook reach ${state.slots} cells (sheet ${name})`,
      );
    }

    const table = state.tables++;
    const letters: string[] = [];
    for (let c = c0; c <= c1; c++) letters.push(encodeColumn(c));
    const rows: TableCell[][] = [];
    for (let r = t0; r <= t1; r++) {
      const cells = entries.get(r);
      // The row's text cells from column c0 on, walked alongside the grid's columns.
      let next = cells ? cells.cols.findIndex((col) => col >= c0) : -1;
      const row: TableCell[] = [];
      for (let c = c0; c <= c1; c++) {
        let text = '';
        if (cells && next !== -1 && next < cells.cols.length && cells.cols[next] === c)
          text = cells.entries[next++]!.text;
        const cell: TableCell = {
          text,
          rowSpan: 1,
          colSpan: 1,
          position: { sheet: name, cell: `${letters[c - c0]}${r + 1}`, table, row: r - t0, col: c - c0 },
        };
        if (input.hidden || rowHidden(r) || colHidden(c)) {
          cell.hidden = true;
          if (cell.text !== '') hiddenCells++;
        }
        row.push(cell);
      }
      rows.push(row);
    }

    const taken = new Uint8Array(height * width);
    for (const m of merges) {
      if (m.r0 < t0 || m.r0 > t1 || m.c0 < c0 || m.c0 > c1) continue;
      const r1 = Math.min(m.r1, t1);
      const cEnd = Math.min(m.c1, c1);
      let overlaps = false;
      for (let r = m.r0; r <= r1 && !overlaps; r++) {
        for (let c = m.c0; c <= cEnd; c++) if (taken[(r - t0) * width + (c - c0)]) overlaps = true;
      }
      if (overlaps) {
        state.diagnostics.push({
          code: 'merge-overlap',
          severity: 'warning',
          message: `sheet ${name}: merged range ${encodeCell(m.r0, m.c0)}:${encodeCell(m.r1, m.c1)} overlaps another; ignored`,
          position: { sheet: name, cell: encodeCell(m.r0, m.c0) },
        });
        continue;
      }
      const ownerRow = m.r0 - t0;
      const ownerCol = m.c0 - c0;
      const owner = rows[ownerRow]![ownerCol]!;
      owner.rowSpan = r1 - m.r0 + 1;
      owner.colSpan = cEnd - m.c0 + 1;
      for (let r = m.r0; r <= r1; r++) {
        for (let c = m.c0; c <= cEnd; c++) {
          taken[(r - t0) * width + (c - c0)] = 1;
          if (r === m.r0 && c === m.c0) continue;
          const slot = rows[r - t0]![c - c0]!;
          if (slot.text.trim() !== '') hiddenValues++;
          slot.text = owner.text;
          slot.rowSpan = owner.rowSpan;
          slot.colSpan = owner.colSpan;
          slot.spanOf = [ownerRow, ownerCol];
        }
      }
    }

    state.blocks.push({
      type: 'table',
      rows,
      emptyCells: 'blank',
      position: { sheet: name, cell: encodeCell(t0, c0), table },
    });
  }

  if (input.hidden && groups.length > 0) {
    state.diagnostics.push({
      code: 'hidden-sheet',
      severity: 'warning',
      message: `sheet ${name} is hidden; its cells were read and marked hidden`,
      position: { sheet: name },
    });
  } else if (hiddenCells > 0) {
    state.diagnostics.push({
      code: 'hidden-cells',
      severity: 'info',
      message: `sheet ${name}: ${hiddenCells} cells with content sit in hidden rows or columns; read and marked hidden`,
      position: { sheet: name },
    });
  }
  if (hiddenValues > 0) {
    state.diagnostics.push({
      code: 'merge-hides-value',
      severity: 'info',
      message: `sheet ${name}: ${hiddenValues} cells covered by a merged cell hold values Excel does not show; read as the merged cell's text`,
      position: { sheet: name },
    });
  }
}
