/**
 * Just enough of the zip format to vet an OOXML package before SheetJS sees it. SheetJS trusts the
 * sizes in each local header and sizes its output buffer from them, so a hostile package could make it
 * allocate gigabytes or inflate without end. Here the central directory is read, every declared size is
 * checked against the limits, each entry is inflated by zlib with its declared size as a hard cap, and
 * SheetJS is handed a fresh package of stored (uncompressed) entries whose headers are true.
 */
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { AdapterError, type Limits } from '@xxgk/core/engine';

export interface ZipEntry {
  /** The name as SheetJS reads it: one character per byte. */
  name: string;
  rawName: Uint8Array;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Below this size an entry's compression ratio is not worth judging. */
const RATIO_FLOOR_BYTES = 1 << 20;
/**
 * Spreadsheet XML compresses 5–20:1, the most repetitive sheets near 100:1; deflate cannot pass about
 * 1032:1. Far above what real parts reach, far below a bomb's.
 */
export const MAX_COMPRESSION_RATIO = 200;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;

function u64(b: Uint8Array, at: number): number {
  const high = u32(b, at + 4);
  // Beyond 2^53 no offset or size in a file we accept can be meant.
  if (high > 0x1fffff) throw corrupt('a zip64 size or offset is out of range');
  return u32(b, at) + high * 0x100000000;
}

function corrupt(detail: string): AdapterError {
  return new AdapterError('corrupt', `the workbook's zip container is damaged: ${detail}`);
}

/** Bytes as text of one character per byte (ISO-8859-1), as SheetJS reads names and parts. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

const utf8Decoder = new TextDecoder('utf-8');

/** Bytes decoded as UTF-8 (a leading byte-order mark dropped, bad sequences as U+FFFD). */
export function utf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

function findEnd(bytes: Uint8Array): number {
  const last = bytes.length - 22;
  // The record sits at the very end unless a comment (at most 65,535 bytes) follows it.
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && u32(bytes, at) === SIG_END) {
      if (at + 22 + u16(bytes, at + 20) <= bytes.length) return at;
    }
  }
  return -1;
}

/** Reads the central directory. Throws `corrupt` when the container is truncated or inconsistent. */
export function readCentralDirectory(bytes: Uint8Array): ZipEntry[] {
  const end = findEnd(bytes);
  if (end < 0) {
    throw corrupt('its end-of-central-directory record is missing, so the file is truncated or not a zip');
  }
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0) {
    throw new AdapterError('unsupported', 'the workbook is a multi-part (spanned) zip archive');
  }
  let count = u16(bytes, end + 10);
  let size = u32(bytes, end + 12);
  let offset = u32(bytes, end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || u32(bytes, locator) !== SIG_END64_LOCATOR)
      throw corrupt('the zip64 locator is missing');
    const end64 = u64(bytes, locator + 8);
    if (end64 + 56 > locator || u32(bytes, end64) !== SIG_END64)
      throw corrupt('the zip64 end record is missing');
    count = u64(bytes, end64 + 32);
    size = u64(bytes, end64 + 40);
    offset = u64(bytes, end64 + 48);
  }
  if (offset + size > end) throw corrupt('the central directory lies outside the file');
  if (count * 46 > size) throw corrupt(`the central directory is too small for ${count} entries`);

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > offset + size || u32(bytes, at) !== SIG_CENTRAL)
      throw corrupt(`central directory entry ${i} is damaged`);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > offset + size) throw corrupt(`central directory entry ${i} runs past the directory`);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name: latin1(rawName),
      rawName,
      flags: u16(bytes, at + 8),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      uncompressedSize: u32(bytes, at + 24),
      localHeaderOffset: u32(bytes, at + 42),
    };
    readZip64Extra(bytes, at + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    at = next;
  }
  return entries;
}

/** Sizes and offset saturated at 0xFFFFFFFF continue in the zip64 extra field, in this order. */
function readZip64Extra(bytes: Uint8Array, start: number, length: number, entry: ZipEntry): void {
  const saturated = (v: number) => v === 0xffffffff;
  if (
    !saturated(entry.uncompressedSize) &&
    !saturated(entry.compressedSize) &&
    !saturated(entry.localHeaderOffset)
  ) {
    return;
  }
  let at = start;
  while (at + 4 <= start + length) {
    const id = u16(bytes, at);
    const dataLength = u16(bytes, at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const take = (): number => {
        if (field + 8 > at + 4 + dataLength) throw corrupt(`the zip64 field of ${entry.name} is too short`);
        const value = u64(bytes, field);
        field += 8;
        return value;
      };
      if (saturated(entry.uncompressedSize)) entry.uncompressedSize = take();
      if (saturated(entry.compressedSize)) entry.compressedSize = take();
      if (saturated(entry.localHeaderOffset)) entry.localHeaderOffset = take();
      return;
    }
    at += 4 + dataLength;
  }
  throw corrupt(`${entry.name} has saturated sizes but no zip64 field`);
}

