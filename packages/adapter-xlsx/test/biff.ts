/**
 * Editing the workbook stream of an .xls for the tests: its records as a list, record builders, and
 * the file written back with each sheet's BoundSheet8 offset pointing at its BOF again.
 */
import * as XLSX from 'xlsx';

export interface BiffRecord {
  type: number;
  body: Uint8Array;
}

const BOF = 0x0809;
const EOF = 0x000a;
const CODEPAGE = 0x0042;
const BOUND_SHEET = 0x0085;

interface Container {
  FileIndex: { name: string; content?: Uint8Array; size?: number }[];
}
const cfb = XLSX.CFB as unknown as {
  read(bytes: Uint8Array, options: { type: 'buffer' }): Container;
  write(container: Container, options: { type: 'buffer' }): Uint8Array;
  find(container: Container, path: string): { content?: Uint8Array; size?: number } | null;
};

export function parseRecords(stream: Uint8Array): BiffRecord[] {
  const records: BiffRecord[] = [];
  let at = 0;
  while (at + 4 <= stream.length) {
    const type = stream[at]! | (stream[at + 1]! << 8);
    const size = stream[at + 2]! | (stream[at + 3]! << 8);
    // A copy with a buffer of its own, which the tests edit through a DataView.
    records.push({ type, body: new Uint8Array(stream.subarray(at + 4, at + 4 + size)) });
    at += 4 + size;
  }
  return records;
}

/**
 * The records as a stream. Each BoundSheet8 that named the BOF of a record still in the list names
 * its new offset (`bofs` maps the offsets of the stream they came from to those records).
 */
export function writeRecords(
  records: readonly BiffRecord[],
  bofs: ReadonlyMap<number, BiffRecord>,
): Uint8Array {
  const offsets = new Map<BiffRecord, number>();
  let length = 0;
  for (const record of records) {
    offsets.set(record, length);
    length += 4 + record.body.length;
  }
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const record of records) {
    view.setUint16(at, record.type, true);
    view.setUint16(at + 2, record.body.length, true);
    out.set(record.body, at + 4);
    if (record.type === BOUND_SHEET && record.body.length >= 4) {
      const bof = bofs.get(view.getUint32(at + 4, true));
      const moved = bof && offsets.get(bof);
      if (moved !== undefined) view.setUint32(at + 4, moved, true);
    }
    at += 4 + record.body.length;
  }
  return out;
}

/** The workbook stream's records and the BOF records by their offset. */
export function workbookRecords(xls: Uint8Array): { records: BiffRecord[]; bofs: Map<number, BiffRecord> } {
  const container = cfb.read(Buffer.from(xls), { type: 'buffer' });
  const stream = cfb.find(container, '/Workbook')!.content!;
  const records = parseRecords(stream);
  const bofs = new Map<number, BiffRecord>();
  let at = 0;
  for (const record of records) {
    if (record.type === BOF) bofs.set(at, record);
    at += 4 + record.body.length;
  }
  return { records, bofs };
}

/** The .xls with its workbook stream replaced. */
export function withWorkbookStream(xls: Uint8Array, stream: Uint8Array): Uint8Array {
  const container = cfb.read(Buffer.from(xls), { type: 'buffer' });
  const entry = cfb.find(container, '/Workbook')!;
  entry.content = Buffer.from(stream);
  entry.size = stream.length;
  return new Uint8Array(cfb.write(container, { type: 'buffer' }));
}

/** The .xls with its workbook records edited. */
export function editWorkbook(
  xls: Uint8Array,
  /** Edits the list in place, or returns a new one. */
  edit: (records: BiffRecord[]) => unknown,
): Uint8Array {
  const { records, bofs } = workbookRecords(xls);
  const result = edit(records);
  const edited = Array.isArray(result) ? (result as BiffRecord[]) : records;
  return withWorkbookStream(xls, writeRecords(edited, bofs));
}

function bytes(size: number, fill: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(size);
  fill(new DataView(out.buffer));
  return out;
}

const cell = (view: DataView, r: number, c: number, ixfe: number) => {
  view.setUint16(0, r, true);
  view.setUint16(2, c, true);
  view.setUint16(4, ixfe, true);
};

