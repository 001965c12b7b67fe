/**
 * A synthetic report as a document: blocks in reading order, the three tables as the official templates
 * print them (merged header cells, row labels spanning rows), ready for the renderers.
 */
import { type RowDef, T4_LAYOUT, t2Layout, t3Layout } from '@xxgk/core';
import { HEADINGS, type SyntheticReport, type TableId } from './report.js';

/** A cell of a template table; `rs`/`cs` are its row and column spans. */
export interface TableCell {
  text: string;
  rs: number;
  cs: number;
  /** The cell key when the cell holds a value. */
  key?: string;
}

export interface TableRow {
  cells: TableCell[];
  /** A header row (column labels), not data. */
  head?: boolean;
}

export interface Table {
  id: TableId;
  width: number;
  rows: TableRow[];
}

export type DocBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; table: Table }
  | { kind: 'signature'; lines: string[] };

const cell = (text: string, rs = 1, cs = 1, key?: string): TableCell => ({
  text,
  rs,
  cs,
  ...(key ? { key } : {}),
});

export const T3_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const T3_RESULTS = '三、本年度办理结果';

/** Column spans spreading `n` values over three columns: the last value takes what is left. */
function spread(n: number): number[] {
  return n >= 3 ? [1, 1, 1] : n === 2 ? [1, 2] : [3];
}

export function t2Table(report: SyntheticReport): Table {
  const rows: TableRow[] = [];
  let group: string | undefined;
  for (const row of t2Layout(report.format).rows) {
    const spans = spread(row.columns.length);
    if (row.group !== group) {
      group = row.group;
      rows.push({ head: true, cells: [cell(row.group ?? '', 1, 4)] });
      rows.push({
        head: true,
        cells: [cell('信息内容'), ...row.columns.map((c, i) => cell(c.label, 1, spans[i]))],
      });
    }
    rows.push({
      cells: [
        cell(row.label),
        ...row.columns.map((c, i) => {
          const key = `T2.${row.key}.${c.key}`;
          return cell(report.printed[key] ?? '', 1, spans[i], key);
        }),
      ],
    });
  }
  return { id: 'T2', width: 4, rows };
}

interface Labelled {
  row: RowDef;
  l1: string;
  l2?: string;
  l3?: string;
}

function t3Labels(rows: readonly RowDef[]): Labelled[] {
  return rows.map((row) => {
    if (!row.group) return { row, l1: row.label };
    if (row.group === T3_RESULTS) return { row, l1: T3_RESULTS, l2: row.label };
    return { row, l1: T3_RESULTS, l2: row.group, l3: row.label };
  });
}

/** The T3 header rows: the 勾稽关系 corner, 申请人情况, 自然人 / 法人或其他组织 (five) / 总计. */
export function t3HeaderRows(): TableRow[] {
  return [
    { head: true, cells: [cell(T3_CORNER, 3, 3), cell('申请人情况', 1, 7)] },
    { head: true, cells: [cell('自然人', 2), cell('法人或其他组织', 1, 5), cell('总计', 2)] },
    {
      head: true,
      cells: ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((t) => cell(t)),
    },
  ];
}

/** T3 data rows, with the group labels spanning their rows as the template merges them. */
export function t3DataRows(report: SyntheticReport, from = 0, to?: number): TableRow[] {
  const all = t3Labels(t3Layout(report.variant).rows);
  const labelled = all.slice(from, to);
  return labelled.map((item, i) => {
    const previous = labelled[i - 1];
    const run = (same: (other: Labelled) => boolean) => {
      let n = 0;
      while (i + n < labelled.length && same(labelled[i + n]!)) n++;
      return n;
    };
    const cells: TableCell[] = [];
    if (item.l2 === undefined) cells.push(cell(item.l1, 1, 3));
    else {
      if (!previous || previous.l1 !== item.l1)
        cells.push(
          cell(
            item.l1,
            run((o) => o.l1 === item.l1),
          ),
        );
      if (item.l3 === undefined) cells.push(cell(item.l2, 1, 2));
      else {
        if (!previous || previous.l2 !== item.l2)
          cells.push(
            cell(
              item.l2,
              run((o) => o.l1 === item.l1 && o.l2 === item.l2),
            ),
          );
        cells.push(cell(item.l3));
      }
    }
    for (const column of item.row.columns) {
      const key = `T3.${item.row.key}.${column.key}`;
      cells.push(cell(report.printed[key] ?? '', 1, 1, key));
    }
    return { cells };
  });
}

