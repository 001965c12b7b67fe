/**
 * Inputs that made SheetJS slow without making it fail, and the bound on a workbook's size: the
 * vetting hands SheetJS a package on which it does no work per cell or per sheet entry beyond what a
 * workbook Excel wrote costs. Each case asserts what SheetJS is handed and what is read, not time
 * (test/robustness/fixed-bugs.test.ts holds the same inputs to the time bound).
 */
import { AdapterError, DEFAULT_LIMITS, type SourceDocument, type TableBlock } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { type HandWorkbook, handWorkbookParts, styledParts, type ZipInput, zip } from '../test/zip.js';
import { readXlsx } from './index.js';
import { prepareOoxml } from './ooxml.js';
import { DEFAULT_STYLES } from './styles.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function edit(parts: ZipInput[], name: string, from: string | RegExp, to: string): void {
  const part = parts.find((p) => p.name === name)!;
  const text = String(part.data);
  const changed = text.replace(from, to);
  expect(changed, `${name} has ${from}`).not.toBe(text);
  part.data = changed;
}

/** The package SheetJS is handed, read by SheetJS as readXlsx reads it. */
function sheetJsRead(bytes: Uint8Array): XLSX.WorkBook {
  const prepared = prepareOoxml(bytes, DEFAULT_LIMITS);
  return XLSX.read(prepared.bytes, { type: 'array', dense: true, cellStyles: true, cellDates: true });
}

/**
 * Every cell SheetJS made, with the fill it gave it: a lookup that failed (and was caught) leaves none,
 * or the fill whose colour it could not resolve.
 */
function cellsOf(workbook: XLSX.WorkBook): XLSX.CellObject[] {
  const out: XLSX.CellObject[] = [];
  for (const name of workbook.SheetNames) {
    for (const row of (workbook.Sheets[name]!['!data'] ?? []) as (XLSX.CellObject[] | undefined)[])
      for (const cell of row ?? []) if (cell) out.push(cell);
  }
  return out;
}

const PLAIN_FILL = { patternType: 'none' };

const tables = (doc: SourceDocument) => doc.blocks.filter((b): b is TableBlock => b.type === 'table');
const texts = (doc: SourceDocument) => tables(doc).map((t) => t.rows.map((row) => row.map((c) => c.text)));

/** A percent, a date, a General number, a cell whose format index is past the formats, a text. */
const FORMATTED_ROW =
  '<row r="1"><c r="A1" s="1"><v>0.25</v></c><c r="B1" s="2"><v>44197</v></c><c r="C1" s="3"><v>5</v></c><c r="D1" s="9"><v>7</v></c><c r="E1" t="inlineStr"><is><t>x</t></is></c></row>';
const FORMATTED_TEXTS = [[['25%', '2021-01-01', '5', '7', 'x']]];

/** Number formats 9 (0%) and 14 (a date) in formats whose fills are missing in every way. */
const BROKEN_FILLS: Record<string, string> = {
  'no fills element': `<styleSheet xmlns="${NS}"><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="0"/></cellXfs></styleSheet>`,
  'fill ids past the fills, empty, not numbers': `<styleSheet xmlns="${NS}"><fills count="1"><fill><patternFill/></fill></fills><cellXfs count="4"><xf numFmtId="0" fillId="99"/><xf numFmtId="9" fillId=""/><xf numFmtId="14" fillId="x"/><xf numFmtId="0" x:fillId="7" xmlns:x="${NS}"/></cellXfs></styleSheet>`,
  'theme colours without a theme': `<styleSheet xmlns="${NS}"><fills count="1"><fill><patternFill patternType="solid"><fgColor theme="4"/><bgColor theme="70"/></patternFill></fill></fills><cellXfs count="4"><xf numFmtId="0" fillId="0"/><xf numFmtId="9" fillId="0"/><xf numFmtId="14" fillId="0"/><xf numFmtId="0" fillId="0"/></cellXfs></styleSheet>`,
  'fill ids hidden from a naive reader': `<?xml version="1.0"?><!DOCTYPE x><!-- <fills count="9"/> --><styleSheet xmlns="${NS}"><cellXfs count="4"><xf numFmtId="0" fillId_="5"/><xf numFmtId="9"\n fillId = '6'/><!-- --><xf numFmtId="14" fillId=8/><xf numFmtId="0" fillId="1"/></cellXfs></styleSheet>`,
};

