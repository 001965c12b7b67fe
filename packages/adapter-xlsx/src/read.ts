import {
  ADAPTER_SPECIFICATION_VERSION,
  type Adapter,
  AdapterError,
  assertInputSize,
  type Diagnostic,
  type DocumentMetadata,
  type Limits,
  type ReadOptions,
  resolveLimits,
  type SourceDocument,
} from '@xxgk/core/engine';
import * as XLSX from 'xlsx';
import { type CfbContainer, isOle2, scanBiff } from './biff.js';
import { addSheet, type BuildState, sheetParts } from './blocks.js';
import { dateText } from './cell-text.js';
import { lazyCodepages, takeCodepageFailure } from './codepages.js';
import { MEDIA_TYPE_XLSM, MEDIA_TYPE_XLSX, markedPart, type PreparedPackage, prepareOoxml } from './ooxml.js';
import { type PackageParts, type PackageWorkbook, readPackage } from './package.js';
import { MAX_ROWS } from './scan.js';
import { sniffXlsx } from './sniff.js';
import { readWorksheet, type SheetContext } from './worksheet.js';
import {
  NOT_OURS,
  readCells,
  reducedIndexOf,
  standInWorkbook,
  withoutMarker,
  type XlsContext,
} from './xls.js';
import { isZip, latin1, type StoredFile } from './zip.js';

export const MEDIA_TYPE_XLS = 'application/vnd.ms-excel';

let codepagesLoaded = false;

/**
 * Legacy .xls text (BIFF5 strings, document properties) is in the workbook's code page, often 936;
 * the tables load when a workbook first asks for one (codepages.ts).
 */
function loadCodepages(): void {
  if (codepagesLoaded) return;
  XLSX.set_cptable(lazyCodepages);
  codepagesLoaded = true;
}

const NO_FORMULAS: ReadonlySet<string> = new Set();

/** SheetJS's number formats as it starts, before any workbook added its own. */
const BUILT_IN_FORMATS: Record<number, string> = { ...(XLSX.SSF.get_table() as Record<number, string>) };

/**
 * SheetJS keeps number formats in one table for the process. Reading an .xls adds the file's formats
 * to it and leaves them there, so a later file that uses a format it does not define would take the
 * earlier file's (a date or not, a percent or not). The table goes back to the built-in formats
 * before and after every read.
 */
function resetFormats(): void {
  const table = XLSX.SSF.get_table() as Record<string, string>;
  for (const key of Object.keys(table)) if (!Object.hasOwn(BUILT_IN_FORMATS, key)) delete table[key];
  XLSX.SSF.load_table(BUILT_IN_FORMATS);
}

function prepareXls(bytes: Uint8Array, limits: Limits): PreparedPackage & { container: CfbContainer } {
  const scan = scanBiff(bytes);
  const over = (what: string) =>
    new AdapterError('too-many-cells', `${what}, more than the limit of ${limits.maxCells} cells`);
  if (scan.cells > limits.maxCells) throw over(`the workbook holds ${scan.cells} cells`);
  if (scan.strings > limits.maxCells) throw over(`the shared-strings table declares ${scan.strings} strings`);
  if (scan.hyperlinkCells > limits.maxCells)
    throw over(`the workbook's hyperlinks cover ${scan.hyperlinkCells} cells`);
  return {
    bytes,
    mediaType: MEDIA_TYPE_XLS,
    format: 'xls',
    formulasWithoutValue: () => NO_FORMULAS,
    diagnostics: [],
    container: scan.container,
  };
}

/**
 * A read by SheetJS. It reports what it skips (unknown records of a damaged .xls, odd zip entries) on
 * the console: the read is synchronous, so the console can be borrowed for its duration and the
 * messages kept as diagnostics instead of landing on a batch run's stderr. Its format table goes back
 * to the built-in formats after it (see {@link resetFormats}).
 */
function readBySheetJs<T>(sink: string[], read: () => T): T {
  const saved = { error: console.error, warn: console.warn, log: console.log };
  const capture = (...args: unknown[]) => {
    // A damaged file can make SheetJS complain once per record: keep a sample, not millions.
    if (sink.length < 1000) sink.push(args.map(String).join(' '));
  };
  console.error = capture;
  console.warn = capture;
  console.log = capture;
  try {
    return read();
  } finally {
    console.error = saved.error;
    console.warn = saved.warn;
    console.log = saved.log;
    resetFormats();
  }
}

const MAX_READER_WARNINGS = 10;

