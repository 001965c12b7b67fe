/**
 * The cells of a legacy .xls (BIFF8) workbook, read without SheetJS's per-record machinery, which is
 * four fifths of its time on a report workbook.
 *
 * SheetJS still reads everything else: the workbook stream is handed to it with each worksheet's plain
 * cell records taken out and a marker in their place, so the sheet list, shared strings, number
 * formats, merges, hidden rows and columns, formulas, properties and every error stay its own. This
 * module reads the records it took out, building the cells SheetJS builds from them
 * (`parse_workbook` and `safe_format_xf` in SheetJS 0.20.3, with the options read.ts gives it).
 *
 * A worksheet is only reduced when every record in it is one whose effect is known: anything that
 * looks at or changes cells as they are read (comments, hyperlinks, rich strings, embedded
 * substreams, a malformed cell record, a continuation glued to a cell record) keeps the worksheet
 * whole for SheetJS, and anything that changes how cells are read for the whole stream (code pages
 * other than UTF-16, formats or cell styles outside the workbook globals, older BIFF versions) keeps
 * every worksheet whole. Records SheetJS parses into nothing the document reads (calculation and
 * print settings) are left out of the stand-in as well.
 */
import type { CellObject } from 'xlsx';
import { u16 } from './biff.js';

const BOF = 0x0809;
const EOF = 0x000a;
const BOUND_SHEET = 0x0085;
const DIMENSIONS = 0x0200;
const CODEPAGE = 0x0042;
const XF = 0x00e0;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const LABEL_SST = 0x00fd;
const LABEL = 0x0204;
const BOOLERR = 0x0205;
const BLANK = 0x0201;
const MULBLANK = 0x00be;

const BIFF8 = 0x0600;
const GLOBALS = 0x0005;
const WORKSHEET = 0x0010;
/** SheetJS reads 0x5212 as UTF-16 too. */
const UTF16_CODEPAGES = new Set([1200, 0x5212]);

/** Records SheetJS glues to the record before them (its `CONTINUE_RT`). */
const CONTINUATIONS = new Set([0x003c, 0x043c, 0x0812, 0x0875, 0x087f]);
/** Records that touch the cells read so far, or are cells this module does not read. */
const KEEP_SHEET = new Set([
  0x001c, // Note: makes a stub cell where there is none
  0x01b8, // HLink
  0x0800, // HLinkTooltip
  0x00d6, // RString
  0x0001, // BIFF2 Blank, Integer, Number, Label, BoolErr: read another way
  0x0002,
  0x0003,
  0x0004,
  0x0005,
]);
/** Records that change how every later cell is read: only the workbook globals may hold them. */
const GLOBALS_ONLY = new Set([
  XF,
  0x087d, // XFExt
  0x041e, // Format
  0x0022, // Date1904
  0x00fc, // SST
]);
/** Records this reader does not follow at all. */
const REFUSE = new Set([
  0x0009, // BOF of BIFF2 to BIFF4
  0x0209,
  0x0409,
  0x0043, // BIFF2 to BIFF4 cell styles
  0x0243,
  0x0443,
  0x001e, // BIFF2 format
  0x002f, // FilePass
  0x0000, // BIFF2 Dimensions, and SheetJS's end of stream after an EOF
]);

export interface ReducedSheet {
  /** Offsets of the cell records taken out, in stream order. */
  records: number[];
  /** Where the first of them put its cell, and the probe blanks now stand. */
  first: { r: number; c: number };
}

export interface XlsStandIn {
  /** The workbook stream as SheetJS is to read it. */
  stream: Uint8Array;
  /** The cell records of each reduced worksheet, by the number its marker carries. */
  sheets: Map<number, ReducedSheet>;
  /** Each cell style's number format id, in the order SheetJS collects them. */
  xfFormats: number[];
}

