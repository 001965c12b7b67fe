import { deflateRawSync } from 'node:zlib';
import { AdapterError, type AdapterErrorCode, DEFAULT_LIMITS, type Limits } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { writeReportWorkbook } from '../test/generate.js';
import { tableGolds } from '../test/gold.js';
import { handWorkbook, handWorkbookParts, zip } from '../test/zip.js';
import { readXlsx } from './index.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** Reads `bytes`, expecting a specific AdapterError; returns it and the time the read took. */
function refusal(
  bytes: Uint8Array,
  code: AdapterErrorCode,
  limits?: Partial<Limits>,
): { error: AdapterError; ms: number } {
  const start = performance.now();
  let caught: unknown;
  try {
    readXlsx(bytes, limits ? { limits } : {});
  } catch (error) {
    caught = error;
  }
  const ms = performance.now() - start;
  if (process.env.XLSX_TIMINGS) console.log(`${code}: ${ms.toFixed(1)} ms`);
  expect(caught).toBeInstanceOf(AdapterError);
  const error = caught as AdapterError;
  expect(error.code, error.message).toBe(code);
  return { error, ms };
}

function sheetXml(rows: string, dimension?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}">${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${rows}</sheetData></worksheet>`;
}

/** A million rows of three numbers, about 100 MB of sheet XML. */
function millionRows(): Uint8Array {
  const parts: string[] = [];
  for (let r = 1; r <= 1_000_000; r++) {
    parts.push(
      `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>1</v></c><c r="C${r}"><v>2</v></c></row>`,
    );
  }
  return new TextEncoder().encode(parts.join(''));
}

const sample = tableGolds()[0]!.gold;
const goodXlsx = writeReportWorkbook(sample, 'single-sheet', 'xlsx');
const goodXls = writeReportWorkbook(sample, 'single-sheet', 'xls');