/**
 * Judges the declared sizes before anything is inflated: their sum against `maxUncompressedBytes`, and
 * each entry's compression ratio.
 */
export function checkDeclaredSizes(entries: readonly ZipEntry[], limits: Limits): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      throw new AdapterError(
        'decompression-limit',
        `the workbook's zip entries declare more than ${limits.maxUncompressedBytes} bytes uncompressed (the limit)`,
      );
    }
    const { uncompressedSize: usize, compressedSize: csize } = entry;
    if (usize > RATIO_FLOOR_BYTES && usize > Math.max(csize, 1) * MAX_COMPRESSION_RATIO) {
      throw new AdapterError(
        'decompression-limit',
        `zip entry ${entry.name} declares ${usize} bytes from ${csize} compressed, a ratio over ${MAX_COMPRESSION_RATIO}:1 (a zip bomb?)`,
      );
    }
  }
}

/** The entry's compressed bytes, located through its local header. */
export function compressedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || u32(bytes, at) !== SIG_LOCAL)
    throw corrupt(`the local header of ${entry.name} is missing`);
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw corrupt(`${entry.name} runs past the end of the file (truncated?)`);
  return bytes.subarray(start, end);
}

function checkReadable(entry: ZipEntry): void {
  if (entry.flags & 0x0001) {
    throw new AdapterError(
      'unsupported',
      `zip entry ${entry.name} is encrypted (a password-protected workbook?)`,
    );
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new AdapterError('unsupported', `zip entry ${entry.name} uses compression method ${entry.method}`);
  }
}

/** Inflates an entry, never past its declared size. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  checkReadable(entry);
  const data = compressedData(bytes, entry);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize)
      throw corrupt(`stored entry ${entry.name} has two sizes`);
    return data;
  }
  let out: Uint8Array;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AdapterError(
        'decompression-limit',
        `zip entry ${entry.name} inflates past the ${entry.uncompressedSize} bytes it declares (a zip bomb?)`,
        { cause: error },
      );
    }
    throw new AdapterError(
      'corrupt',
      `zip entry ${entry.name} cannot be inflated: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (out.length > entry.uncompressedSize) {
    throw new AdapterError('decompression-limit', `zip entry ${entry.name} inflates past its declared size`);
  }
  return out;
}

/**
 * The first bytes of an entry, inflated from at most `compressedBytes` of its data: cheap enough to read
 * a part's header (a sheet's dimension, a string table's count) before inflating all of it. Empty when
 * the start cannot be inflated; the full read reports that.
 */
export function inflateHead(bytes: Uint8Array, entry: ZipEntry, compressedBytes = 2048): Uint8Array {
  try {
    checkReadable(entry);
    const data = compressedData(bytes, entry);
    if (entry.method === 0) return data.subarray(0, compressedBytes);
    return inflateRawSync(data.subarray(0, compressedBytes), {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
      // The ratio check bounds a sane head; this bounds an insane one.
      maxOutputLength: compressedBytes * 1100,
    });
  } catch {
    return new Uint8Array(0);
  }
}

export interface StoredFile {
  rawName: Uint8Array;
  data: Uint8Array;
  flags: number;
}

/**
 * A zip of stored entries. The CRC fields are left 0: the package only travels from here to SheetJS,
 * which does not check them, and the data was just inflated by zlib, which did.
 */
export function writeStoredZip(files: readonly StoredFile[]): Uint8Array {
  let size = 22;
  for (const file of files) size += 30 + 46 + 2 * file.rawName.length + file.data.length;
  if (size > 0xffffffff) throw new AdapterError('decompression-limit', 'the inflated workbook exceeds 4 GiB');
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  for (const file of files) {
    offsets.push(at);
    view.setUint32(at, SIG_LOCAL, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, file.flags & 0x0800, true);
    view.setUint32(at + 18, file.data.length, true);
    view.setUint32(at + 22, file.data.length, true);
    view.setUint16(at + 26, file.rawName.length, true);
    out.set(file.rawName, at + 30);
    out.set(file.data, at + 30 + file.rawName.length);
    at += 30 + file.rawName.length + file.data.length;
  }
  const directory = at;
  files.forEach((file, i) => {
    view.setUint32(at, SIG_CENTRAL, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 8, file.flags & 0x0800, true);
    view.setUint32(at + 20, file.data.length, true);
    view.setUint32(at + 24, file.data.length, true);
    view.setUint16(at + 28, file.rawName.length, true);
    view.setUint32(at + 42, offsets[i]!, true);
    out.set(file.rawName, at + 46);
    at += 46 + file.rawName.length;
  });
  view.setUint32(at, SIG_END, true);
  view.setUint16(at + 8, files.length, true);
  view.setUint16(at + 10, files.length, true);
  view.setUint32(at + 12, at - directory, true);
  view.setUint32(at + 16, directory, true);
  return out;
}
