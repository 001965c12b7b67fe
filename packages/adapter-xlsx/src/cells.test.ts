import type { Block, SourceDocument, TableBlock } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { handWorkbook } from '../test/zip.js';
import { dateText, isPercentFormat, numberText } from './cell-text.js';
import { readXlsx } from './index.js';

type Aoa = (string | number | boolean | Date | null | XLSX.CellObject)[][];

function workbook(
  sheets: { name: string; rows: Aoa; merges?: string[]; setup?: (ws: XLSX.WorkSheet) => void }[],
) {
  const wb = XLSX.utils.book_new();
  for (const sheet of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(sheet.rows, { cellDates: true });
    if (sheet.merges) ws['!merges'] = sheet.merges.map((m) => XLSX.utils.decode_range(m));
    sheet.setup?.(ws);
    XLSX.utils.book_append_sheet(wb, ws, sheet.name);
  }
  return wb;
}

function write(wb: XLSX.WorkBook, bookType: 'xlsx' | 'xls' = 'xlsx'): Uint8Array {
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
}

const tables = (doc: SourceDocument) => doc.blocks.filter((b): b is TableBlock => b.type === 'table');
const texts = (table: TableBlock) => table.rows.map((row) => row.map((c) => c.text));

/** The blocks as short strings: `p A1 text` or `t A3 a|b / c|d` (covered slots marked `^`). */
function outline(blocks: Block[]): string[] {
  return blocks.map((b) =>
    b.type === 'table'
      ? `t ${b.position.sheet}!${b.position.cell} ${b.rows.map((r) => r.map((c) => (c.spanOf ? '^' : '') + c.text).join('|')).join(' / ')}`
      : `p ${b.position.sheet}!${b.position.cell} ${b.text}`,
  );
}

