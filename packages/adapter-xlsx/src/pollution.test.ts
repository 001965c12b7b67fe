import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { handWorkbook } from '../test/zip.js';
import { readXlsx } from './index.js';

const NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'polluted'];

function snapshot() {
  return {
    object: Object.getOwnPropertyNames(Object.prototype).sort(),
    array: Object.getOwnPropertyNames(Array.prototype).sort(),
    function: Object.getOwnPropertyNames(Function.prototype).sort(),
    toString: Object.prototype.toString,
    hasOwnProperty: Object.prototype.hasOwnProperty,
  };
}

function expectUnpolluted(before: ReturnType<typeof snapshot>): void {
  const plain = {} as Record<string, unknown>;
  expect(plain.polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
  expect(plain.constructor).toBe(Object);
  expect(snapshot()).toEqual(before);
}

const sheetsOf = (doc: ReturnType<typeof readXlsx>) => [...new Set(doc.blocks.map((b) => b.position.sheet))];

describe('reading cannot pollute Object.prototype', () => {
  it('through sheet names, relationship ids, defined names, properties and cell values of a crafted .xlsx', () => {
    const before = snapshot();
    const strings = NAMES.map((n) => `<si><t>${n}</t></si>`).join('');
    const bytes = handWorkbook({
      sheets: NAMES.map((name) => ({
        name,
        relId: name,
        xml: `<row r="1"><c r="A1" t="s"><v>${NAMES.indexOf(name)}</v></c><c r="B1" t="inlineStr"><is><t>${name}</t></is></c><c r="C1"><v>1</v></c></row>`,
      })),
      sharedStrings: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${NAMES.length}" uniqueCount="${NAMES.length}">${strings}</sst>`,
      definedNames: `<definedNames>${NAMES.map((n) => `<definedName name="${n}">'${n}'!$A$1</definedName>`).join('')}</definedNames>`,
      core: '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>__proto__</dc:title><dc:creator>constructor</dc:creator></cp:coreProperties>',
      custom: `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${NAMES.map((n, i) => `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${n}"><vt:lpwstr>polluted</vt:lpwstr></property>`).join('')}</Properties>`,
    });
    const doc = readXlsx(bytes);
    expectUnpolluted(before);
    // Every sheet is read, under its own name, with its own cells.
    expect(sheetsOf(doc)).toEqual(NAMES);
    for (const name of NAMES) {
      const table = doc.blocks.find((b) => b.position.sheet === name);
      expect(table).toMatchObject({ type: 'table', rows: [[{ text: name }, { text: name }, { text: '1' }]] });
    }
    expect(doc.metadata).toMatchObject({ title: '__proto__', author: 'constructor' });
    expect(Object.getPrototypeOf(doc.metadata)).toBe(Object.prototype);
  });

  it('through sheet names and properties of an .xls', () => {
    const before = snapshot();
    const wb = XLSX.utils.book_new();
    for (const name of NAMES) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[name, 1]]), name);
    wb.Props = { Title: '__proto__', Author: 'constructor' };
    wb.Custprops = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "x", "polluted": "yes"}');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xls' }) as ArrayBuffer);
    expectUnpolluted(before);
    const doc = readXlsx(bytes);
    expectUnpolluted(before);
    expect(sheetsOf(doc)).toEqual(NAMES);
    expect(doc.metadata).toMatchObject({ title: '__proto__', author: 'constructor' });
  });

  it('through zip entry names', () => {
    const before = snapshot();
    const bytes = handWorkbook({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
      extra: [
        { name: '__proto__', data: '<x polluted="1"/>' },
        { name: 'xl/__proto__.xml', data: '<x/>' },
        { name: 'constructor/prototype.xml', data: '<x/>' },
      ],
    });
    expect(readXlsx(bytes).blocks).toHaveLength(1);
    expectUnpolluted(before);
  });
});