function readerWarnings(messages: string[]): Diagnostic[] {
  const distinct = [...new Set(messages)];
  const shown = distinct.slice(0, MAX_READER_WARNINGS).map(
    (message): Diagnostic => ({
      code: 'reader-warning',
      severity: 'warning',
      message: `SheetJS: ${message}`,
    }),
  );
  if (distinct.length > MAX_READER_WARNINGS) {
    shown.push({
      code: 'reader-warning',
      severity: 'warning',
      message: `SheetJS: ${distinct.length - MAX_READER_WARNINGS} more warnings`,
    });
  }
  return shown;
}

function sheetJsError(error: unknown): AdapterError {
  // Ours, thrown from inside SheetJS's read (codepages.ts).
  if (error instanceof AdapterError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message)) {
    return new AdapterError('unsupported', `the workbook is password-protected: ${message}`, {
      cause: error,
    });
  }
  return new AdapterError('corrupt', `the workbook cannot be read (damaged or truncated?): ${message}`, {
    cause: error,
  });
}

/** A sheet by name without reaching into `Object.prototype` (SheetJS keeps sheets in a plain object). */
function sheetNamed(workbook: XLSX.WorkBook, name: string): XLSX.WorkSheet | undefined {
  const sheets = workbook.Sheets;
  if (Object.hasOwn(sheets, name)) return sheets[name];
  if (name === '__proto__') {
    // Assigning `Sheets['__proto__']` made the sheet the object's prototype.
    const proto = Object.getPrototypeOf(sheets) as XLSX.WorkSheet | null;
    if (proto && proto !== Object.prototype) return proto;
  }
  return undefined;
}

function metadataOf(workbook: XLSX.WorkBook, format: string): DocumentMetadata {
  const metadata: DocumentMetadata = { format };
  const props = (workbook.Props ?? {}) as Record<string, unknown>;
  const fields: [keyof XLSX.FullProperties, string][] = [
    ['Title', 'title'],
    ['Author', 'author'],
    ['Subject', 'subject'],
    ['Company', 'company'],
    ['Keywords', 'keywords'],
    ['CreatedDate', 'created'],
    ['ModifiedDate', 'modified'],
  ];
  for (const [from, to] of fields) {
    if (!Object.hasOwn(props, from)) continue;
    const value = props[from];
    const text = value instanceof Date ? dateText(value) : typeof value === 'string' ? value.trim() : '';
    if (text !== '') metadata[to] = text;
  }
  return metadata;
}

/** The options readXlsx hands `XLSX.read` (exported so benchmarks time a bare read with exactly these). */
export const SHEETJS_READ_OPTIONS: Readonly<XLSX.ParsingOptions> = Object.freeze({
  // Handed a Buffer (see asBuffer): SheetJS then turns each part into a string natively instead of
  // through a TextDecoder and a regular expression, 9 % of its time on a report workbook.
  type: 'buffer',
  dense: true,
  // Hidden rows and columns come with the styles.
  cellStyles: true,
  cellDates: true,
  // Cached values are what we read; the scan found formulas without one.
  cellFormula: false,
  cellHTML: false,
  cellText: false,
  sheetRows: MAX_ROWS,
  bookVBA: false,
  bookDeps: false,
  bookFiles: false,
  WTF: false,
});

/**
 * For a package whose worksheets are stand-ins, which need neither hidden rows, stub cells nor fills:
 * without cellStyles SheetJS does less. The cell formats (numFmtId) are parsed either way.
 */
const STAND_IN_READ_OPTIONS: Readonly<XLSX.ParsingOptions> = Object.freeze({
  ...SHEETJS_READ_OPTIONS,
  cellStyles: false,
});

/** The bytes as a Buffer over the same memory, the input type {@link SHEETJS_READ_OPTIONS} names. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

interface ParsedWorkbook {
  workbook: XLSX.WorkBook;
  sheet(name: string): XLSX.WorkSheet | undefined;
  /** What SheetJS wrote on the console while reading. */
  warnings: string[];
  /**
   * Who read what: package.ts and worksheet.ts everything (`xxgk`), SheetJS the package and
   * worksheet.ts the cells (`xxgk-cells`), or SheetJS everything.
   */
  reader: 'xxgk' | 'xxgk-cells' | 'sheetjs';
}

function parseWithSheetJs(bytes: Uint8Array): ParsedWorkbook {
  const warnings: string[] = [];
  const workbook = readBySheetJs(warnings, () => {
    try {
      // A copy: SheetJS writes into the options it is given.
      return XLSX.read(asBuffer(bytes), { ...SHEETJS_READ_OPTIONS });
    } catch (error) {
      throw sheetJsError(error);
    }
  });
  return { workbook, sheet: (name) => sheetNamed(workbook, name), warnings, reader: 'sheetjs' };
}