/** What SheetJS knew when it read the cells: the shared strings, formats and date system. */
export interface XlsContext {
  strings: readonly unknown[];
  formats: Readonly<Record<number, string>>;
  date1904: boolean;
  isDate(format: string): boolean;
  parseDateCode(
    value: number,
  ): { y: number; m: number; d: number; H: number; M: number; S: number; u: number } | null;
}

/**
 * A reduced worksheet is marked by a merged range SheetJS keeps whatever cells it reads: rows no file
 * predicts (drawn once per process), column 0xFFFF, and the sheet's number as the last column. A cell
 * marker could be overwritten (a formula's result lands where SheetJS last read a formula, in any
 * sheet); a merged range cannot.
 */
const MARKER_ROWS = [1 + Math.floor(Math.random() * 0xfffe), 1 + Math.floor(Math.random() * 0xfffe)] as const;
const MARKER_COLUMN = 0xffff;
const MERGE_CELLS = 0x00e5;

interface Substream {
  kind: number;
  records: number[];
  /** Where the formulas SheetJS still reads put their cells in this substream, as `row * 65536 + column`. */
  formulas: Set<number>;
  keep: boolean;
}

/** Formula records of BIFF8 and, as SheetJS also reads them, of BIFF3 and BIFF4. */
const FORMULAS = new Set([0x0006, 0x0206, 0x0406]);
/** The String records that hold a formula's string result (BIFF8, BIFF2). */
const STRINGS = new Set([0x0207, 0x0007]);

/**
 * Records SheetJS parses into nothing the document reads (calculation settings, print options,
 * protection flags, records it skips), with the one size at which its parser cannot fail on them (-1:
 * any size). They are left out of the stand-in as well: SheetJS's cost is per record.
 */
const INERT = new Map<number, number>([
  [0x000c, 2], // CalcCount
  [0x000d, 2], // CalcMode
  [0x000e, 2], // CalcPrecision
  [0x000f, 2], // CalcRefMode
  [0x0010, 8], // CalcDelta
  [0x0011, 2], // CalcIter
  [0x005f, 2], // CalcSaveRecalc
  [0x002a, 2], // PrintRowCol
  [0x002b, 2], // PrintGrid
  [0x0082, 2], // GridSet
  [0x0083, 2], // HCenter
  [0x0084, 2], // VCenter
  [0x009c, 2], // BuiltInFnGroupCount
  [0x0040, 2], // Backup
  [0x008d, 2], // HideObj
  [0x01b7, 2], // RefreshAll
  [0x00da, 2], // BookBool
  [0x0160, 2], // UsesELFs
  [0x01af, 2], // Prot4Rev
  [0x01bc, 2], // Prot4RevPass
  [0x0013, 2], // Password
  [0x00c1, -1], // Mms
  [0x0161, -1], // DSF
  [0x01c0, -1], // Excel9File
  [0x0867, -1], // FeatHdr
]);

/** What each record type is to the scan, looked up once per record. */
enum Kind {
  Other,
  Bof,
  Eof,
  Cell,
  Formula,
  String,
  Continuation,
  KeepSheet,
  GlobalsOnly,
  CodePage,
  BoundSheet,
  Refuse,
  Inert,
  Dimensions,
}
const KINDS = new Uint8Array(0x10000);
const classify = (types: Iterable<number>, kind: Kind) => {
  for (const type of types) KINDS[type] = kind;
};
classify(CONTINUATIONS, Kind.Continuation);
classify(KEEP_SHEET, Kind.KeepSheet);
classify(GLOBALS_ONLY, Kind.GlobalsOnly);
classify(REFUSE, Kind.Refuse);
classify(FORMULAS, Kind.Formula);
classify(STRINGS, Kind.String);
classify(INERT.keys(), Kind.Inert);
classify([NUMBER, RK, MULRK, LABEL_SST, LABEL, BOOLERR, BLANK, MULBLANK], Kind.Cell);
KINDS[BOF] = Kind.Bof;
KINDS[EOF] = Kind.Eof;
KINDS[CODEPAGE] = Kind.CodePage;
KINDS[BOUND_SHEET] = Kind.BoundSheet;
KINDS[DIMENSIONS] = Kind.Dimensions;