describe('cell text', () => {
  it('writes numbers from the stored value, never through a rounding or grouping format', () => {
    const wb = workbook([
      {
        name: 'S',
        rows: [[0.1 + 0.2, 1234567.891, 24252.311082, -5, 0.25, 251000, 1e-7, 7730.28]],
        setup: (ws) => {
          ws.B1!.z = '#,##0.00';
          ws.C1!.z = '0';
          ws.E1!.z = '0%';
          ws.F1!.z = '#,##0"元"';
        },
      },
    ]);
    for (const bookType of ['xlsx', 'xls'] as const) {
      const doc = readXlsx(write(wb, bookType));
      expect(texts(tables(doc)[0]!)).toEqual([
        ['0.3', '1234567.891', '24252.311082', '-5', '25%', '251000', '1e-7', '7730.28'],
      ]);
    }
  });

  it('keeps numbers stored as text and values with units exactly as typed', () => {
    const wb = workbook([{ name: 'S', rows: [['0012', '251000元', ' 7 ', '1,234', '——']] }]);
    for (const bookType of ['xlsx', 'xls'] as const) {
      expect(texts(tables(readXlsx(write(wb, bookType)))[0]!)).toEqual([
        ['0012', '251000元', ' 7 ', '1,234', '——'],
      ]);
    }
  });

  it('writes dates as ISO text, whatever the time zone', () => {
    const wb = workbook([
      {
        name: 'S',
        rows: [[new Date(Date.UTC(2021, 0, 15)), new Date(Date.UTC(2020, 11, 31, 12, 30))]],
        setup: (ws) => {
          ws.B1!.z = 'yyyy-mm-dd hh:mm';
        },
      },
    ]);
    for (const bookType of ['xlsx', 'xls'] as const) {
      expect(texts(tables(readXlsx(write(wb, bookType)))[0]!)).toEqual([
        ['2021-01-15', '2020-12-31T12:30:00'],
      ]);
    }
    expect(dateText(new Date(Date.UTC(1899, 11, 31, 6, 0)))).toBe('06:00:00');
    expect(dateText(new Date(Number.NaN))).toBe('');
  });

  it('reads booleans, errors, inline strings and line breaks', () => {
    const bytes = handWorkbook({
      sheets: [
        {
          name: 'S',
          xml: '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#DIV/0!</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c><c r="D1" t="str"><v>a&#13;&#10;b</v></c></row>',
        },
      ],
    });
    expect(texts(tables(readXlsx(bytes))[0]!)).toEqual([['TRUE', '#DIV/0!', '内联', 'a\nb']]);
  });

  it('reads a formula by its cached value, and one without a cached value as empty with a diagnostic', () => {
    const bytes = handWorkbook({
      sheets: [
        {
          name: '表',
          xml: [
            '<row r="1"><c r="A1"><v>3</v></c><c r="B1"><v>4</v></c>',
            '<c r="C1"><f>A1+B1</f><v>7</v></c>',
            '<c r="D1"><f>A1-A1</f><v>0</v></c>',
            '<c r="E1"><f>SUM(A1:B1)</f></c>',
            '<c r="F1" t="b"><f>A1&gt;B1</f></c>',
            '<c r="G1" t="str"><f>""</f><v></v></c>',
            '<c r="H1" t="n"><f>A1*2</f><v/></c><c r="I1"><v>9</v></c></row>',
          ].join(''),
        },
      ],
    });
    const doc = readXlsx(bytes);
    expect(texts(tables(doc)[0]!)).toEqual([['3', '4', '7', '0', '', '', '', '', '9']]);
    expect(doc.diagnostics.map((d) => [d.code, d.position?.cell])).toEqual([
      ['formula-without-value', 'E1'],
      ['formula-without-value', 'F1'],
      ['formula-without-value', 'H1'],
    ]);
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'warning', position: { sheet: '表' } });
  });

  it('names at most twenty formulas without a value per sheet, and counts the rest', () => {
    const cells = Array.from(
      { length: 50 },
      (_, i) => `<c r="A${i + 1}"><f>B${i + 1}*2</f></c><c r="B${i + 1}"><v>${i}</v></c>`,
    );
    const rows = cells.map((c, i) => `<row r="${i + 1}">${c}</row>`).join('');
    const doc = readXlsx(handWorkbook({ sheets: [{ name: 'S', xml: rows }] }));
    expect(doc.diagnostics).toHaveLength(21);
    expect(doc.diagnostics[19]!.position).toEqual({ sheet: 'S', cell: 'A20' });
    expect(doc.diagnostics[20]!.message).toBe(
      'sheet S: 30 more formulas without a saved result; read as empty',
    );
  });

  it('finds formulas without a value in the right sheet when sheet parts are not in sheet order', () => {
    const bytes = handWorkbook({
      sheets: [
        {
          name: 'first',
          xml: '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>',
          relId: 'rId9',
        },
        {
          name: 'second',
          xml: '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1</f></c><c r="C1"><v>3</v></c></row>',
          relId: 'rId1',
        },
      ],
    });
    const doc = readXlsx(bytes);
    expect(doc.diagnostics.map((d) => `${d.position?.sheet}!${d.position?.cell}`)).toEqual(['second!B1']);
    expect(tables(doc).map(texts)).toEqual([[['1', '2']], [['1', '', '3']]]);
  });

  it('formats numbers like Excel does, to 15 significant digits', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(-0)).toBe('0');
    expect(numberText(96171.6)).toBe('96171.6');
    expect(numberText(Number.NaN)).toBe('');
    expect(isPercentFormat('0.00%')).toBe(true);
    expect(isPercentFormat('0"%"')).toBe(false);
    expect(isPercentFormat('0\\%')).toBe(false);
  });
});