/**
 * SheetJS reads the package with stand-ins for the worksheets, which tell which part it took for each
 * sheet name; worksheet.ts reads those parts. Undefined when any sheet is not a stand-in (a chart or
 * macro sheet) or not in the XML worksheet.ts reads exactly: SheetJS then reads the whole workbook.
 */
function parseWithOwnSheets(own: NonNullable<PreparedPackage['ownSheets']>): ParsedWorkbook | undefined {
  const warnings: string[] = [];
  let sheets: Map<string, XLSX.WorkSheet> | undefined;
  let workbook: XLSX.WorkBook;
  try {
    workbook = readBySheetJs(warnings, () => {
      const read = parseZip(container(own.files), { ...STAND_IN_READ_OPTIONS });
      // Before the formats are reset: the cells' formats are in SheetJS's table until then.
      sheets = readSheets(read, own.worksheets);
      return read;
    });
  } catch {
    // The errors come from the whole read, as they always have.
    return undefined;
  }
  if (!sheets) return undefined;
  const found = sheets;
  return { workbook, sheet: (name) => found.get(name), warnings, reader: 'xxgk-cells' };
}

/** A plain package read by package.ts and worksheet.ts alone. */
function parseOwn(parts: PackageParts): ParsedWorkbook | undefined {
  let book: PackageWorkbook | undefined;
  try {
    book = readPackage(
      parts,
      (part, { cellXf, formats }, strings) => {
        const bytes = parts.part(part);
        return bytes && readWorksheet(bytes, { strings, cellXf, formats, isDate: isDateFormat });
      },
      BUILT_IN_FORMATS,
    );
  } catch {
    // A reader's own failure is no reason to fail the file: SheetJS reads it.
    return undefined;
  }
  if (!book) return undefined;
  const { sheets } = book;
  return {
    workbook: book as unknown as XLSX.WorkBook,
    sheet: (name) => sheets.get(name),
    warnings: [],
    reader: 'xxgk',
  };
}

const isDateFormat = (format: string): boolean => XLSX.SSF.is_date(format);

/** SheetJS's options for an .xls as `XLSX.read` completes them before it reaches `parse_xlscfb`. */
const XLS_READ_OPTIONS: Readonly<XLSX.ParsingOptions> = Object.freeze({
  ...SHEETJS_READ_OPTIONS,
  cellNF: true,
  sheetStubs: true,
});

const cfb = XLSX.CFB as unknown as {
  find(container: CfbContainer, path: string): { content?: Uint8Array; size?: number } | null;
  utils: { prep_blob(blob: Uint8Array, at: number): void };
};
const parseXlsContainer = (
  XLSX as unknown as { parse_xlscfb(c: object, o: XLSX.ParsingOptions): XLSX.WorkBook }
).parse_xlscfb;

/**
 * An .xls whose worksheets' plain cell records xls.ts reads: SheetJS reads the workbook stream with
 * those records taken out (see {@link standInWorkbook}). Undefined when xls.ts reduces no worksheet,
 * or when anything read otherwise than SheetJS would: SheetJS then reads the file as it is.
 */
