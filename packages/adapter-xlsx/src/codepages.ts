/**
 * SheetJS's code page tables, loaded the first time a workbook needs one.
 *
 * SheetJS decodes legacy .xls text through the table object it is given (`set_cptable`). The full
 * tables cost every process or worker thread that loads them about 23 MB (10 MB of heap), yet the
 * workbooks a batch meets mostly ask for UTF-16 only: a BIFF8 workbook's names and its compound
 * file's property names. This stand-in answers UTF-16 itself and loads the tables on the first
 * request for any other code page (document properties in 936, BIFF5 strings), passing that request
 * and every later one to them.
 */
import { createRequire } from 'node:module';
import { AdapterError } from '@xxgk/core/engine';

interface CodepageUtils {
  decode(codepage: number, data: unknown): string;
  encode(codepage: number, data: unknown, format?: string): unknown;
}

const UTF16LE = 1200;

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
      }); a bundled program must leave the xlsx package out of the bundle or pass the tables to useCodepageTables()`,
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

/** What `XLSX.set_cptable` is given: the tables' `utils`, with UTF-16 answered without them. */
export const lazyCodepages: { utils: CodepageUtils } = {
  utils: {
    decode: (codepage, data) =>
      codepage === UTF16LE ? decodeUtf16le(data) : loadTables(codepage).decode(codepage, data),
    encode: (codepage, data, format) => loadTables(codepage).encode(codepage, data, format),
  },
};