describe('sheet structure', () => {
  it('splits a sheet into tables at empty rows and turns lone text lines into paragraphs', () => {
    const wb = workbook([
      {
        name: '表',
        rows: [
          ['某单位2021年政府信息公开工作年度报告'],
          [],
          ['二、主动公开政府信息情况'],
          ['信息内容', '本年制发件数'],
          ['规章', 3],
          ['注：合计含转办'],
          [],
          [null, null, '右侧', 1],
          [],
          [2021],
          [],
          ['说明一'],
          ['说明二'],
        ],
      },
    ]);
    const doc = readXlsx(write(wb));
    expect(outline(doc.blocks)).toEqual([
      'p 表!A1 某单位2021年政府信息公开工作年度报告',
      'p 表!A3 二、主动公开政府信息情况',
      // A line below a table stays in it: it could be a last row with blank values.
      't 表!A4 信息内容|本年制发件数 / 规章|3 / 注：合计含转办|',
      't 表!C8 右侧|1',
      // A lone number is data, not text.
      't 表!A10 2021',
      'p 表!A12 说明一',
      'p 表!A13 说明二',
    ]);
    expect(tables(doc).map((t) => t.position.table)).toEqual([0, 1, 2]);
  });

  it('keeps a merged caption on top of a table as a row of the table', () => {
    const wb = workbook([
      {
        name: 'S',
        rows: [['表一'], ['a', 'b', 'c'], [1, 2, 3]],
        merges: ['A1:C1'],
      },
    ]);
    expect(outline(readXlsx(write(wb)).blocks)).toEqual(['t S!A1 表一|^表一|^表一 / a|b|c / 1|2|3']);
  });

  it('expands merges, with the owner spanning and every covered slot pointing back at it', () => {
    const wb = workbook([
      {
        name: 'S',
        rows: [
          ['组', '项', 1],
          [null, '项2', 2],
          ['合计', null, 3],
        ],
        merges: ['A1:A2', 'A3:B3'],
      },
    ]);
    for (const bookType of ['xlsx', 'xls'] as const) {
      const [table] = tables(readXlsx(write(wb, bookType)));
      expect(table!.rows[0]![0]).toMatchObject({
        text: '组',
        rowSpan: 2,
        colSpan: 1,
        position: { cell: 'A1' },
      });
      expect(table!.rows[0]![0]!.spanOf).toBeUndefined();
      expect(table!.rows[1]![0]).toMatchObject({
        text: '组',
        rowSpan: 2,
        colSpan: 1,
        spanOf: [0, 0],
        position: { cell: 'A2', row: 1, col: 0 },
      });
      expect(table!.rows[2]![1]).toMatchObject({ text: '合计', spanOf: [2, 0], position: { cell: 'B3' } });
    }
  });

  it('reports overlapping merges and values hidden under a merge', () => {
    const wb = workbook([
      {
        name: 'S',
        rows: [
          ['a', 'hidden', 'c'],
          ['d', 'e', 'f'],
        ],
        merges: ['A1:B1', 'B1:C2'],
      },
    ]);
    const doc = readXlsx(write(wb));
    expect(outline(doc.blocks)).toEqual(['t S!A1 a|^a|c / d|e|f']);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['merge-overlap', 'merge-hides-value']);
  });

  it('starts a table at its first used cell and gives every slot its own A1 reference', () => {
    const wb = workbook([{ name: 'S', rows: [[], [], [], [], [null, null, 'x', 'y'], [null, null, 1]] }]);
    const [table] = tables(readXlsx(write(wb)));
    expect(table!.position).toEqual({ sheet: 'S', cell: 'C5', table: 0 });
    expect(table!.rows.map((r) => r.map((c) => c.position.cell))).toEqual([
      ['C5', 'D5'],
      ['C6', 'D6'],
    ]);
    expect(texts(table!)).toEqual([
      ['x', 'y'],
      ['1', ''],
    ]);
  });

  it('reads hidden rows, columns and sheets, marking their cells hidden', () => {
    const wb = workbook([
      {
        name: 'visible',
        rows: [
          ['a', 'b', 'c'],
          [1, 2, 3],
          [4, 5, 6],
        ],
        setup: (ws) => {
          ws['!rows'] = [{}, { hidden: true }];
          ws['!cols'] = [{}, {}, { hidden: true }];
        },
      },
      { name: 'scratch', rows: [['旧数据'], [9, 9]] },
    ]);
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }] };
    for (const bookType of ['xlsx', 'xls'] as const) {
      const doc = readXlsx(write(wb, bookType));
      const [visible, scratch] = tables(doc);
      // SheetJS writes no hidden rows into .xls, so only .xlsx can show the hidden second row.
      const row2 = bookType === 'xlsx';
      expect(visible!.rows.map((r) => r.map((c) => c.hidden === true))).toEqual([
        [false, false, true],
        [row2, row2, true],
        [false, false, true],
      ]);
      expect(texts(visible!)[1]).toEqual(['1', '2', '3']);
      // A hidden sheet's lone text line stays in its table, where it can carry the mark.
      expect(texts(scratch!)).toEqual([
        ['旧数据', ''],
        ['9', '9'],
      ]);
      expect(scratch!.rows.flat().every((c) => c.hidden)).toBe(true);
      expect(doc.diagnostics.map((d) => [d.code, d.position?.sheet])).toEqual([
        ['hidden-cells', 'visible'],
        ['hidden-sheet', 'scratch'],
      ]);
    }
  });

  it('reads every cell even when the sheet dimension understates the range', () => {
    const bytes = handWorkbook({
      sheets: [
        {
          name: 'S',
          xml: '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="D2"><v>2</v></c></row></sheetData></worksheet>',
        },
      ],
    });
    expect(texts(tables(readXlsx(bytes))[0]!)).toEqual([
      ['1', '', '', ''],
      ['', '', '', '2'],
    ]);
  });

  it('reads an empty workbook as no blocks, with a note', () => {
    const doc = readXlsx(write(workbook([{ name: 'S', rows: [] }])));
    expect(doc.blocks).toEqual([]);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['empty-workbook']);
  });
});