function parseXlsWithOwnCells(container: CfbContainer): ParsedWorkbook | undefined {
  const entry = cfb.find(container, '/Workbook') ?? cfb.find(container, '/Book');
  if (!(entry?.content instanceof Uint8Array) || cfb.find(container, 'EncryptedPackage')) return undefined;
  const original = entry.content;
  const standIn = standInWorkbook(original);
  if (!standIn) return undefined;
  const stream = asBuffer(standIn.stream);
  cfb.utils.prep_blob(stream, 0);
  const copy = {
    ...container,
    FileIndex: container.FileIndex.map((e) =>
      e === entry ? { ...e, content: stream, size: stream.length } : e,
    ),
  };
  const warnings: string[] = [];
  let workbook: XLSX.WorkBook;
  try {
    workbook = readBySheetJs(warnings, () => parseXlsContainer(copy, { ...XLS_READ_OPTIONS }));
  } catch {
    return undefined;
  }
  const parsed = workbook as XLSX.WorkBook & {
    Strings?: unknown[];
    opts?: { Date1904?: unknown };
    SSF?: Record<number, string>;
  };
  const context: XlsContext = {
    strings: Array.isArray(parsed.Strings) ? parsed.Strings : [],
    // SheetJS's copy of its format table as the read left it (the table itself is reset above).
    formats: parsed.SSF ?? {},
    date1904: Boolean(parsed.opts?.Date1904),
    isDate: isDateFormat,
    parseDateCode: (value) => XLSX.SSF.parse_date_code(value),
  };
  const sheets = new Map<XLSX.WorkSheet, XLSX.WorkSheet>();
  try {
    // Every reduced worksheet, whether or not a sheet name reaches it: SheetJS fails on a bad cell
    // in any substream it reads, even one whose sheet a later one of the same name replaces.
    const cells = new Map<number, XLSX.CellObject[][]>();
    for (const [index, reduced] of standIn.sheets) {
      cells.set(index, readCells(original, reduced, standIn.xfFormats, context));
    }
    for (const name of workbook.SheetNames ?? []) {
      const sheet = typeof name === 'string' ? sheetNamed(workbook, name) : undefined;
      if (!sheet || sheets.has(sheet)) continue;
      const index = reducedIndexOf(sheet['!merges']);
      const rows = index === undefined ? undefined : cells.get(index);
      if (!rows) {
        sheets.set(sheet, sheet);
        continue;
      }
      const { first } = standIn.sheets.get(index!)!;
      // The probe blanks too, or this is not the sheet the marker was put in.
      const data = sheet['!data'] as (XLSX.CellObject | undefined)[][];
      if (data[first.r]?.[first.c]?.t !== 'z') throw NOT_OURS;
      // Beside our cells go those of the formulas SheetJS read. The probe blanks stand where our first
      // cell does; any other cell in a place of ours would depend on which record came first.
      data.forEach((row, r) => {
        row?.forEach((cell, c) => {
          if (r === first.r && c === first.c && cell?.t === 'z') return;
          if (!rows[r]) rows[r] = [];
          if (rows[r][c] !== undefined) throw NOT_OURS;
          rows[r][c] = cell!;
        });
      });
      const merges = withoutMarker(sheet['!merges'] as unknown[]);
      const read: XLSX.WorkSheet = { ...sheet, '!data': rows };
      if (merges) read['!merges'] = merges as XLSX.Range[];
      else delete read['!merges'];
      sheets.set(sheet, read);
    }
  } catch {
    // NOT_OURS, or a failure of our own: SheetJS reads the file as it is, and fails on it if it does.
    return undefined;
  }
  return {
    workbook,
    sheet: (name) => {
      const sheet = sheetNamed(workbook, name);
      return sheet && sheets.get(sheet);
    },
    warnings,
    reader: 'xxgk-cells',
  };
}

function readSheets(workbook: XLSX.WorkBook, parts: Uint8Array[]): Map<string, XLSX.WorkSheet> | undefined {
  const parsed = workbook as XLSX.WorkBook & { Strings?: unknown[]; Styles?: { CellXf?: unknown } };
  const context: SheetContext = {
    strings: Array.isArray(parsed.Strings) ? parsed.Strings : [],
    cellXf: parsed.Styles?.CellXf,
    formats: XLSX.SSF.get_table(),
    isDate: isDateFormat,
  };
  const byPart = new Map<number, XLSX.WorkSheet>();
  const sheets = new Map<string, XLSX.WorkSheet>();
  for (const name of workbook.SheetNames ?? []) {
    if (typeof name !== 'string') return undefined;
    const part = standInPart(sheetNamed(workbook, name));
    if (part === undefined || part >= parts.length) return undefined;
    let sheet = byPart.get(part);
    if (!sheet) {
      sheet = readWorksheet(parts[part]!, context);
      if (!sheet) return undefined;
      byPart.set(part, sheet);
    }
    sheets.set(name, sheet);
  }
  return sheets;
}

/** SheetJS's reader of an unpacked package, which `read` calls after unzipping (exported, not typed). */
const parseZip = (XLSX as unknown as { parse_zip(zip: object, options: XLSX.ParsingOptions): XLSX.WorkBook })
  .parse_zip;

/**
 * The parts as the container SheetJS makes of a zip (its `CFB.read`), so that it does not have to
 * parse one: each part under `Root Entry/` and its name as SheetJS reads it (one character per byte).
 */
function container(files: readonly StoredFile[]): object {
  const FullPaths = ['Root Entry/'];
  const FileIndex: object[] = [{ name: 'Root Entry', type: 5 }];
  for (const file of files) {
    const name = latin1(file.rawName);
    FullPaths.push(`Root Entry/${name}`);
    FileIndex.push({
      name: name.slice(name.lastIndexOf('/') + 1),
      type: 2,
      content: asBuffer(file.data),
      size: file.data.length,
    });
  }
  return { FullPaths, FileIndex };
}