export const record = {
  number: (r: number, c: number, ixfe: number, value: number): BiffRecord => ({
    type: 0x0203,
    body: bytes(14, (v) => {
      cell(v, r, c, ixfe);
      v.setFloat64(6, value, true);
    }),
  }),
  /** An RK value as stored: its low two bits say integer and divided by 100. */
  rk: (r: number, c: number, ixfe: number, raw: number): BiffRecord => ({
    type: 0x027e,
    body: bytes(10, (v) => {
      cell(v, r, c, ixfe);
      v.setUint32(6, raw >>> 0, true);
    }),
  }),
  mulrk: (
    r: number,
    c: number,
    values: [ixfe: number, raw: number][],
    last = c + values.length - 1,
  ): BiffRecord => ({
    type: 0x00bd,
    body: bytes(6 + 6 * values.length, (v) => {
      v.setUint16(0, r, true);
      v.setUint16(2, c, true);
      values.forEach(([ixfe, raw], i) => {
        v.setUint16(4 + 6 * i, ixfe, true);
        v.setUint32(6 + 6 * i, raw >>> 0, true);
      });
      v.setUint16(4 + 6 * values.length, last, true);
    }),
  }),
  labelSst: (r: number, c: number, ixfe: number, index: number): BiffRecord => ({
    type: 0x00fd,
    body: bytes(10, (v) => {
      cell(v, r, c, ixfe);
      v.setUint32(6, index, true);
    }),
  }),
  /** A Label record; `flags` 0 stores one byte per character, anything else two. */
  label: (r: number, c: number, ixfe: number, text: string, flags = 1): BiffRecord => {
    const wide = flags !== 0;
    return {
      type: 0x0204,
      body: bytes(9 + (wide ? 2 : 1) * text.length, (v) => {
        cell(v, r, c, ixfe);
        v.setUint16(6, text.length, true);
        v.setUint8(8, flags);
        for (let i = 0; i < text.length; i++) {
          if (wide) v.setUint16(9 + 2 * i, text.charCodeAt(i), true);
          else v.setUint8(9 + i, text.charCodeAt(i));
        }
      }),
    };
  },
  boolErr: (r: number, c: number, ixfe: number, value: number, isError: boolean): BiffRecord => ({
    type: 0x0205,
    body: bytes(8, (v) => {
      cell(v, r, c, ixfe);
      v.setUint8(6, value);
      v.setUint8(7, isError ? 1 : 0);
    }),
  }),
  blank: (r: number, c: number, ixfe: number): BiffRecord => ({
    type: 0x0201,
    body: bytes(6, (v) => cell(v, r, c, ixfe)),
  }),
  mulblank: (r: number, c: number, ixfes: number[], last = c + ixfes.length - 1): BiffRecord => ({
    type: 0x00be,
    body: bytes(6 + 2 * ixfes.length, (v) => {
      v.setUint16(0, r, true);
      v.setUint16(2, c, true);
      ixfes.forEach((ixfe, i) => {
        v.setUint16(4 + 2 * i, ixfe, true);
      });
      v.setUint16(4 + 2 * ixfes.length, last, true);
    }),
  }),
  /** A formula `=1` whose saved result is a number, or a string (a String record must follow). */
  formula: (r: number, c: number, ixfe: number, result: number | 'string'): BiffRecord => ({
    type: 0x0006,
    body: bytes(25, (v) => {
      cell(v, r, c, ixfe);
      if (result === 'string') {
        v.setUint8(6, 0);
        v.setUint16(12, 0xffff, true);
      } else v.setFloat64(6, result, true);
      v.setUint16(20, 3, true);
      v.setUint8(22, 0x1e); // PtgInt 1
      v.setUint16(23, 1, true);
    }),
  }),
  string: (text: string): BiffRecord => ({
    type: 0x0207,
    body: bytes(3 + 2 * text.length, (v) => {
      v.setUint16(0, text.length, true);
      v.setUint8(2, 1);
      for (let i = 0; i < text.length; i++) v.setUint16(3 + 2 * i, text.charCodeAt(i), true);
    }),
  }),
  of: (type: number, body: number[] | Uint8Array = []): BiffRecord => ({ type, body: Uint8Array.from(body) }),
};

/** An .xls as SheetJS writes it (UTF-16): one sheet per name, from its rows, with the properties given. */
export function writeXls(sheets: Record<string, unknown[][]>, props?: XLSX.FullProperties): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
  }
  if (props) book.Props = props;
  return new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'biff8' }));
}

/**
 * A one-sheet report workbook as SheetJS writes it (UTF-16), or with its CodePage record set to
 * `codepage` and a Label stored one byte per character (`bytes`, each a char code below 256) at A3.
 */
export function codepageWorkbook(codepage?: number, bytes = ''): Uint8Array {
  const written = writeXls({
    表一: [
      ['信息内容', '本年新制作数量'],
      ['规章', 3],
    ],
  });
  if (codepage === undefined) return written;
  return editWorkbook(written, (records) => {
    records[records.findIndex((r) => r.type === CODEPAGE)] = record.of(CODEPAGE, [
      codepage & 0xff,
      codepage >> 8,
    ]);
    records.splice(records.map((r) => r.type).lastIndexOf(EOF), 0, record.label(2, 0, 0, bytes, 0));
  });
}

/**
 * A workbook whose document title is in code page 936, as Chinese Office writes it: a VT_LPSTR of GBK
 * bytes under a CodePage property of 936. SheetJS writes a UTF-16 title; the GBK one of the same six
 * characters takes the same 16 padded bytes, so the property set is rewritten in place.
 */
export function gbkTitledWorkbook(): Uint8Array {
  const written = writeXls({ 表一: [['信息内容']] }, { Title: '政府信息公开' });
  const container = cfb.read(Buffer.from(written), { type: 'buffer' });
  const entry = cfb.find(container, '/\u0005SummaryInformation')!;
  const stream = Buffer.from(entry.content!);
  const codepage = stream.indexOf(Buffer.from([0x02, 0, 0, 0, 0xb0, 0x04])); // VT_I2 1200
  stream.writeUInt16LE(936, codepage + 4);
  const title = stream.indexOf(Buffer.from('政', 'utf16le')) - 8; // VT_LPWSTR, 7 characters
  const gbk = [0xd5, 0xfe, 0xb8, 0xae, 0xd0, 0xc5, 0xcf, 0xa2, 0xb9, 0xab, 0xbf, 0xaa, 0];
  stream.writeUInt32LE(0x1e, title); // VT_LPSTR
  stream.writeUInt32LE(gbk.length, title + 4);
  stream.fill(0, title + 8, title + 24);
  Buffer.from(gbk).copy(stream, title + 8);
  entry.content = stream;
  return new Uint8Array(cfb.write(container, { type: 'buffer' }));
}
