/**
 * Workbooks of a report from its gold values, in the shapes Excel submissions take:
 *
 * - `single-sheet`: one sheet holding the whole report in the official layout, merged cells and all
 *   (a title, a caption per table, the template's tables, a closing note);
 * - `sheet-per-table`: one flat sheet per table, no merged cells, group labels repeated on every row;
 * - `notes-first`: a 说明 sheet with the agency and year, then one sheet per table in the official layout.
 *
 * Blank gold values (`null`) and keys the gold file lacks are written as empty cells; some numbers are
 * stored as text, some carry a number format that rounds, and a 2019 procurement amount is written with
 * its unit (`251000元`) as the source printed it. `planReportWorkbook` also says where each key was put
 * and with what text, for tests and benchmarks.
 */
import { type ColumnDef, type RowDef, T4_LAYOUT, type TableLayout, t2Layout, t3Layout } from '@xxgk/core';
import * as XLSX from 'xlsx';

export interface Gold {
  agency: string;
  year: number;
  format: string;
  cells: Record<string, number | string | null>;
}

export type WorkbookLayout = 'single-sheet' | 'sheet-per-table' | 'notes-first';
export type WorkbookBookType = 'xlsx' | 'xls';
export const WORKBOOK_LAYOUTS: readonly WorkbookLayout[] = ['single-sheet', 'sheet-per-table', 'notes-first'];

/** A value to write: text, a number, a number stored as text, or a number with a display format. */
type Value = string | number | { asText: string } | { number: number; format: string } | null;

interface Range {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

interface Region {
  rows: Value[][];
  merges: Range[];
  /** Key → [row, col] inside the region. */
  keys: Map<string, [number, number]>;
}

export interface PlannedCell {
  sheet: string;
  /** A1 reference. */
  ref: string;
  /** The text a reader should get from the cell. */
  text: string;
  table: 'T2' | 'T3' | 'T4';
  row: RowDef;
  column: ColumnDef;
}

export interface PlannedSheet {
  name: string;
  rows: Value[][];
  merges: Range[];
}

export interface WorkbookPlan {
  title: string;
  sheets: PlannedSheet[];
  cells: Map<string, PlannedCell>;
}

const CAPTIONS = {
  T2: '二、主动公开政府信息情况',
  T3: '三、收到和处理政府信息公开申请情况',
  T4: '四、政府信息公开行政复议、行政诉讼情况',
} as const;

const T3_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const T3_RESULTS = '三、本年度办理结果';

const merge = (r0: number, c0: number, r1: number, c1: number): Range => ({
  s: { r: r0, c: c0 },
  e: { r: r1, c: c1 },
});

export function goldFormat(gold: Gold): '2019' | '2021' {
  if (gold.format !== '2019' && gold.format !== '2021')
    throw new Error(`no table layout for format ${gold.format}`);
  return gold.format;
}

/** The 2021 template prints （六）其他处理 as three rows; some templates (and 2019) as one. */
export function t3VariantOf(gold: Gold): 'split' | 'single' {
  return Object.keys(gold.cells).some((k) => k.startsWith('T3.otherHandling.noCorrection'))
    ? 'split'
    : 'single';
}

export function reportLayouts(gold: Gold): { T2: TableLayout; T3: TableLayout; T4: TableLayout } {
  return { T2: t2Layout(goldFormat(gold)), T3: t3Layout(t3VariantOf(gold)), T4: T4_LAYOUT };
}

export function reportTitle(gold: Gold): string {
  return `${gold.agency}${gold.year}年政府信息公开工作年度报告`;
}

class ValueWriter {
  private index = 0;
  constructor(
    private readonly gold: Gold,
    readonly planned: Map<
      string,
      { text: string; table: 'T2' | 'T3' | 'T4'; row: RowDef; column: ColumnDef }
    >,
  ) {}