export function t3Table(report: SyntheticReport): Table {
  return { id: 'T3', width: 10, rows: [...t3HeaderRows(), ...t3DataRows(report)] };
}

const T4_RESULTS = T4_LAYOUT.rows[0]!.columns.map((c) => c.label);

export function t4Table(report: SyntheticReport): Table {
  const values = T4_LAYOUT.rows.flatMap((row) =>
    row.columns.map((c) => {
      const key = `T4.${row.key}.${c.key}`;
      return cell(report.printed[key] ?? '', 1, 1, key);
    }),
  );
  return {
    id: 'T4',
    width: 15,
    rows: [
      { head: true, cells: [cell('行政复议', 1, 5), cell('行政诉讼', 1, 10)] },
      {
        head: true,
        cells: [
          ...T4_RESULTS.map((t) => cell(t, 2)),
          cell('未经复议直接起诉', 1, 5),
          cell('复议后起诉', 1, 5),
        ],
      },
      { head: true, cells: [...T4_RESULTS, ...T4_RESULTS].map((t) => cell(t)) },
      { cells: values },
    ],
  };
}

export function tableOf(report: SyntheticReport, id: TableId): Table {
  return id === 'T2' ? t2Table(report) : id === 'T3' ? t3Table(report) : t4Table(report);
}

/** The report in reading order. */
export function documentBlocks(report: SyntheticReport): DocBlock[] {
  const blocks: DocBlock[] = [{ kind: 'title', text: report.title }];
  blocks.push({ kind: 'paragraph', text: report.sections.intro });
  blocks.push({ kind: 'heading', text: HEADINGS[0]! });
  for (const text of report.sections.overview)
    blocks.push(
      /^（[一二三四五六七八九十]）/.test(text) ? { kind: 'subheading', text } : { kind: 'paragraph', text },
    );
  (['T2', 'T3', 'T4'] as const).forEach((id, i) => {
    blocks.push({ kind: 'heading', text: HEADINGS[i + 1]! });
    if (report.missingTables.includes(id))
      blocks.push({ kind: 'paragraph', text: report.sections.missing[id]! });
    else blocks.push({ kind: 'table', table: tableOf(report, id) });
  });
  blocks.push({ kind: 'heading', text: HEADINGS[4]! });
  for (const text of report.sections.problems) blocks.push({ kind: 'paragraph', text });
  blocks.push({ kind: 'heading', text: HEADINGS[5]! });
  for (const text of report.sections.other) blocks.push({ kind: 'paragraph', text });
  blocks.push({ kind: 'signature', lines: [report.agency, report.published] });
  return blocks;
}

/** A grid slot: the text of the cell covering it, and whether the cell starts there. */
export interface Slot {
  text: string;
  origin: boolean;
  cell: TableCell;
  /** Row of the grid where the covering cell starts. */
  row: number;
}

/** The table as a grid, merged cells resolved. */
export function toGrid(table: Table): Slot[][] {
  const grid: Slot[][] = table.rows.map(() => new Array<Slot>(table.width));
  table.rows.forEach((row, r) => {
    let c = 0;
    for (const item of row.cells) {
      while (grid[r]![c]) c++;
      for (let dr = 0; dr < item.rs; dr++) {
        for (let dc = 0; dc < item.cs; dc++) {
          const target = grid[r + dr];
          if (!target) throw new Error(`${table.id}: a row span runs past the table`);
          target[c + dc] = { text: item.text, origin: dr === 0 && dc === 0, cell: item, row: r };
        }
      }
      c += item.cs;
    }
  });
  grid.forEach((row, r) => {
    for (let c = 0; c < table.width; c++)
      if (!row[c]) throw new Error(`${table.id}: row ${r} leaves column ${c} uncovered`);
  });
  return grid;
}

/** Display width of text in a monospaced rendering: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch) ? 2 : 1;
  return width;
}

export function isWide(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code === 0x201c ||
    code === 0x201d
  );
}