/** Whether SheetJS parses the cell record exactly as {@link readCells} does (and without throwing). */
function wellFormedCell(data: Uint8Array, type: number, body: number, size: number): boolean {
  switch (type) {
    case NUMBER:
      return size === 14;
    case RK:
    case LABEL_SST:
      return size === 10;
    case BOOLERR:
      return size === 8;
    case BLANK:
      return size === 6;
    case MULRK:
    case MULBLANK: {
      const width = type === MULRK ? 6 : 2;
      const count = (size - 6) / width;
      return (
        Number.isInteger(count) &&
        count >= 1 &&
        u16(data, body + size - 2) - u16(data, body + 2) + 1 === count
      );
    }
    case LABEL: {
      if (size < 9) return false;
      const length = u16(data, body + 6);
      if (length === 0) return true;
      const bytes = data[body + 8] === 0 ? length : 2 * length;
      return 9 + bytes <= size;
    }
    default:
      return false;
  }
}

/**
 * The stand-in workbook stream, or undefined when no worksheet can be reduced and SheetJS is to read
 * the stream as it is.
 */
export function standInWorkbook(data: Uint8Array): XlsStandIn | undefined {
  const at16 = (at: number) => u16(data, at);
  const substreams: Substream[] = [];
  /** The offsets of the top-level BOF records, ascending. */
  const bofs: number[] = [];
  const boundSheets: number[] = [];
  const xfFormats: number[] = [];
  let current: Substream | undefined;
  let depth = 0;
  let afterCell = false;
  /** Where the last Formula record puts its cell: SheetJS keeps it across substreams. */
  let lastFormula: number | undefined;
  const inert: number[] = [];
  let at = 0;
  // SheetJS's loop: a record starts while two bytes are left, and at depth 0 only a BOF goes on.
  while (at < data.length - 1) {
    if (at + 4 > data.length) return undefined;
    const type = at16(at);
    const size = at16(at + 2);
    const body = at + 4;
    if (body + size > data.length) return undefined;
    if (depth === 0 && type !== BOF) break;
    const kind = KINDS[type]!;
    switch (kind) {
      case Kind.Refuse:
        return undefined;
      case Kind.Bof:
        if (size !== 16 || at16(body) !== BIFF8) return undefined;
        if (depth === 0) {
          current = {
            kind: at16(body + 2),
            records: [],
            formulas: new Set(),
            keep: at16(body + 2) !== WORKSHEET,
          };
          if (substreams.length === 0 && current.kind !== GLOBALS) return undefined;
          substreams.push(current);
          bofs.push(at);
        } else if (current!.kind === GLOBALS) {
          return undefined;
        } else {
          // An embedded chart: SheetJS drops the cells it meets inside.
          current!.keep = true;
        }
        depth++;
        break;
      case Kind.Eof:
        depth--;
        break;
      case Kind.Cell:
        if (current!.kind === GLOBALS) return undefined;
        if (wellFormedCell(data, type, body, size)) current!.records.push(at);
        else current!.keep = true;
        break;
      case Kind.Formula:
        // Shorter, its place would come from a continuation: SheetJS reads it so, and a later String
        // record in any sheet would put a cell there.
        if (size < 6) return undefined;
        lastFormula = at16(body) * 65536 + at16(body + 2);
        current!.formulas.add(lastFormula);
        break;
      case Kind.String:
        // A formula's string result: SheetJS puts it in the place of the last formula it read, in
        // whatever substream the String record is, and forgets that formula.
        if (lastFormula !== undefined) current!.formulas.add(lastFormula);
        lastFormula = undefined;
        break;
      case Kind.Continuation:
        if (afterCell) current!.keep = true;
        break;
      case Kind.KeepSheet:
        current!.keep = true;
        break;
      case Kind.GlobalsOnly:
        if (current !== substreams[0] || depth !== 1) return undefined;
        if (type === XF) {
          if (size !== 20) return undefined;
          xfFormats.push(at16(body + 2));
        }
        break;
      case Kind.CodePage:
        if (size !== 2 || !UTF16_CODEPAGES.has(at16(body))) return undefined;
        break;
      case Kind.BoundSheet:
        if (size < 8) return undefined;
        boundSheets.push(body);
        break;
      case Kind.Dimensions:
        // It resets the extent SheetJS grows cell by cell, and only a sheet with an extent gets a
        // `!ref` (an unnamed sheet is kept only then): after the first cell, the cells taken out would
        // have grown it again.
        if (depth === 1 && current!.records.length > 0) current!.keep = true;
        break;
      case Kind.Inert: {
        const next = body + size;
        const wanted = INERT.get(type)!;
        // Not when a continuation follows: SheetJS would glue it to the record before instead.
        if (
          (wanted === -1 || size === wanted) &&
          !(next + 2 <= data.length && CONTINUATIONS.has(at16(next)))
        ) {
          inert.push(at);
        }
        break;
      }
    }
    afterCell = kind === Kind.Cell;
    at = body + size;
  }

  const first = (s: Substream) => at16(s.records[0]! + 4) * 65536 + at16(s.records[0]! + 6);
  // A formula's result where the first cell is would overwrite the probe blanks there and leave the
  // sheet to SheetJS after all: such a sheet stays whole from the start.
  const reduced = substreams.filter((s) => !s.keep && s.records.length > 0 && !s.formulas.has(first(s)));
  if (reduced.length === 0) return undefined;
  const u32 = (at: number) => (at16(at) | (at16(at + 2) << 16)) >>> 0;
  // SheetJS names each sheet by the BOF offset its BoundSheet8 record gives: those move and are
  // rewritten, so any other offset would make a different workbook.
  const bofSet = new Set(bofs);
  if (!boundSheets.every((body) => bofSet.has(u32(body)))) return undefined;

  const sheets = new Map<number, ReducedSheet>();
  /** The records taken out, and at the first cell record of each reduced sheet what replaces it. */
  const edits: { at: number; size: number; first?: { index: number; styles: Set<number> } }[] = [];
  let removedBytes = 0;
  let addedBytes = 0;
  reduced.forEach((sheet, index) => {
    const start = sheet.records[0]!;
    sheets.set(index, { records: sheet.records, first: { r: at16(start + 4), c: at16(start + 6) } });
    const styles = new Set<number>();
    sheet.records.forEach((offset, i) => {
      const type = at16(offset);
      const size = at16(offset + 2);
      edits.push(i === 0 ? { at: offset, size, first: { index, styles } } : { at: offset, size });
      removedBytes += 4 + size;
      if (type === MULRK || type === MULBLANK) {
        const width = type === MULRK ? 6 : 2;
        for (let p = offset + 8; p < offset + 4 + size - 2; p += width) styles.add(at16(p));
      } else styles.add(at16(offset + 8));
    });
    addedBytes += 10 * styles.size + 14;
  });
  for (const offset of inert) {
    const size = at16(offset + 2);
    edits.push({ at: offset, size });
    removedBytes += 4 + size;
  }
  edits.sort((a, b) => a.at - b.at);

  // The bytes between edits are copied as they are; a BOF and a BoundSheet8 body move by what the
  // edits before them took out and put in.
  const out = new Uint8Array(data.length - removedBytes + addedBytes);
  const view = new DataView(out.buffer);
  const moved = new Map<number, number>();
  const boundSheetBodies: number[] = [];
  let nextBof = 0;
  let nextBoundSheet = 0;
  let from = 0;
  let to = 0;
  const shiftUpTo = (end: number) => {
    for (; nextBof < bofs.length && bofs[nextBof]! < end; nextBof++) {
      moved.set(bofs[nextBof]!, bofs[nextBof]! + to - from);
    }
    for (; nextBoundSheet < boundSheets.length && boundSheets[nextBoundSheet]! < end; nextBoundSheet++) {
      boundSheetBodies.push(boundSheets[nextBoundSheet]! + to - from);
    }
  };
  for (const { at, size, first } of edits) {
    shiftUpTo(at);
    if (at > from) {
      out.set(data.subarray(from, at), to);
      to += at - from;
    }
    if (first) {
      // SheetJS fills in the fill colours of every cell's style as it adds the cell, and fails on a
      // colour it does not know: a blank cell in each style the sheet's cells use makes it look at
      // each. They take the first cell's place (which also makes SheetJS keep the sheet's merges and
      // its entry in Workbook.Sheets, as the cells did), followed by the marker.
      for (const style of first.styles) {
        view.setUint16(to, BLANK, true);
        view.setUint16(to + 2, 6, true);
        out.set(data.subarray(at + 4, at + 8), to + 4);
        view.setUint16(to + 8, style, true);
        to += 10;
      }
      view.setUint16(to, MERGE_CELLS, true);
      view.setUint16(to + 2, 10, true);
      view.setUint16(to + 4, 1, true);
      view.setUint16(to + 6, MARKER_ROWS[0], true);
      view.setUint16(to + 8, MARKER_ROWS[1], true);
      view.setUint16(to + 10, MARKER_COLUMN, true);
      view.setUint16(to + 12, first.index, true);
      to += 14;
    }
    from = at + 4 + size;
  }
  shiftUpTo(Number.POSITIVE_INFINITY);
  out.set(data.subarray(from), to);
  for (const body of boundSheetBodies) {
    const position = moved.get(view.getUint32(body, true));
    if (position !== undefined) view.setUint32(body, position, true);
  }
  return { stream: out, sheets, xfFormats };
}