  /** The cell for a key, varying how numbers are stored so that every form is read back. */
  value(table: 'T2' | 'T3' | 'T4', row: RowDef, column: ColumnDef): Value {
    const key = `${table}.${row.key}.${column.key}`;
    const raw = Object.hasOwn(this.gold.cells, key) ? this.gold.cells[key] : null;
    const turn = this.index++;
    let value: Value;
    let text: string;
    if (raw === null || raw === undefined) {
      value = null;
      text = '';
    } else if (typeof raw === 'string') {
      value = raw;
      text = raw;
    } else if (key === 'T2.procurement.amount') {
      // As the 2019 source printed it: yuan, with the unit, in a text cell.
      text = `${Math.round(raw * 10000)}元`;
      value = text;
    } else if (column.kind === 'amount') {
      // A display format that rounds and groups digits; the stored value must win.
      value = { number: raw, format: '#,##0.00' };
      text = String(raw);
    } else if (turn % 5 === 2) {
      text = String(raw);
      value = { asText: text };
    } else {
      value = raw;
      text = String(raw);
    }
    this.planned.set(key, { text, table, row, column });
    return value;
  }
}

/** Column spans that spread `n` values over `slots` columns the way the 2019 template does. */
function spans(n: number, slots: number): number[] {
  const out = new Array<number>(n).fill(Math.floor(slots / n));
  let rest = slots - out.reduce((a, b) => a + b, 0);
  for (let i = 1 % n; rest > 0; i = (i + 1) % n, rest--) out[i]!++;
  return out;
}

function t2Official(layout: TableLayout, writer: ValueWriter, slots: number): Region {
  const region: Region = { rows: [], merges: [], keys: new Map() };
  const width = 1 + slots;
  let lastGroup: string | undefined;
  for (const row of layout.rows) {
    if (row.group !== lastGroup) {
      lastGroup = row.group;
      const r = region.rows.length;
      region.rows.push([row.group ?? '', ...new Array<Value>(slots).fill(null)]);
      region.merges.push(merge(r, 0, r, width - 1));
      const header: Value[] = ['信息内容'];
      const hr = r + 1;
      let c = 1;
      spans(row.columns.length, slots).forEach((span, i) => {
        header.push(row.columns[i]!.label, ...new Array<Value>(span - 1).fill(null));
        if (span > 1) region.merges.push(merge(hr, c, hr, c + span - 1));
        c += span;
      });
      region.rows.push(header);
    }
    const r = region.rows.length;
    const line: Value[] = [row.label];
    let c = 1;
    spans(row.columns.length, slots).forEach((span, i) => {
      const column = row.columns[i]!;
      line.push(writer.value('T2', row, column), ...new Array<Value>(span - 1).fill(null));
      region.keys.set(`T2.${row.key}.${column.key}`, [r, c]);
      if (span > 1) region.merges.push(merge(r, c, r, c + span - 1));
      c += span;
    });
    region.rows.push(line);
  }
  return region;
}

function t3Official(layout: TableLayout, writer: ValueWriter): Region {
  const columns = layout.rows[0]!.columns;
  const region: Region = {
    rows: [
      [T3_CORNER, null, null, '申请人情况', null, null, null, null, null, null],
      [null, null, null, columns[0]!.label, '法人或其他组织', null, null, null, null, columns[6]!.label],
      [null, null, null, null, ...columns.slice(1, 6).map((c) => c.label), null],
    ],
    merges: [merge(0, 0, 2, 2), merge(0, 3, 0, 9), merge(1, 3, 2, 3), merge(1, 4, 1, 8), merge(1, 9, 2, 9)],
    keys: new Map(),
  };
  const level1 = (row: RowDef) => (row.group ? T3_RESULTS : undefined);
  const level2 = (row: RowDef) => (row.group && row.group !== T3_RESULTS ? row.group : undefined);
  let runStart = -1;
  let run2Start = -1;
  layout.rows.forEach((row, i) => {
    const r = region.rows.length;
    const previous = layout.rows[i - 1];
    const next = layout.rows[i + 1];
    const l1 = level1(row);
    const l2 = level2(row);
    const line: Value[] = [null, null, null];
    if (!l1) {
      line[0] = row.label;
      region.merges.push(merge(r, 0, r, 2));
    } else {
      if (!previous || level1(previous) !== l1) {
        line[0] = l1;
        runStart = r;
      }
      if (!l2) {
        line[1] = row.label;
        region.merges.push(merge(r, 1, r, 2));
      } else {
        if (!previous || level2(previous) !== l2) {
          line[1] = l2;
          run2Start = r;
        }
        line[2] = row.label;
        if ((!next || level2(next) !== l2) && r > run2Start) region.merges.push(merge(run2Start, 1, r, 1));
      }
      if ((!next || level1(next) !== l1) && r > runStart) region.merges.push(merge(runStart, 0, r, 0));
    }
    row.columns.forEach((column, c) => {
      line.push(writer.value('T3', row, column));
      region.keys.set(`T3.${row.key}.${column.key}`, [r, 3 + c]);
    });
    region.rows.push(line);
  });
  return region;
}

function t4Official(writer: ValueWriter): Region {
  const labels = T4_LAYOUT.rows[0]!.columns.map((c) => c.label);
  const region: Region = {
    rows: [
      ['行政复议', null, null, null, null, '行政诉讼', ...new Array<Value>(9).fill(null)],
      [...labels, '未经复议直接起诉', null, null, null, null, '复议后起诉', null, null, null, null],
      [null, null, null, null, null, ...labels, ...labels],
      [],
    ],
    merges: [
      merge(0, 0, 0, 4),
      merge(0, 5, 0, 14),
      ...labels.map((_, c) => merge(1, c, 2, c)),
      merge(1, 5, 1, 9),
      merge(1, 10, 1, 14),
    ],
    keys: new Map(),
  };
  const line = region.rows[3]!;
  T4_LAYOUT.rows.forEach((row, i) => {
    row.columns.forEach((column, c) => {
      line.push(writer.value('T4', row, column));
      region.keys.set(`T4.${row.key}.${column.key}`, [3, i * 5 + c]);
    });
  });
  return region;
}

function t2Flat(layout: TableLayout, writer: ValueWriter): Region {
  const region: Region = { rows: [], merges: [], keys: new Map() };
  let lastGroup: string | undefined;
  for (const row of layout.rows) {
    if (row.group !== lastGroup) {
      lastGroup = row.group;
      region.rows.push([row.group ?? '', '信息内容', ...row.columns.map((c) => c.label)]);
    }
    const r = region.rows.length;
    region.rows.push([
      row.group ?? '',
      row.label,
      ...row.columns.map((column, c) => {
        region.keys.set(`T2.${row.key}.${column.key}`, [r, 2 + c]);
        return writer.value('T2', row, column);
      }),
    ]);
  }
  return region;
}

function t3Flat(layout: TableLayout, writer: ValueWriter): Region {
  const columns = layout.rows[0]!.columns;
  const region: Region = {
    rows: [['项目', null, null, ...columns.map((c) => c.label)]],
    merges: [],
    keys: new Map(),
  };
  for (const row of layout.rows) {
    const r = region.rows.length;
    const labels: Value[] = !row.group
      ? [row.label, null, null]
      : row.group === T3_RESULTS
        ? [T3_RESULTS, row.label, null]
        : [T3_RESULTS, row.group, row.label];
    region.rows.push([
      ...labels,
      ...row.columns.map((column, c) => {
        region.keys.set(`T3.${row.key}.${column.key}`, [r, 3 + c]);
        return writer.value('T3', row, column);
      }),
    ]);
  }
  return region;
}

function t4Flat(writer: ValueWriter): Region {
  const labels = T4_LAYOUT.rows[0]!.columns.map((c) => c.label);
  const region: Region = { rows: [[null, null, ...labels]], merges: [], keys: new Map() };
  for (const row of T4_LAYOUT.rows) {
    const r = region.rows.length;
    const head: Value[] = row.key === 'review' ? ['行政复议', null] : ['行政诉讼', row.match];
    region.rows.push([
      ...head,
      ...row.columns.map((column, c) => {
        region.keys.set(`T4.${row.key}.${column.key}`, [r, 2 + c]);
        return writer.value('T4', row, column);
      }),
    ]);
  }
  return region;
}

class SheetBuilder {
  readonly rows: Value[][] = [];
  readonly merges: Range[] = [];
  constructor(
    readonly name: string,
    private readonly located: Map<string, { sheet: string; r: number; c: number }>,
  ) {}
  line(...values: Value[]): number {
    this.rows.push(values);
    return this.rows.length - 1;
  }
  blank(): void {
    this.rows.push([]);
  }
  /** A text line merged over `width` columns. */
  banner(text: string, width: number): void {
    const r = this.line(text);
    if (width > 1) this.merges.push(merge(r, 0, r, width - 1));
  }
  region(region: Region): void {
    const top = this.rows.length;
    this.rows.push(...region.rows.map((row) => [...row]));
    for (const m of region.merges) this.merges.push(merge(m.s.r + top, m.s.c, m.e.r + top, m.e.c));
    for (const [key, [r, c]] of region.keys) this.located.set(key, { sheet: this.name, r: r + top, c });
  }
}

const encodeRef = (r: number, c: number) => XLSX.utils.encode_cell({ r, c });

/** Where and how each gold key goes in a workbook of the given layout. */
export function planReportWorkbook(gold: Gold, layout: WorkbookLayout): WorkbookPlan {
  const format = goldFormat(gold);
  const layouts = reportLayouts(gold);
  const planned = new Map<
    string,
    { text: string; table: 'T2' | 'T3' | 'T4'; row: RowDef; column: ColumnDef }
  >();
  const writer = new ValueWriter(gold, planned);
  const located = new Map<string, { sheet: string; r: number; c: number }>();
  const title = reportTitle(gold);
  const t2Slots = format === '2021' ? 3 : 4;
  const note = `注：本表数据统计期限为${gold.year}年1月1日至${gold.year}年12月31日。`;
  const sheets: SheetBuilder[] = [];
  const sheet = (name: string) => {
    const builder = new SheetBuilder(name, located);
    sheets.push(builder);
    return builder;
  };

  if (layout === 'single-sheet') {
    const s = sheet('年度报告');
    s.banner(title, 15);
    s.blank();
    s.line(CAPTIONS.T2);
    s.region(t2Official(layouts.T2, writer, t2Slots));
    s.blank();
    s.line(CAPTIONS.T3);
    s.region(t3Official(layouts.T3, writer));
    s.blank();
    s.line(CAPTIONS.T4);
    s.region(t4Official(writer));
    s.blank();
    s.line(note);
  } else if (layout === 'sheet-per-table') {
    const s2 = sheet('主动公开');
    s2.line(title);
    s2.blank();
    s2.line(CAPTIONS.T2);
    s2.region(t2Flat(layouts.T2, writer));
    const s3 = sheet('依申请公开');
    s3.line(CAPTIONS.T3);
    s3.region(t3Flat(layouts.T3, writer));
    const s4 = sheet('复议诉讼');
    s4.line(CAPTIONS.T4);
    s4.region(t4Flat(writer));
    s4.line(note);
  } else {
    const notes = sheet('说明');
    notes.line(title);
    notes.blank();
    notes.line(`填报单位：${gold.agency}`);
    notes.line(`报告年度：${gold.year}年`);
    notes.line(
      `说明：本工作簿按${format === '2021' ? '国办公开办函〔2021〕30号' : '国办公开办函〔2019〕60号'}的格式填报，各表见后续工作表。`,
    );
    const s2 = sheet('表一');
    s2.banner(CAPTIONS.T2, 1 + t2Slots);
    s2.region(t2Official(layouts.T2, writer, t2Slots));
    const s3 = sheet('表二');
    s3.banner(CAPTIONS.T3, 10);
    s3.region(t3Official(layouts.T3, writer));
    const s4 = sheet('表三');
    s4.banner(CAPTIONS.T4, 15);
    s4.region(t4Official(writer));
  }

  const cells = new Map<string, PlannedCell>();
  for (const [key, where] of located) {
    const what = planned.get(key)!;
    cells.set(key, { sheet: where.sheet, ref: encodeRef(where.r, where.c), ...what });
  }
  return { title, sheets: sheets.map(({ name, rows, merges }) => ({ name, rows, merges })), cells };
}

function toCell(value: Value): XLSX.CellObject | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return { t: 's', v: value };
  if (typeof value === 'number') return { t: 'n', v: value };
  if ('asText' in value) return { t: 's', v: value.asText };
  return { t: 'n', v: value.number, z: value.format };
}