describe('hostile workbooks are refused with a specific error within a second', () => {
  it('a zip bomb by declaration: entries claiming gigabytes', () => {
    const parts = handWorkbookParts({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
    });
    parts.push(
      { name: 'xl/media/a.bin', data: 'x', declaredSize: 0xfffffff0, method: 0, declaredCompressedSize: 1 },
      { name: 'xl/media/b.bin', data: 'x', declaredSize: 0xfffffff0, method: 0, declaredCompressedSize: 1 },
    );
    const { error, ms } = refusal(zip(parts), 'decompression-limit');
    expect(error.message).toContain(String(DEFAULT_LIMITS.maxUncompressedBytes));
    expect(ms).toBeLessThan(1000);
  });

  it('a real zip bomb: 60 MB of spaces deflated a thousandfold', { timeout: 30_000 }, () => {
    const padding = new Uint8Array(60 * 1024 * 1024).fill(0x20);
    const parts = handWorkbookParts({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
    });
    parts.push({ name: 'xl/worksheets/sheet2.xml', data: padding, level: 9 });
    const { error, ms } = refusal(zip(parts), 'decompression-limit');
    expect(error.message).toMatch(/ratio/);
    expect(ms).toBeLessThan(1000);
  });

  it('an entry that inflates far past the size it declares', { timeout: 30_000 }, () => {
    const parts = handWorkbookParts({
      sheets: [{ name: 'S', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }],
    });
    const sheet = parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
    // Random-looking text, so the declared ratio looks sane, and a size claim of only 1,000 bytes.
    const words: string[] = [];
    for (let i = 0; i < 400_000; i++) words.push(`<c r="A${i}"><v>${(i * 7919) % 100003}</v></c>`);
    sheet.data = new TextEncoder().encode(sheetXml(`<row r="1">${words.join('')}</row>`));
    sheet.declaredSize = 100_000;
    const { error, ms } = refusal(zip(parts), 'decompression-limit');
    expect(error.message).toMatch(/inflates past/);
    expect(ms).toBeLessThan(1000);
  });

  it('never trusts the sizes in local headers (SheetJS would allocate what they claim)', () => {
    const parts = handWorkbookParts({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>42</v></c></row>' }],
    });
    for (const part of parts) part.localDeclaredSize = 0xfffffff0;
    const start = performance.now();
    const doc = readXlsx(zip(parts));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(doc.blocks).toMatchObject([{ type: 'table', rows: [[{ text: '42' }]] }]);
  });

  it('a huge shared-strings table that declares its count', { timeout: 30_000 }, () => {
    const count = DEFAULT_LIMITS.maxCells + 100_000;
    const items: string[] = [];
    for (let i = 0; i < count; i++) items.push(`<si><t>${i}</t></si>`);
    const sst = `<sst xmlns="${NS}" count="${count}" uniqueCount="${count}">${items.join('')}</sst>`;
    const bytes = handWorkbook({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }],
      sharedStrings: sst,
    });
    const { error, ms } = refusal(bytes, 'too-many-cells');
    expect(error.message).toMatch(/shared-strings table declares/);
    expect(ms).toBeLessThan(1000);
  });

  it('a huge shared-strings table that hides its count', { timeout: 30_000 }, () => {
    // Without a declared count every string is inflated and counted: about 80 MB/s here, so the
    // default limit of 500,000 strings (9 MB of these) takes about a tenth of a second.
    const maxCells = 500_000;
    const items: string[] = [];
    for (let i = 0; i < maxCells + 50_000; i++) items.push(`<si><t>${i.toString(36)}</t></si>`);
    const sst = `<sst xmlns="${NS}">${items.join('')}</sst>`;
    const bytes = handWorkbook({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }],
      sharedStrings: sst,
    });
    const { error, ms } = refusal(bytes, 'too-many-cells', { maxCells });
    expect(error.message).toMatch(
      /shared-strings table holds at least 550000 strings, more than the limit of 500000/,
    );
    expect(ms).toBeLessThan(1000);
  });

  it('a huge shared-strings table of empty items, which no real table compresses like', {
    timeout: 30_000,
  }, () => {
    const sst = `<sst xmlns="${NS}">${'<si><t/></si>'.repeat(DEFAULT_LIMITS.maxCells + 100_000)}</sst>`;
    const bytes = handWorkbook({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }],
      sharedStrings: sst,
    });
    const { error, ms } = refusal(bytes, 'decompression-limit');
    expect(error.message).toMatch(/sharedStrings\.xml .* ratio/);
    expect(ms).toBeLessThan(1000);
  });

  it('a sheet of 1,000,000 rows, refused from its dimension', { timeout: 60_000 }, () => {
    const rows = new TextDecoder().decode(millionRows());
    const bytes = handWorkbook({ sheets: [{ name: 'S', xml: sheetXml(rows, 'A1:C1000000') }] });
    const { error, ms } = refusal(bytes, 'too-many-cells');
    expect(error.message).toMatch(/3000000 cells/);
    expect(ms).toBeLessThan(1000);
  });

  it('a sheet of 1,000,000 rows without a dimension, refused by counting', { timeout: 60_000 }, () => {
    const rows = new TextDecoder().decode(millionRows());
    const bytes = handWorkbook({ sheets: [{ name: 'S', xml: sheetXml(rows) }] });
    const { error, ms } = refusal(bytes, 'too-many-cells');
    expect(error.message).toMatch(/cells/);
    // Inflating and scanning 100 MB of XML is the floor here; the dimension spares it in real files.
    expect(ms).toBeLessThan(3000);
  });

  it('a dimension claiming the whole grid does not make a small sheet expensive', () => {
    const bytes = handWorkbook({
      sheets: [
        {
          name: 'S',
          xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>', 'A1:XFD1048576'),
        },
      ],
    });
    const start = performance.now();
    const doc = readXlsx(bytes);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(doc.blocks).toMatchObject([{ type: 'table', rows: [[{ text: '1' }, { text: '2' }]] }]);
  });

  it('cells far apart do not become a huge grid', () => {
    const bytes = handWorkbook({
      sheets: [
        {
          name: 'S',
          xml: '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row><row r="300"><c r="A300"><v>3</v></c><c r="XFD300"><v>4</v></c></row>',
        },
      ],
    });
    // Two rows of 16,384 slots fit the default limit; with a limit of 20,000 slots they do not.
    expect(readXlsx(bytes).blocks).toHaveLength(2);
    const { ms } = refusal(bytes, 'too-many-cells', { maxCells: 20_000 });
    expect(ms).toBeLessThan(1000);
  });

  it('a merged range over the whole grid', () => {
    const merged = (rows: string) =>
      handWorkbook({
        sheets: [
          {
            name: 'S',
            xml: sheetXml(rows).replace(
              '</sheetData>',
              '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
            ),
          },
        ],
      });
    // Past the last cell with text a merge only repeats its text over empty grid, so it is cut there.
    const start = performance.now();
    const doc = readXlsx(merged('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(doc.blocks).toEqual([{ type: 'paragraph', text: 'x', position: { sheet: 'S', cell: 'A1' } }]);
    // With text in the last cell too, the merge really covers the grid.
    const { error, ms } = refusal(
      merged(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
      ),
      'too-many-cells',
    );
    expect(error.message).toMatch(/merged/);
    expect(ms).toBeLessThan(1000);
  });

  it('a hyperlink over the whole grid (SheetJS would visit every cell of it)', () => {
    const bytes = handWorkbook({
      sheets: [
        {
          name: 'S',
          xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
            '</sheetData>',
            '</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" location="S!A1"/></hyperlinks>',
          ),
        },
      ],
    });
    const { error, ms } = refusal(bytes, 'too-many-cells');
    expect(error.message).toMatch(/hyperlinks/);
    expect(ms).toBeLessThan(1000);
  });

  it('a column range past the last column (SheetJS would loop over it)', () => {
    const bytes = handWorkbook({
      sheets: [
        {
          name: 'S',
          xml: `<worksheet xmlns="${NS}"><cols><col min="1" max="2000000000" hidden="1"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
        },
      ],
    });
    const { ms } = refusal(bytes, 'corrupt');
    expect(ms).toBeLessThan(1000);
  });

  it('a number format far longer than Excel allows (SheetJS rescans it for every cell)', () => {
    const styles = `<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="${'0'.repeat(100_000)}"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`;
    const rows: string[] = [];
    for (let r = 1; r <= 2000; r++) rows.push(`<row r="${r}"><c r="A${r}" s="1"><v>${r}</v></c></row>`);
    const parts = handWorkbookParts({ sheets: [{ name: 'S', xml: rows.join('') }] });
    const edit = (name: string, from: string, to: string) => {
      const part = parts.find((p) => p.name === name)!;
      part.data = (part.data as string).replace(from, to);
    };
    edit(
      '[Content_Types].xml',
      '</Types>',
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    );
    edit(
      'xl/_rels/workbook.xml.rels',
      '</Relationships>',
      '<Relationship Id="rIdY" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    );
    parts.push({ name: 'xl/styles.xml', data: styles });
    // Bare SheetJS takes seconds on this file (2,000 cells × 100,000 characters).
    const { error, ms } = refusal(zip(parts), 'corrupt');
    expect(error.message).toMatch(/number format of \d+ bytes/);
    expect(ms).toBeLessThan(1000);

    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([[1]]);
    ws.A1!.z = '0'.repeat(1000);
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const xls = refusal(
      new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xls' }) as ArrayBuffer),
      'corrupt',
    );
    expect(xls.error.message).toMatch(/number format record/);
  });

  it('a truncated .xlsx or .xls', () => {
    for (const bytes of [
      goodXlsx.subarray(0, goodXlsx.length >> 1),
      goodXlsx.subarray(0, goodXlsx.length - 10),
      goodXls.subarray(0, 3000),
      goodXls.subarray(0, 600),
    ]) {
      const { error, ms } = refusal(bytes, 'corrupt');
      expect(error.message).toMatch(/truncated/);
      expect(ms).toBeLessThan(1000);
    }
  });

  it('a .xls with more cells than the limit', () => {
    const rows = Array.from({ length: 300 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'S');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xls' }) as ArrayBuffer);
    expect(readXlsx(bytes, { limits: { maxCells: 3000 } }).blocks).toHaveLength(1);
    const { error } = refusal(bytes, 'too-many-cells', { maxCells: 2999 });
    expect(error.message).toMatch(/3000 cells/);
  });

  it('an input over the size limit, an empty input, and bytes that are no workbook', () => {
    refusal(goodXlsx, 'too-large', { maxInputBytes: goodXlsx.length - 1 });
    refusal(new Uint8Array(0), 'empty');
    refusal(new TextEncoder().encode('a,b,c\n1,2,3\n'), 'unsupported');
    refusal(new TextEncoder().encode('<html><table><tr><td>1</td></tr></table></html>'), 'unsupported');
    refusal(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]), 'unsupported');
  });

  it('zips that are not workbooks, or that it cannot open', () => {
    refusal(
      zip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 }]),
      'unsupported',
    );
    refusal(
      zip([
        {
          name: '[Content_Types].xml',
          data: '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        },
      ]),
      'unsupported',
    );
    refusal(
      handWorkbook({
        sheets: [],
        mainContentType: 'application/vnd.ms-excel.sheet.binary.macroEnabled.main',
      }),
      'unsupported',
    );
    const encrypted = handWorkbook({ sheets: [{ name: 'S', xml: '' }] });
    // Set the "encrypted" flag of the first central directory entry.
    const view = new DataView(encrypted.buffer, encrypted.byteOffset);
    for (let at = encrypted.length - 22; at > 0; at--) {
      if (view.getUint32(at, true) === 0x02014b50)
        view.setUint16(at + 8, view.getUint16(at + 8, true) | 1, true);
    }
    refusal(encrypted, 'unsupported');
    const damaged = handWorkbookParts({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
    });
    const sheet = damaged.find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
    sheet.deflated = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    sheet.declaredSize = 200;
    const { error } = refusal(zip(damaged), 'corrupt');
    expect(error.message).toMatch(/sheet1\.xml cannot be inflated/);
  });

  it('damaged bytes anywhere give a document or an AdapterError, never another error', {
    timeout: 60_000,
  }, () => {
    // A deterministic sweep of single-byte damage over both containers. A damaged coordinate can
    // legitimately widen a table up to the cell limit, which takes time in proportion; a lower limit
    // keeps each read short.
    const limits = { maxCells: 100_000 };
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (const original of [goodXlsx, goodXls]) {
      for (let i = 0; i < 150; i++) {
        const bytes = original.slice();
        const at = Math.floor(random() * bytes.length);
        bytes[at] = Math.floor(random() * 256);
        const start = performance.now();
        try {
          readXlsx(bytes, { limits });
        } catch (error) {
          expect(error, `byte ${at}`).toBeInstanceOf(AdapterError);
        }
        expect(performance.now() - start).toBeLessThan(1000);
      }
    }
  });
});

describe('deflate helper sanity', () => {
  it('the test bomb really is a bomb', () => {
    expect(deflateRawSync(new Uint8Array(1 << 20).fill(0x20), { level: 9 }).length).toBeLessThan(2000);
  });
});