describe('X2: styles that made SheetJS throw and catch once per cell', () => {
  it('a workbook without a styles part reads as one with Excel default styles, every fill found', () => {
    const book: HandWorkbook = {
      sheets: [{ name: 'S', xml: `${FORMATTED_ROW}<row r="2" hidden="1"><c r="A2"><v>1.5</v></c></row>` }],
    };
    const bare = zip(handWorkbookParts(book));
    const styled = zip(styledParts(book, DEFAULT_STYLES));
    expect(cellsOf(sheetJsRead(bare)).map((cell) => cell.s)).toEqual(Array(6).fill(PLAIN_FILL));
    const doc = readXlsx(bare);
    expect(doc).toEqual(readXlsx(styled));
    // Without number formats the percent and the date are plain numbers, as before.
    expect(texts(doc)).toEqual([
      [
        ['0.25', '44197', '5', '7', 'x'],
        ['1.5', '', '', '', ''],
      ],
    ]);
    expect(tables(doc)[0]!.rows[1]![0]!.hidden).toBe(true);
  });

  for (const [what, styles] of Object.entries(BROKEN_FILLS)) {
    it(`${what}: every fill found, the number formats kept`, () => {
      const bytes = zip(styledParts({ sheets: [{ name: 'S', xml: FORMATTED_ROW }] }, styles));
      expect(cellsOf(sheetJsRead(bytes)).map((cell) => cell.s)).toEqual(Array(5).fill(PLAIN_FILL));
      expect(texts(readXlsx(bytes))).toEqual(FORMATTED_TEXTS);
    });
  }

  it('a styles part only [Content_Types].xml lists (not the relationships, as Excel reads) is not used', () => {
    const parts = handWorkbookParts({ sheets: [{ name: 'S', xml: FORMATTED_ROW }] });
    edit(
      parts,
      '[Content_Types].xml',
      '</Types>',
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    );
    parts.push({ name: 'xl/styles.xml', data: BROKEN_FILLS['no fills element']! });
    // SheetJS alone looked it up by the content types, found it left out and gave up on the workbook.
    expect(texts(readXlsx(zip(parts)))).toEqual([[['0.25', '44197', '5', '7', 'x']]]);
  });
});

/** A 10,000-cell sheet listed `entries` times in workbook.xml, every entry naming its one part. */
function repeatedSheet(entries: (i: number) => string, count: number): Uint8Array {
  const rows = Array.from(
    { length: 2000 },
    (_, r) =>
      `<row r="${r + 1}">${Array.from({ length: 5 }, (_, c) => `<c r="${'ABCDE'[c]}${r + 1}"><v>${r * 5 + c}</v></c>`).join('')}</row>`,
  ).join('');
  const parts = handWorkbookParts({ sheets: [{ name: 'S', xml: rows }] });
  edit(
    parts,
    'xl/workbook.xml',
    /<sheets>.*<\/sheets>/,
    `<sheets>${Array.from({ length: count }, (_, i) => entries(i)).join('')}</sheets>`,
  );
  return zip(parts);
}