export function planToWorkbook(plan: WorkbookPlan, gold: Gold): XLSX.WorkBook {
  const workbook = XLSX.utils.book_new();
  for (const planned of plan.sheets) {
    const sheet: XLSX.WorkSheet = {};
    let maxRow = 0;
    let maxCol = 0;
    planned.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        const cell = toCell(value);
        if (!cell) return;
        sheet[encodeRef(r, c)] = cell;
        maxRow = Math.max(maxRow, r);
        maxCol = Math.max(maxCol, c);
      });
    });
    for (const m of planned.merges) {
      maxRow = Math.max(maxRow, m.e.r);
      maxCol = Math.max(maxCol, m.e.c);
    }
    sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: maxRow, c: maxCol } });
    if (planned.merges.length > 0)
      sheet['!merges'] = planned.merges.map((m) => ({ s: { ...m.s }, e: { ...m.e } }));
    XLSX.utils.book_append_sheet(workbook, sheet, planned.name);
  }
  workbook.Props = { Title: plan.title, Author: gold.agency };
  return workbook;
}

/** A report's gold values as a workbook of the given layout and file type. */
export function writeReportWorkbook(
  gold: Gold,
  layout: WorkbookLayout,
  bookType: WorkbookBookType,
): Uint8Array {
  const workbook = planToWorkbook(planReportWorkbook(gold, layout), gold);
  const out = XLSX.write(workbook, {
    type: 'array',
    bookType,
    compression: bookType === 'xlsx',
  }) as ArrayBuffer;
  return new Uint8Array(out);
}
