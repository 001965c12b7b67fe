/**
 * A pass over the records of a legacy .xls workbook stream before SheetJS parses it. BIFF is not
 * compressed, so the input size bounds it, but a few bytes can still stand for many objects: a MULBLANK
 * record holds a blank cell per two bytes, and a HLINK record makes SheetJS visit every cell of its range.
 */
import { AdapterError } from '@xxgk/core/engine';
import * as XLSX from 'xlsx';

/** A little-endian 16-bit field of a BIFF record. */
export const u16 = (data: Uint8Array, at: number): number => data[at]! | (data[at + 1]! << 8);

export function isOle2(bytes: Uint8Array): boolean {
  const signature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= 8 && signature.every((b, i) => bytes[i] === b);
}

export interface BiffScan {
  cells: number;
  /** Strings the shared-string table declares. */
  strings: number;
  hyperlinkCells: number;
  /** The compound file as SheetJS reads it, for the reader to reuse. */
  container: CfbContainer;
}

interface CfbEntry {
  name: string;
  content?: Uint8Array;
}
export interface CfbContainer {
  FileIndex: CfbEntry[];
  FullPaths: string[];
}

/** Records that are one cell each, across BIFF2 to BIFF8. */
const CELL_RECORDS = new Set([
  0x0001,
  0x0002,
  0x0003,
  0x0004,
  0x0005,
  0x0006, // BIFF2 BLANK, INTEGER, NUMBER, LABEL, BOOLERR, FORMULA
  0x0201,
  0x0203,
  0x0204,
  0x0205,
  0x0206,
  0x0406, // BLANK, NUMBER, LABEL, BOOLERR, FORMULA (BIFF3, BIFF4)
  0x027e,
  0x00fd,
  0x00d6, // RK, LABELSST, RSTRING
]);
const MULRK = 0x00bd;
const MULBLANK = 0x00be;
const SST = 0x00fc;
const FILEPASS = 0x002f;
const HLINK = 0x01b8;
const FORMAT = 0x041e;
const CONTINUE = 0x003c;
/** A FORMAT record of 255 two-byte characters with its header; SheetJS adds any CONTINUE records to it. */
const MAX_FORMAT_BYTES = 520;

function readContainer(bytes: Uint8Array): CfbContainer {
  try {
    // A Buffer, as `XLSX.read` is given (read.ts's asBuffer): the streams are then Buffers too.
    const buffer = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return XLSX.CFB.read(buffer, { type: 'buffer' }) as CfbContainer;
  } catch (error) {
    throw new AdapterError(
      'corrupt',
      `the .xls compound file is damaged or truncated: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

export function scanBiff(bytes: Uint8Array): BiffScan {
  const container = readContainer(bytes);
  const streams = new Map<string, CfbEntry>();
  for (const entry of container.FileIndex ?? []) {
    if (entry && typeof entry.name === 'string') streams.set(entry.name.toLowerCase(), entry);
  }
  if (streams.has('encryptioninfo') || streams.has('encryptedpackage')) {
    throw new AdapterError('unsupported', 'the workbook is password-protected (encrypted)');
  }
  const stream = streams.get('workbook') ?? streams.get('book');
  if (!stream?.content) {
    const what = streams.has('worddocument')
      ? 'a Word document'
      : streams.has('powerpoint document')
        ? 'a PowerPoint file'
        : 'not a workbook';
    throw new AdapterError('unsupported', `the OLE2 compound file has no workbook stream (${what})`);
  }
  const data = stream.content;
  const result: BiffScan = { cells: 0, strings: 0, hyperlinkCells: 0, container };
  const at16 = (at: number) => u16(data, at);
  let at = 0;
  let formatBytes = 0;
  while (at + 4 <= data.length) {
    const type = at16(at);
    const size = at16(at + 2);
    const body = at + 4;
    if (CELL_RECORDS.has(type)) result.cells++;
    else if (type === MULRK && size >= 6) result.cells += Math.floor((size - 6) / 6);
    else if (type === MULBLANK && size >= 6) result.cells += Math.floor((size - 6) / 2);
    else if (type === SST && size >= 8 && body + 8 <= data.length) {
      result.strings += at16(body + 4) + at16(body + 6) * 0x10000;
    } else if (type === HLINK && size >= 8 && body + 8 <= data.length) {
      const rows = Math.abs(at16(body + 2) - at16(body)) + 1;
      const cols = Math.abs(at16(body + 6) - at16(body + 4)) + 1;
      result.hyperlinkCells += rows * cols;
    } else if (type === FILEPASS) {
      throw new AdapterError('unsupported', 'the workbook is password-protected (encrypted)');
    }
    formatBytes = type === FORMAT ? size : type === CONTINUE && formatBytes > 0 ? formatBytes + size : 0;
    if (formatBytes > MAX_FORMAT_BYTES) {
      // SheetJS scans a cell's number format again for every cell that uses it.
      throw new AdapterError(
        'corrupt',
        `a number format record of ${formatBytes} bytes; Excel allows 255 characters`,
      );
    }
    at = body + size;
  }
  return result;
}