/** The worksheet part a sheet SheetJS read stands in for: exactly one cell, naming it. */
function standInPart(sheet: XLSX.WorkSheet | undefined): number | undefined {
  const data = sheet?.['!data'];
  if (!Array.isArray(data) || data.length !== 1) return undefined;
  const row = data[0];
  if (!Array.isArray(row) || row.length !== 1) return undefined;
  return markedPart(row[0]?.v);
}

/** Reads an .xlsx, .xlsm or .xls workbook as blocks: per sheet, its tables and its lone text lines. */
export function readXlsx(bytes: Uint8Array, options: ReadOptions = {}): SourceDocument {
  return readWorkbook(bytes, options).document;
}

/**
 * {@link readXlsx}, telling who read the workbook. `own` limits our readers, for the tests that
 * compare them with SheetJS: `cells` leaves the package to SheetJS, `none` everything.
 */
export function readWorkbook(
  bytes: Uint8Array,
  options: ReadOptions = {},
  { own = 'all' }: { own?: 'all' | 'cells' | 'none' } = {},
): { document: SourceDocument; reader: ParsedWorkbook['reader'] } {
  const limits = resolveLimits(options.limits);
  resetFormats();
  takeCodepageFailure();
  if (bytes.byteLength === 0) throw new AdapterError('empty', 'the input is empty (0 bytes)');
  assertInputSize(bytes, limits);
  let prepared: PreparedPackage & { container?: CfbContainer };
  if (isZip(bytes)) prepared = prepareOoxml(bytes, limits);
  else if (isOle2(bytes)) prepared = prepareXls(bytes, limits);
  else {
    throw new AdapterError(
      'unsupported',
      'not an Excel workbook: the input starts with neither a zip (.xlsx) nor an OLE2 (.xls) signature',
    );
  }

  loadCodepages();
  const parsed =
    (own === 'all' && prepared.parts ? parseOwn(prepared.parts) : undefined) ??
    (own !== 'none' && prepared.ownSheets ? parseWithOwnSheets(prepared.ownSheets) : undefined) ??
    (own !== 'none' && prepared.container ? parseXlsWithOwnCells(prepared.container) : undefined) ??
    parseWithSheetJs(prepared.bytes);
  // Text SheetJS could not decode, where it swallowed the error (document properties).
  const codepageFailure = takeCodepageFailure();
  if (codepageFailure) throw codepageFailure;
  const { workbook, warnings } = parsed;

  const state: BuildState = {
    blocks: [],
    diagnostics: [...prepared.diagnostics, ...readerWarnings(warnings)],
    tables: 0,
    slots: 0,
    maxCells: limits.maxCells,
  };
  const sheetProps = workbook.Workbook?.Sheets ?? [];
  (workbook.SheetNames ?? []).forEach((name, index) => {
    if (typeof name !== 'string') return;
    const sheet = parsed.sheet(name);
    if (!sheet) return;
    const props = sheetProps[index] as (XLSX.SheetProps & { id?: string }) | undefined;
    if (typeof sheet['!fullref'] === 'string') {
      state.diagnostics.push({
        code: 'rows-beyond-limit',
        severity: 'warning',
        message: `sheet ${name} has rows past row ${MAX_ROWS}, where no spreadsheet has any; they were not read`,
        position: { sheet: name },
      });
    }
    addSheet(state, {
      name,
      sheet: sheetParts(sheet),
      hidden: props?.Hidden === 1 || props?.Hidden === 2,
      formulasWithoutValue: prepared.formulasWithoutValue(props?.id),
    });
  });
  if (state.blocks.length === 0) {
    state.diagnostics.push({
      code: 'empty-workbook',
      severity: 'info',
      message: 'the workbook has no cells with content',
    });
  }
  return {
    document: {
      blocks: state.blocks,
      metadata: metadataOf(workbook, prepared.format),
      diagnostics: state.diagnostics,
      mediaType: prepared.mediaType,
    },
    reader: parsed.reader,
  };
}

export const xlsxAdapter: Adapter = {
  specificationVersion: ADAPTER_SPECIFICATION_VERSION,
  name: 'xlsx',
  extensions: ['xlsx', 'xlsm', 'xls'],
  mediaTypes: [MEDIA_TYPE_XLSX, MEDIA_TYPE_XLSM, MEDIA_TYPE_XLS],
  sniff: sniffXlsx,
  read: readXlsx,
};
