import type { SourceDocument, TableBlock, TableCell } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  planReportWorkbook,
  reportLayouts,
  WORKBOOK_LAYOUTS,
  type WorkbookBookType,
  writeReportWorkbook,
} from '../test/generate.js';
import { tableGolds } from '../test/gold.js';
import { readXlsx } from './index.js';

const golds = tableGolds();
const BOOK_TYPES: WorkbookBookType[] = ['xlsx', 'xls'];

function tables(doc: SourceDocument): TableBlock[] {
  return doc.blocks.filter((b): b is TableBlock => b.type === 'table');
}

/** Every table is a rectangle whose slots sit at the sheet cells their grid coordinates say. */
function expectSoundGrids(doc: SourceDocument): void {
  tables(doc).forEach((table, index) => {
    const origin = XLSX.utils.decode_cell(table.position.cell!);
    const width = table.rows[0]!.length;
    expect(table.position.table).toBe(index);
    expect(table.emptyCells).toBe('blank');
    table.rows.forEach((row, r) => {
      expect(row).toHaveLength(width);
      row.forEach((cell, c) => {
        expect(cell.position).toMatchObject({
          sheet: table.position.sheet,
          cell: XLSX.utils.encode_cell({ r: origin.r + r, c: origin.c + c }),
          table: index,
          row: r,
          col: c,
        });
        if (!cell.spanOf) return;
        const [or, oc] = cell.spanOf;
        const owner = table.rows[or]![oc]!;
        expect(owner.spanOf).toBeUndefined();
        expect(r).toBeGreaterThanOrEqual(or);
        expect(r).toBeLessThan(or + owner.rowSpan);
        expect(c).toBeGreaterThanOrEqual(oc);
        expect(c).toBeLessThan(oc + owner.colSpan);
        expect(cell.text).toBe(owner.text);
      });
    });
  });
}

function findCell(doc: SourceDocument, sheet: string, ref: string): { table: TableBlock; cell: TableCell }[] {
  const found: { table: TableBlock; cell: TableCell }[] = [];
  for (const table of tables(doc)) {
    if (table.position.sheet !== sheet) continue;
    for (const row of table.rows) {
      for (const cell of row) if (cell.position.cell === ref) found.push({ table, cell });
    }
  }
  return found;
}

describe.each(golds)('gold report $name', ({ gold }) => {
  describe.each(WORKBOOK_LAYOUTS)('as %s', (layout) => {
    const plan = planReportWorkbook(gold, layout);
    const layouts = reportLayouts(gold);

    it.each(BOOK_TYPES)(
      'reads every gold value back from the %s in its grid cell, under its labels',
      (bookType) => {
        const doc = readXlsx(writeReportWorkbook(gold, layout, bookType));
        expect(doc.diagnostics).toEqual([]);
        expect(tables(doc)).toHaveLength(3);
        expectSoundGrids(doc);

        // Every gold key of the layouts is placed, and nothing else.
        const keys = Object.values(layouts).flatMap((t) =>
          t.rows.flatMap((r) => r.columns.map((c) => `${t.table}.${r.key}.${c.key}`)),
        );
        expect([...plan.cells.keys()].sort()).toEqual(keys.sort());
        for (const key of Object.keys(gold.cells)) expect(plan.cells.has(key)).toBe(true);

        for (const [key, planned] of plan.cells) {
          const found = findCell(doc, planned.sheet, planned.ref);
          expect(found, key).toHaveLength(1);
          const { table, cell } = found[0]!;
          expect(cell.spanOf, key).toBeUndefined();
          const goldValue = gold.cells[key];
          expect(cell.text, key).toBe(planned.text);
          if (goldValue === null || goldValue === undefined) expect(cell.text, key).toBe('');
          else if (key !== 'T2.procurement.amount') expect(Number(cell.text), key).toBe(goldValue);

          const { row: r, col: c } = cell.position as { row: number; col: number };
          const rowLabels = table.rows[r]!.slice(0, c).map((x) => x.text);
          const above = table.rows.slice(0, r).map((row) => row[c]!.text);
          const rowText = planned.table === 'T4' ? planned.row.match : planned.row.label;
          expect([...rowLabels, ...above], key).toContain(rowText);
          if (planned.table === 'T3' && planned.row.group)
            expect(rowLabels, key).toContain(planned.row.group);
          // The nearest column label above the value is this column's.
          const columnLabels = new Set(
            layouts[planned.table].rows.flatMap((x) => x.columns.map((y) => y.label)),
          );
          const nearest = above.reverse().find((text) => columnLabels.has(text));
          expect(nearest, key).toBe(planned.column.label);
        }
      },
    );

    it('reads the title, captions and notes as text, and the workbook properties', () => {
      const doc = readXlsx(writeReportWorkbook(gold, layout, 'xlsx'));
      const paragraphs = doc.blocks.filter((b) => b.type === 'paragraph');
      expect(paragraphs[0]).toEqual({
        type: 'paragraph',
        text: plan.title,
        position: { sheet: plan.sheets[0]!.name, cell: 'A1' },
      });
      const allText = doc.blocks
        .flatMap((b) => (b.type === 'table' ? b.rows.flat().map((c) => c.text) : [b.text]))
        .join('\n');
      for (const caption of [
        '二、主动公开政府信息情况',
        '三、收到和处理政府信息公开申请情况',
        '四、政府信息公开行政复议、行政诉讼情况',
      ]) {
        expect(allText).toContain(caption);
      }
      if (layout === 'notes-first') {
        expect(paragraphs.map((p) => p.text)).toContain(`填报单位：${gold.agency}`);
        expect(paragraphs.map((p) => p.text)).toContain(`报告年度：${gold.year}年`);
      }
      expect(doc.metadata).toMatchObject({ title: plan.title, author: gold.agency, format: 'xlsx' });
    });

    it('gives the same blocks for the .xls as for the .xlsx', () => {
      const xlsx = readXlsx(writeReportWorkbook(gold, layout, 'xlsx'));
      const xls = readXlsx(writeReportWorkbook(gold, layout, 'xls'));
      expect(xls.blocks).toEqual(xlsx.blocks);
      expect(xls.mediaType).toBe('application/vnd.ms-excel');
      expect(xls.metadata).toMatchObject({ title: plan.title, author: gold.agency, format: 'xls' });
    });
  });
});

