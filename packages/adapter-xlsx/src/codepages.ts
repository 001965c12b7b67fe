/**
 * SheetJS's code page tables, loaded the first time a workbook needs one.
 *
 * SheetJS decodes legacy .xls text through the table object it is given (`set_cptable`). The full
 * tables cost every process or worker thread that loads them about 23 MB (10 MB of heap), yet the
 * workbooks LibreOffice and SheetJS write ask for three code pages only: UTF-16 (a BIFF8 workbook's
 * own text, the compound file's names), Windows-1252 (the CompObj stream) and UTF-8 (property
 * names). This stand-in decodes those three itself, exactly as the tables do, and loads the tables on
 * the first request for any other code page (document properties in 936, BIFF5 strings) or for an
 * encoding, passing that request and every later one to them.
 */
import { createRequire } from 'node:module';
import { AdapterError } from '@xxgk/core/engine';

interface CodepageUtils {
  decode(codepage: number, data: unknown): string;
  encode(codepage: number, data: unknown, format?: string): unknown;
}

const UTF16LE = 1200;
const WINDOWS_1252 = 1252;
const UTF8 = 65001;

/** SheetJS's code page tables, as `xlsx/dist/cpexcel` exports them. */
export interface CodepageTables {
  utils: CodepageUtils;
}

// Synchronously, as SheetJS asks in the middle of a read: the CommonJS build of the same tables.
const requireTables = () => createRequire(import.meta.url)('xlsx/dist/cpexcel.js') as CodepageTables;

let loader: () => CodepageTables = requireTables;
let tables: CodepageTables | undefined;
/** Why the tables could not be loaded during the current read, if they could not. */
let failure: AdapterError | undefined;

function loadTables(codepage: number): CodepageUtils {
  if (tables) return tables.utils;
  try {
    tables = loader();
  } catch (error) {
    // SheetJS swallows errors in some places (the document properties): the read asks for this one
    // when SheetJS is done (takeCodepageFailure), so that no text is left out without a word.
    failure = new AdapterError(
      'unsupported',
      `the workbook has text in code page ${codepage}, and SheetJS's code page tables could not be loaded (${
        error instanceof Error ? error.message : String(error)
      }); pass them with useCodepageTables(), or leave the xlsx package out of a bundle`,
      { cause: error },
    );
    throw failure;
  }
  return tables.utils;
}

/**
 * Where the code page tables come from: by default `xlsx/dist/cpexcel.js`, required when a workbook
 * first needs them. A program bundled without that file passes them itself:
 * `import * as tables from 'xlsx/dist/cpexcel'; useCodepageTables(tables)`.
 */
export function useCodepageTables(source: CodepageTables | (() => CodepageTables)): void {
  loader = typeof source === 'function' ? source : () => source;
  tables = undefined;
}

/** The failure to load the tables since the last call, if any. */
export function takeCodepageFailure(): AdapterError | undefined {
  const found = failure;
  failure = undefined;
  return found;
}

/** Whether any read so far needed the full tables. */
export function codepageTablesLoaded(): boolean {
  return tables !== undefined;
}

/**
 * UTF-16LE as the tables decode it (their `decode(1200, …)`), for the three kinds of input SheetJS
 * passes: a Buffer is decoded by Node (a byte-order mark kept, an odd last byte dropped); an array of
 * byte values, or a string of them, loses a leading byte-order mark and an odd last byte.
 */
export function decodeUtf16le(data: unknown): string {
  if (Buffer.isBuffer(data)) return data.toString('utf16le');
  const bytes = typeof data === 'string' ? codeUnits(data) : (data as ArrayLike<number>);
  const length = bytes.length;
  let at = length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0;
  const units: string[] = [];
  for (; at + 1 < length; at += 2) units.push(String.fromCharCode((bytes[at + 1]! << 8) + bytes[at]!));
  return units.join('');
}

function codeUnits(text: string): number[] {
  const units = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** Windows-1252's 0x80–0x9F; every other byte is its Latin-1 character. The tables give U+FFFD for the five bytes it leaves undefined. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
];

/**
 * The input as byte values, when every value is one (a Buffer, a typed array, an array of them, or
 * a string of characters below 256): what SheetJS passes. Anything else goes to the tables, whose
 * single-byte decoders read such values out of uninitialised memory.
 */
function byteValues(data: unknown): ArrayLike<number> | undefined {
  if (data instanceof Uint8Array) return data;
  const values = typeof data === 'string' ? codeUnits(data) : data;
  if (!Array.isArray(values)) return undefined;
  for (const value of values) if (!(Number.isInteger(value) && value >= 0 && value <= 0xff)) return undefined;
  return values as number[];
}

/** Windows-1252 as the tables decode it, one character per byte. */
export function decodeWindows1252(bytes: ArrayLike<number>): string {
  const units = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    units[i] = String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : byte);
  }
  return units.join('');
}

/**
 * UTF-8 as the tables decode it, which is not as a standard decoder does: a leading byte-order mark is
 * dropped, a lead byte takes as many continuation bytes as it announces whatever they are (0 past the
 * end), a byte below 0xC0 outside a sequence counts as a two-byte lead from 0x80, and nothing is
 * replaced by U+FFFD.
 */
export function decodeUtf8(bytes: ArrayLike<number>): string {
  const length = bytes.length;
  const at = (i: number) => (i < length ? bytes[i]! & 63 : 0);
  let i = length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const units: number[] = [];
  while (i < length) {
    const lead = bytes[i]!;
    let point: number;
    if (lead < 0x80) {
      point = lead;
      i += 1;
    } else if (lead < 0xe0) {
      point = (lead & 31) * 64 + at(i + 1);
      i += 2;
    } else if (lead < 0xf0) {
      point = ((lead & 15) << 12) + at(i + 1) * 64 + at(i + 2);
      i += 3;
    } else {
      point = (lead & 7) * 262144 + (at(i + 1) << 12) + at(i + 2) * 64 + at(i + 3);
      i += 4;
    }
    if (point < 0x10000) units.push(point);
    else {
      const beyond = point - 0x10000;
      units.push(0xd800 + ((beyond >> 10) & 1023), 0xdc00 + (beyond & 1023));
    }
  }
  return fromUnits(units);
}

function fromUnits(units: number[]): string {
  let text = '';
  for (let from = 0; from < units.length; from += 8192) {
    text += String.fromCharCode(...units.slice(from, from + 8192));
  }
  return text;
}

function decode(codepage: number, data: unknown): string {
  if (codepage === UTF16LE) return decodeUtf16le(data);
  // No code page is negative: LibreOffice's document properties give 65001 as a signed 16-bit value,
  // -535, which the tables refuse as they refuse any number they do not know (SheetJS then skips the
  // properties). Refused the same way, without loading the tables for it.
  if (codepage < 0) throw new Error(`Unrecognized CP: ${codepage}`);
  if (codepage === WINDOWS_1252 || codepage === UTF8) {
    const bytes = byteValues(data);
    if (bytes) return codepage === UTF8 ? decodeUtf8(bytes) : decodeWindows1252(bytes);
  }
  return loadTables(codepage).decode(codepage, data);
}

/** What `XLSX.set_cptable` is given: the tables' `utils`, with three code pages decoded without them. */
export const lazyCodepages: { utils: CodepageUtils } = {
  utils: {
    decode,
    encode: (codepage, data, format) => loadTables(codepage).encode(codepage, data, format),
  },
};