describe('X1: many <sheet> entries naming one worksheet part', () => {
  it('200 entries on one 10,000-cell part: SheetJS parses it once, read once with a diagnostic', () => {
    const bytes = repeatedSheet((i) => `<sheet name="S${i}" sheetId="${i + 1}" r:id="rId1"/>`, 200);
    expect(sheetJsRead(bytes).SheetNames).toEqual(['S0']);
    const doc = readXlsx(bytes);
    expect(tables(doc)).toHaveLength(1);
    expect(tables(doc)[0]!.rows).toHaveLength(2000);
    expect(tables(doc)[0]!.rows[1999]!.map((c) => c.text)).toEqual(['9995', '9996', '9997', '9998', '9999']);
    expect(doc.diagnostics).toEqual([
      {
        code: 'duplicate-sheet',
        severity: 'warning',
        message:
          'sheets "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10" and 189 more name the same part (xl/worksheets/sheet1.xml) as sheet "S0": it was read once, as "S0"',
        position: { sheet: 'S0' },
      },
    ]);
  });

  it('the same part through other relationships, targets spelled otherwise, prefixes', () => {
    const parts = handWorkbookParts({
      sheets: [
        { name: '表一', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' },
        { name: '表二', xml: '<row r="1"><c r="A1"><v>2</v></c></row>' },
      ],
    });
    edit(
      parts,
      'xl/_rels/workbook.xml.rels',
      '</Relationships>',
      `<Relationship Id="rIdA" Type="${REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rIdB" Type="${REL}/worksheet" Target="WORKSHEETS/Sheet1.xml"/></Relationships>`,
    );
    edit(
      parts,
      'xl/workbook.xml',
      '</sheets>',
      '<sheet name="A" sheetId="3" r:id="rIdA"/><x:sheet xmlns:x="urn:x" name="B &amp; C" sheetId="4" r:id="rIdB"/><sheet name="D" sheetId="5" ID="rId2" r:id="rId1"/></sheets>',
    );
    const doc = readXlsx(zip(parts));
    expect(tables(doc).map((t) => [t.position.sheet, t.rows[0]![0]!.text])).toEqual([
      ['表一', '1'],
      ['表二', '2'],
    ]);
    expect(doc.diagnostics).toMatchObject([
      {
        code: 'duplicate-sheet',
        message:
          'sheets "A", "B & C", "D" name the same part (xl/worksheets/sheet1.xml) as sheet "表一": it was read once, as "表一"',
      },
    ]);
  });

  it('sheets of parts of their own are all read, without a diagnostic', () => {
    const doc = readXlsx(
      zip(
        handWorkbookParts({
          sheets: Array.from({ length: 30 }, (_, i) => ({
            name: `S${i}`,
            xml: `<row r="1"><c r="A1"><v>${i}</v></c></row>`,
          })),
        }),
      ),
    );
    expect(tables(doc).map((t) => t.rows[0]![0]!.text)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}`));
    expect(doc.diagnostics).toEqual([]);
  });

  it('1,001 entries on one part read as one sheet; 1,001 entries without a part are refused', () => {
    const one = repeatedSheet((i) => `<sheet name="S${i}" sheetId="${i + 1}" r:id="rId1"/>`, 1001);
    expect(tables(readXlsx(one))).toHaveLength(1);
    // An entry without a relationship makes SheetJS read sheet1.xml, sheet2.xml… by position instead.
    const unowned = repeatedSheet((i) => `<sheet name="S${i}" sheetId="${i + 1}" r:id="rIdX${i}"/>`, 1001);
    expect(() => readXlsx(unowned)).toThrow(AdapterError);
    expect(() => readXlsx(unowned)).toThrow(/lists 1001 sheets, more than the 1000 read/);
    const fewer = repeatedSheet((i) => `<sheet name="S${i}" sheetId="${i + 1}" r:id="rIdX${i}"/>`, 3);
    expect(tables(readXlsx(fewer)).map((t) => t.position.sheet)).toEqual(['S0']);
  });
});

describe('maxCells', () => {
  it('defaults to 500,000 cells (about 0.5 GB at the peak of a read): 500,010 are refused', () => {
    expect(DEFAULT_LIMITS.maxCells).toBe(500_000);
    const row = (r: number) =>
      `<row r="${r}">${Array.from({ length: 10 }, (_, c) => `<c r="${'ABCDEFGHIJ'[c]}${r}"><v>${c}</v></c>`).join('')}</row>`;
    const sheet = (rows: number) => Array.from({ length: rows }, (_, r) => row(r + 1)).join('');
    const over = zip(handWorkbookParts({ sheets: [{ name: 'S', xml: `${sheet(50_000)}${row(50_001)}` }] }));
    expect(() => readXlsx(over)).toThrow(/at least 500010 cells, more than the limit of 500000 cells/);
  });
});
