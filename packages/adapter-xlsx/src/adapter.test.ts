import { isAdapter } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import { writeReportWorkbook } from '../test/generate.js';
import { tableGolds } from '../test/gold.js';
import { zip } from '../test/zip.js';
import { readXlsx, sniffXlsx, xlsxAdapter } from './index.js';

const gold = tableGolds()[0]!.gold;
const xlsx = writeReportWorkbook(gold, 'notes-first', 'xlsx');
const xls = writeReportWorkbook(gold, 'notes-first', 'xls');
const head = (bytes: Uint8Array) => bytes.subarray(0, 4096);
const text = (s: string) => new TextEncoder().encode(s);

describe('xlsxAdapter', () => {
  it('meets the adapter contract', () => {
    expect(isAdapter(xlsxAdapter)).toBe(true);
    expect(xlsxAdapter.name).toBe('xlsx');
    expect(xlsxAdapter.extensions).toEqual(['xlsx', 'xlsm', 'xls']);
    expect(xlsxAdapter.mediaTypes).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-excel.sheet.macroEnabled.12',
      'application/vnd.ms-excel',
    ]);
    expect(xlsxAdapter.read(xlsx)).toEqual(readXlsx(xlsx));
  });

  it('is sure of workbooks by their bytes, whatever their name', () => {
    expect(sniffXlsx(head(xlsx))).toBeGreaterThanOrEqual(0.9);
    expect(sniffXlsx(head(xls))).toBeGreaterThanOrEqual(0.9);
    expect(sniffXlsx(head(xlsx), { fileName: 'report.txt' })).toBeGreaterThanOrEqual(0.9);
  });

  it('claims nothing else, and never throws', () => {
    const docx = zip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    const ods = zip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 },
    ]);
    for (const bytes of [
      docx,
      ods,
      text('%PDF-1.7\n'),
      text('<html><body><table></table></body></html>'),
      text('一、总体情况\n'),
      text('a,b\n1,2\n'),
      new Uint8Array(0),
      new Uint8Array([0x50, 0x4b]),
      new Uint8Array([0xd0, 0xcf, 0x11]),
    ]) {
      expect(sniffXlsx(head(bytes), { fileName: 'report.xlsx' })).toBe(0);
    }
  });

  it('lets the file name tip a zip or OLE2 container whose head names no parts', () => {
    const bare = zip([{ name: 'zz/other.bin', data: new Uint8Array(8000), method: 0 }]);
    expect(sniffXlsx(head(bare), { fileName: 'a.xlsx' })).toBeGreaterThan(sniffXlsx(head(bare)));
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(sniffXlsx(ole, { fileName: 'a.xls' })).toBeGreaterThan(sniffXlsx(ole));
    expect(sniffXlsx(ole)).toBeGreaterThan(0);
  });
});