describe('workbook', () => {
  it('takes title and author from the workbook properties, in .xlsx and .xls', () => {
    const wb = workbook([{ name: 'S', rows: [['x']] }]);
    wb.Props = {
      Title: '淮安市人民政府2024年政府信息公开工作年度报告',
      Author: '淮安市人民政府办公室',
      Company: '淮安',
    };
    for (const bookType of ['xlsx', 'xls'] as const) {
      expect(readXlsx(write(wb, bookType)).metadata).toMatchObject({
        title: '淮安市人民政府2024年政府信息公开工作年度报告',
        author: '淮安市人民政府办公室',
        format: bookType,
      });
    }
  });

  it('reads sheets in workbook order and names the media type of .xlsm', () => {
    const bytes = handWorkbook({
      mainContentType: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
      sheets: [
        { name: 'B sheet', xml: '<row r="1"><c r="A1"><v>2</v></c></row>' },
        { name: 'A sheet', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' },
      ],
      extra: [{ name: 'xl/vbaProject.bin', data: new Uint8Array([1, 2, 3]) }],
    });
    const doc = readXlsx(bytes, { fileName: 'report.xlsm' });
    expect(doc.mediaType).toBe('application/vnd.ms-excel.sheet.macroEnabled.12');
    expect(doc.metadata.format).toBe('xlsm');
    expect(outline(doc.blocks)).toEqual(['t B sheet!A1 2', 't A sheet!A1 1']);
  });
});

describe('parts', () => {
  it('reads past comments, hyperlinks and drawings, which SheetJS is not given', () => {
    const wb = workbook([
      {
        name: 'S',
        rows: [
          ['a', 'b'],
          [1, 2],
        ],
        setup: (ws) => {
          ws.A1!.c = [{ a: '作者', t: '批注' }];
          ws.B1!.l = { Target: 'https://www.gov.cn/' };
        },
      },
    ]);
    const bytes = write(wb);
    const names = new TextDecoder('latin1').decode(bytes);
    expect(names).toContain('xl/comments');
    expect(names).toContain('xl/worksheets/_rels/sheet1.xml.rels');
    const doc = readXlsx(bytes);
    expect(doc.diagnostics).toEqual([]);
    expect(texts(tables(doc)[0]!)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads up to a thousand sheets and parts, and refuses more', () => {
    const sheets = (n: number) =>
      handWorkbook({
        sheets: Array.from({ length: n }, (_, i) => ({
          name: `S${i}`,
          xml: `<row r="1"><c r="A1"><v>${i}</v></c></row>`,
        })),
      });
    // The workbook part, its relationships, the content types and the package relationships.
    const doc = readXlsx(sheets(996));
    expect(tables(doc)).toHaveLength(996);
    expect(doc.blocks[995]).toMatchObject({ position: { sheet: 'S995' }, rows: [[{ text: '995' }]] });
    const start = performance.now();
    expect(() => readXlsx(sheets(997))).toThrow(/1001 sheets and parts, more than the 1000 read/);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('SheetJS state', () => {
  it("does not keep one workbook's number formats for the next", () => {
    const wb = workbook([
      {
        name: 'S',
        rows: [[0.5]],
        setup: (ws) => {
          ws.A1!.z = '0.0"件"%';
        },
      },
    ]);
    const bytes = write(wb, 'xls');
    const table = () => Object.values(XLSX.SSF.get_table() as Record<string, string>);
    expect(texts(tables(readXlsx(bytes))[0]!)).toEqual([['50%']]);
    expect(table()).not.toContain('0.0"件"%');
  });
});

describe('SheetJS messages', () => {
  it('become diagnostics instead of console output', () => {
    const wb = workbook([{ name: 'S', rows: [['a', 1.5]] }]);
    const bytes = write(wb, 'xls');
    // Turn the NUMBER record (type 0x0203, 14 bytes) into a record type SheetJS does not know.
    const at = bytes.findIndex(
      (b, i) => b === 0x03 && bytes[i + 1] === 0x02 && bytes[i + 2] === 0x0e && bytes[i + 3] === 0x00,
    );
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 0x03;
    const printed: unknown[] = [];
    const saved = console.error;
    console.error = (...args: unknown[]) => printed.push(args);
    let doc: SourceDocument;
    try {
      doc = readXlsx(bytes);
    } finally {
      console.error = saved;
    }
    expect(printed).toEqual([]);
    expect(console.error).toBe(saved);
    expect(doc.diagnostics).toContainEqual({
      code: 'reader-warning',
      severity: 'warning',
      message: 'SheetJS: Missing Info for XLS Record 0x303',
    });
    // The damaged record is skipped; what remains is read.
    expect(doc.blocks).toEqual([{ type: 'paragraph', text: 'a', position: { sheet: 'S', cell: 'A1' } }]);
  });
});
