import { AdapterError, type Diagnostic, type SourcePosition, type TableCell } from '@xxgk/core/engine';

/** A `<td>`/`<th>` as written, before spans are resolved. */
export interface SourceCell {
  text: string;
  /** As written; 0 means "to the end of the row group", as in HTML. */
  rowSpan: number;
  colSpan: number;
  hidden: boolean;
  position: SourcePosition;
}

export interface SourceRow {
  cells: SourceCell[];
  /** Rows of one `<thead>`/`<tbody>`/`<tfoot>` share a group; a rowspan never leaves its group. */
  group: number;
  /** A zero-height row: Word closes tables with one to fix column widths. */
  collapsed: boolean;
  position: SourcePosition;
}

/** Spans beyond this are typing errors or hostile (`colspan=10000`), not layout. */
const ABSURD_SPAN = 100;

export interface CellBudget {
  /** Grid slots still allowed in this document. */
  remaining: number;
  limit: number;
}

/**
 * Resolve rowspan and colspan into a grid, as a browser lays the table out: each cell takes the first
 * free column of its row, and a merged cell repeats in every slot it covers, with `spanOf` naming the
 * slot that owns it. Spans are kept as written even where header and body disagree; only impossible
 * spans are clamped.
 */
export function resolveGrid(
  source: SourceRow[],
  table: number,
  budget: CellBudget,
  diagnostics: Diagnostic[],
): TableCell[][] {
  const rowCount = source.length;
  const groupEnd: number[] = new Array(rowCount);
  for (let r = rowCount - 1; r >= 0; r--) {
    groupEnd[r] = r + 1 < rowCount && source[r + 1]!.group === source[r]!.group ? groupEnd[r + 1]! : r + 1;
  }

  // The width the table has without its absurd spans, to clamp those to.
  let naturalWidth = 1;
  for (const row of source) {
    let width = 0;
    for (const cell of row.cells)
      width += cell.colSpan > ABSURD_SPAN || cell.colSpan === 0 ? 1 : cell.colSpan;
    naturalWidth = Math.max(naturalWidth, width);
  }

  let slots = 0;
  const spans: Array<Array<[number, number]>> = [];
  for (let r = 0; r < rowCount; r++) {
    const row = source[r]!;
    const rowSpans: Array<[number, number]> = [];
    let others = 0;
    for (const cell of row.cells)
      others += cell.colSpan > ABSURD_SPAN || cell.colSpan === 0 ? 1 : cell.colSpan;
    for (const cell of row.cells) {
      let colSpan = cell.colSpan === 0 ? 1 : cell.colSpan;
      if (colSpan > ABSURD_SPAN) {
        const clamped = Math.max(1, naturalWidth - (others - 1));
        diagnostics.push({
          code: 'table-span-clamped',
          severity: 'warning',
          message: `colspan=${cell.colSpan} clamped to ${clamped}, the width of the rest of the table`,
          position: cell.position,
        });
        colSpan = clamped;
      }
      const remaining = groupEnd[r]! - r;
      let rowSpan = cell.rowSpan === 0 ? remaining : cell.rowSpan;
      if (rowSpan > remaining) {
        diagnostics.push({
          code: 'table-span-clamped',
          severity: rowSpan > ABSURD_SPAN ? 'warning' : 'info',
          message: `rowspan=${cell.rowSpan} runs past the last row of its row group; clamped to ${remaining}`,
          position: cell.position,
        });
        rowSpan = remaining;
      }
      rowSpans.push([rowSpan, colSpan]);
      slots += rowSpan * colSpan;
    }
    spans.push(rowSpans);
  }
  budget.remaining -= slots;
  if (budget.remaining < 0) {
    throw new AdapterError('too-many-cells', `more than ${budget.limit} table cells (limits.maxCells)`);
  }

  // Rows are kept dense (null for a free slot): writing a rowspan's slots ahead into sparse arrays makes
  // them holey, and lookups on holey arrays are many times slower on big tables.
  const grid: Array<Array<TableCell | null>> = source.map(() => []);
  for (let r = 0; r < rowCount; r++) {
    const cells = source[r]!.cells;
    const line = grid[r]!;
    let c = 0;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      const [rowSpan, colSpan] = spans[r]![i]!;
      while (c < line.length && line[c] !== null) c++;
      const owner: [number, number] = [r, c];
      const { line: sourceLine, column, offset } = cell.position;
      for (let dr = 0; dr < rowSpan; dr++) {
        const target = grid[r + dr]!;
        while (target.length < c + colSpan) target.push(null);
        for (let dc = 0; dc < colSpan; dc++) {
          // Overlapping spans (a table-model error in the source): the earlier cell keeps the slot.
          if (target[c + dc] !== null) continue;
          const position = { line: sourceLine, column, offset, table, row: r + dr, col: c + dc };
          const slot: TableCell =
            dr === 0 && dc === 0
              ? { text: cell.text, rowSpan, colSpan, position }
              : { text: cell.text, rowSpan, colSpan, spanOf: owner, position };
          if (cell.hidden) slot.hidden = true;
          target[c + dc] = slot;
        }
      }
      c += colSpan;
    }
  }

  // Trailing spacer rows (zero height, no text, nothing spanning into them) are layout, not data.
  let keep = rowCount;
  while (
    keep > 0 &&
    source[keep - 1]!.collapsed &&
    grid[keep - 1]!.every((slot) => slot === null || (slot.text === '' && slot.spanOf === undefined))
  ) {
    keep--;
  }

  const rows: TableCell[][] = [];
  for (let r = 0; r < keep; r++) {
    const line = grid[r]!;
    const out: TableCell[] = [];
    for (let c = 0; c < line.length; c++) {
      // A hole left of a cell placed further right (short rows under a rowspan): a blank slot, so that
      // every index is the column it stands in. Rows stay as long as the source makes them.
      out.push(
        line[c] ?? {
          text: '',
          rowSpan: 1,
          colSpan: 1,
          position: { ...source[r]!.position, table, row: r, col: c },
        },
      );
    }
    rows.push(out);
  }
  return rows;
}