describe('the official single-sheet layout', () => {
  const shanghai = golds.find((g) => g.gold.year === 2019 && g.gold.agency.startsWith('上海'))!.gold;

  it('expands the T3 label merges into every row they cover', () => {
    const doc = readXlsx(writeReportWorkbook(shanghai, 'single-sheet', 'xlsx'));
    const t3 = tables(doc)[1]!;
    const stateSecret = t3.rows.find((row) => row[2]!.text === '1.属于国家秘密')!;
    const administrativeQuery = t3.rows.find((row) => row[2]!.text === '8.属于行政查询事项')!;
    expect(stateSecret.slice(0, 3).map((c) => c.text)).toEqual([
      '三、本年度办理结果',
      '（三）不予公开',
      '1.属于国家秘密',
    ]);
    expect(administrativeQuery.slice(0, 2).map((c) => c.text)).toEqual([
      '三、本年度办理结果',
      '（三）不予公开',
    ]);
    const level1 = administrativeQuery[0]!;
    expect(level1.spanOf).toBeDefined();
    const owner = t3.rows[level1.spanOf![0]]![level1.spanOf![1]]!;
    // 三、本年度办理结果 spans the 20 result rows of the 2019 layout in column A.
    expect([owner.rowSpan, owner.colSpan, owner.position.cell]).toEqual([20, 1, 'A29']);
    expect(t3.rows[3]![0]).toMatchObject({
      text: '一、本年新收政府信息公开申请数量',
      rowSpan: 1,
      colSpan: 3,
    });
    // The two-row applicant header: 自然人 spans two rows, 法人或其他组织 five columns.
    expect(t3.rows[1]![3]).toMatchObject({ text: '自然人', rowSpan: 2, colSpan: 1 });
    expect(t3.rows[2]![3]).toMatchObject({ text: '自然人', spanOf: [1, 3] });
    expect(t3.rows[1]![4]).toMatchObject({ text: '法人或其他组织', rowSpan: 1, colSpan: 5 });
    expect(t3.rows[2]!.slice(4, 9).map((c) => c.text)).toEqual([
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '其他',
    ]);
  });

  it('keeps the 2019 procurement amount with its unit and the blank 总计 cells blank', () => {
    const doc = readXlsx(writeReportWorkbook(shanghai, 'single-sheet', 'xls'));
    const [t2, t3] = tables(doc);
    const procurement = t2!.rows.find((row) => row[0]!.text === '政府集中采购')!;
    expect(procurement.map((c) => c.text)).toEqual(['政府集中采购', '6', '6', '251000元', '251000元']);
    expect(procurement[4]!.spanOf).toEqual([procurement[3]!.position.row, 3]);
    const granted = t3!.rows.find((row) => row[1]!.text === '（一）予以公开')!;
    expect(granted.slice(3).map((c) => c.text)).toEqual(['258', '12', '', '', '1', '1', '']);
  });
});