interface MergeRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

const isMarker = (range: unknown): boolean => {
  const m = range as MergeRange | undefined;
  return m?.s?.r === MARKER_ROWS[0] && m.e?.r === MARKER_ROWS[1] && m.s.c === MARKER_COLUMN;
};

/** The number of the reduced worksheet a sheet SheetJS read stands in for, if it is one. */
export function reducedIndexOf(merges: unknown): number | undefined {
  if (!Array.isArray(merges)) return undefined;
  let found: number | undefined;
  for (const range of merges) {
    if (!isMarker(range)) continue;
    if (found !== undefined) throw NOT_OURS;
    found = (range as MergeRange).e.c;
  }
  return found;
}

/** The sheet's merged ranges without the marker, or undefined (no `!merges`) when none is left. */
export function withoutMarker(merges: unknown[]): unknown[] | undefined {
  const kept = merges.filter((range) => !isMarker(range));
  return kept.length > 0 ? kept : undefined;
}

/** Thrown when a record reads in a way SheetJS would fail on: SheetJS then reads the whole stream. */
export const NOT_OURS = Symbol('not ours');

/** Scratch for the doubles of RK numbers, which are the top 30 bits of one. */
const rkBits = new DataView(new ArrayBuffer(8));

function rkNumber(data: Uint8Array, at: number, view: DataView): number {
  const low = data[at]!;
  let value: number;
  if ((low & 2) === 0) {
    const bits = rkBits;
    bits.setUint32(
      4,
      ((low & 0xfc) | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0,
      true,
    );
    value = bits.getFloat64(0, true);
  } else {
    value = view.getInt32(at, true) >> 2;
  }
  return low & 1 ? value / 100 : value;
}

/**
 * The cells of one reduced worksheet, as SheetJS builds them into a dense sheet's `!data`: string,
 * number, boolean, error and stub cells, each with the number format its cell style names, and
 * numbers in a date format as dates.
 */
export function readCells(
  data: Uint8Array,
  sheet: ReducedSheet,
  xfFormats: readonly number[],
  context: XlsContext,
): CellObject[][] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const at16 = (at: number) => u16(data, at);
  const rows: CellObject[][] = [];
  const put = (r: number, c: number, cell: CellObject) => {
    if (!rows[r]) rows[r] = [];
    rows[r][c] = cell;
  };
  // SheetJS's safe_format_xf: the format of the cell's style, and a number in a date format made a date.
  // A Number record whose style is missing takes the General format; other records take none.
  const styled = (cell: CellObject, ixfe: number, orGeneral: boolean): CellObject => {
    const xf = ixfe < xfFormats.length ? xfFormats[ixfe] : undefined;
    // Cells always get a `z`, undefined where SheetJS sets none (it never tells a cell's text then):
    // built in the order worksheet.ts builds them, all cells share one shape for the code that reads them.
    if (xf === undefined && !orGeneral) {
      cell.z = undefined;
      return cell;
    }
    const id = xf || 0;
    cell.z = context.formats[id];
    if (id && cell.t === 'n' && context.isDate(context.formats[id] || String(id))) {
      const d = context.parseDateCode((cell.v as number) + (context.date1904 ? 1462 : 0));
      if (d) {
        cell.t = 'd';
        cell.v = new Date(Date.UTC(d.y, d.m - 1, d.d, d.H, d.M, d.S, d.u));
      }
    }
    return cell;
  };
  for (const at of sheet.records) {
    const type = at16(at);
    const size = at16(at + 2);
    const body = at + 4;
    const r = at16(body);
    const c = at16(body + 2);
    switch (type) {
      case NUMBER:
        put(r, c, styled({ t: 'n', v: view.getFloat64(body + 6, true) }, at16(body + 4), true));
        break;
      case RK:
        put(r, c, styled({ t: 'n', v: rkNumber(data, body + 6, view) }, at16(body + 4), false));
        break;
      case MULRK: {
        const last = at16(body + size - 2);
        for (let column = c, p = body + 4; column <= last; column++, p += 6) {
          put(r, column, styled({ t: 'n', v: rkNumber(data, p + 2, view) }, at16(p), false));
        }
        break;
      }
      case LABEL_SST: {
        const entry = context.strings[view.getUint32(body + 6, true)] as { t?: unknown } | undefined | null;
        // SheetJS fails on a string index past its table.
        if (entry === undefined || entry === null) throw NOT_OURS;
        put(r, c, styled({ t: 's', v: entry.t } as CellObject, at16(body + 4), false));
        break;
      }
      case LABEL: {
        const length = at16(body + 6);
        let text = '';
        if (length > 0) {
          const wide = data[body + 8] !== 0;
          const start = body + 9;
          // One character per byte or per two, surrogates unpaired or not, as SheetJS reads them.
          const codes: number[] = [];
          for (let i = 0; i < length; i++) {
            codes.push(wide ? at16(start + 2 * i) : data[start + i]!);
            if (codes.length === 4096) {
              text += String.fromCharCode(...codes);
              codes.length = 0;
            }
          }
          text += String.fromCharCode(...codes);
        }
        put(r, c, styled({ t: 's', v: text }, at16(body + 4), false));
        break;
      }
      case BOOLERR: {
        const value = data[body + 6]!;
        const cell: CellObject = data[body + 7] === 1 ? { t: 'e', v: value } : { t: 'b', v: value === 1 };
        put(r, c, styled(cell, at16(body + 4), false));
        break;
      }
      case BLANK:
        put(r, c, { t: 'z', z: undefined });
        break;
      case MULBLANK: {
        const last = at16(body + size - 2);
        for (let column = c; column <= last; column++) put(r, column, { t: 'z', z: undefined });
        break;
      }
    }
  }
  return rows;
}
