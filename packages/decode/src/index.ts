import type { Diagnostic } from '@xxgk/core/engine';
import { AdapterError } from '@xxgk/core/engine';
import chardet from 'chardet';
import iconv from 'iconv-lite';

const DETECTION_SAMPLE = 4 * 1024;

export interface Decoded {
  text: string;
  /** The encoding the text was decoded with, as iconv-lite names it (`utf-8`, `gb18030`, `big5`…). */
  encoding: string;
  /** How the encoding was chosen. */
  by: 'bom' | 'forced' | 'utf-8' | 'declared' | 'detected';
  diagnostics: Diagnostic[];
}

export interface DecodeOptions {
  /** Use this encoding, whatever the bytes say. */
  forced?: string;
  /** What the container declares (`<meta charset>`), trusted only when the bytes agree. */
  declared?: string;
}

/** Printable ASCII and markup: every charset a page can declare in its own markup reads it as itself. */
const ASCII_PROBE = '<meta charset="x-y_z.1"> AZaz09 !#$%&()*+,-./:;=?@[]^_{|}~\'';
const asciiCompatibility = new Map<string, boolean>();

function asciiCompatible(encoding: string): boolean {
  let compatible = asciiCompatibility.get(encoding);
  if (compatible === undefined) {
    try {
      compatible = iconv.decode(Buffer.from(ASCII_PROBE, 'latin1'), encoding) === ASCII_PROBE;
    } catch {
      compatible = false;
    }
    asciiCompatibility.set(encoding, compatible);
  }
  return compatible;
}

/** GB2312 and GBK are subsets of GB18030: decoding with the superset loses nothing. */
function canonical(name: string): string | undefined {
  const lower = name.trim().toLowerCase().replace(/_/g, '-');
  if (['gb2312', 'gbk', 'gb18030', 'x-gbk', 'euc-cn', 'cp936', 'windows-936', 'hz-gb-2312'].includes(lower))
    return 'gb18030';
  if (['big5', 'big5-hkscs', 'x-x-big5', 'cp950'].includes(lower)) return 'big5';
  if (['utf8', 'utf-8', 'unicode-1-1-utf-8'].includes(lower)) return 'utf-8';
  if (['utf-16le', 'utf-16be', 'utf-16'].includes(lower)) return lower;
  return iconv.encodingExists(lower) ? lower : undefined;
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text, when the bytes are valid UTF-8: the check and the decoding are one pass. */
function asUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Share of characters that decoding could not map, a sign of the wrong encoding. */
function replacementRatio(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  // A native search: most texts have none, and the check is then one scan at memory speed.
  for (let at = text.indexOf('\ufffd'); at >= 0; at = text.indexOf('\ufffd', at + 1)) bad++;
  return bad / text.length;
}

/**
 * The platform's GB18030 decoder where it has one (ICU in Node's official builds, every browser): three
 * times faster than iconv-lite's. As the WHATWG Encoding Standard has it, it maps the 18 code points
 * GB18030-2005 left in the private use area to the characters GB18030-2022 gave them, and malformed
 * bytes give other replacement characters than iconv-lite's: one for a sequence cut off at the end of
 * the input, one for an out-of-range four-byte sequence (iconv-lite gives lone surrogates). A Node
 * built without ICU falls back to iconv-lite, and then differs from this on those inputs only.
 */
const nativeGb18030 = (() => {
  try {
    return new TextDecoder('gb18030');
  } catch {
    return undefined;
  }
})();

function decodeAs(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'gb18030' && nativeGb18030) return nativeGb18030.decode(bytes);
  return iconv.decode(toBuffer(bytes), encoding);
}

/**
 * 「信息公开」 and 「政府信息」 in GB18030 bytes. Every report names its subject, so an undeclared file
 * that spells either in GB18030, and decodes as GB18030 without a fault, is GB18030: statistics are not
 * needed (they cost ten times the decoding). A Big5 or EUC file would have to hold those four exact
 * byte pairs in a row.
 */
const GB18030_MARKERS = ['信息公开', '政府信息'].map((word) => new Uint8Array(iconv.encode(word, 'gb18030')));

function spellsMarker(bytes: Uint8Array): boolean {
  const buffer = toBuffer(bytes);
  return GB18030_MARKERS.some((marker) => buffer.indexOf(marker) >= 0);
}

/** A UTF-16 code unit of text: whitespace, ASCII, Latin, Greek, Cyrillic, CJK, Hangul, punctuation, full width. */
function isTextUnit(unit: number): boolean {
  return (
    unit === 0x09 ||
    unit === 0x0a ||
    unit === 0x0c ||
    unit === 0x0d ||
    (unit >= 0x20 && unit <= 0x7e) ||
    (unit >= 0xa0 && unit <= 0x024f) ||
    (unit >= 0x0370 && unit <= 0x052f) ||
    (unit >= 0x2000 && unit <= 0x27bf) ||
    (unit >= 0x2e80 && unit <= 0x9fff) ||
    (unit >= 0xac00 && unit <= 0xd7a3) ||
    (unit >= 0xd800 && unit <= 0xdfff) ||
    (unit >= 0xf900 && unit <= 0xfaff) ||
    (unit >= 0xfe30 && unit <= 0xfe4f) ||
    (unit >= 0xff00 && unit <= 0xffef)
  );
}

/**
 * Whether at least `share` of the sample's code units are text when read in this byte order. Stops at
 * the first unit past the allowance: binary data (a zip, a workbook) fails within a few units.
 */
function mostlyText(bytes: Uint8Array, end: number, littleEndian: boolean, share: number): boolean {
  const units = end / 2;
  let allowance = units - Math.ceil(share * units);
  for (let i = 0; i < end; i += 2) {
    const unit = littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
    if (!isTextUnit(unit) && --allowance < 0) return false;
  }
  return true;
}

/**
 * UTF-16 without a BOM shows as NUL bytes on one side of ASCII characters (and of CJK characters such
 * as 一 U+4E00 on the other). Input with NUL bytes is UTF-16 when one byte order reads it as text
 * throughout: random or structured binary data never does.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const end = Math.min(bytes.length, 8192) & ~1;
  if (end < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  if (evenZeros + oddZeros === 0) return undefined;
  const orders: Array<'utf-16le' | 'utf-16be'> =
    oddZeros >= evenZeros ? ['utf-16le', 'utf-16be'] : ['utf-16be', 'utf-16le'];
  for (const order of orders) if (mostlyText(bytes, end, order === 'utf-16le', 0.95)) return order;
  return undefined;
}

/** Share of NUL and other C0 controls: binary data, not text. */
export function looksBinary(bytes: Uint8Array, sample = 8192): boolean {
  const end = Math.min(bytes.length, sample);
  if (end === 0) return false;
  let controls = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0) return !bomEncoding(bytes) && !utf16WithoutBom(bytes);
    if (b < 0x09 || (b > 0x0d && b < 0x20)) controls++;
  }
  return controls / end > 0.1;
}

/**
 * Decode a text file's bytes: a BOM wins, then a forced encoding, then valid UTF-8, then the declared
 * charset, then detection. Guesses are reported as diagnostics, never silently.
 */
export function decode(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  const diagnostics: Diagnostic[] = [];
  const bom = bomEncoding(bytes);
  if (bom) {
    return {
      text: decodeAs(bytes.subarray(bom.length), bom.encoding),
      encoding: bom.encoding,
      by: 'bom',
      diagnostics,
    };
  }
  if (options.forced) {
    const forced = canonical(options.forced);
    if (!forced) throw new AdapterError('encoding', `unknown encoding "${options.forced}"`);
    return { text: decodeAs(bytes, forced), encoding: forced, by: 'forced', diagnostics };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    diagnostics.push({ code: 'encoding-detected', severity: 'info', message: `no BOM; detected ${utf16}` });
    return { text: decodeAs(bytes, utf16), encoding: utf16, by: 'detected', diagnostics };
  }
  if (looksBinary(bytes)) {
    throw new AdapterError('corrupt', 'the file holds binary data, not text');
  }
  let declared = options.declared ? canonical(options.declared) : undefined;
  if (declared && !asciiCompatible(declared)) {
    // A declaration written in markup that the bytes spell in ASCII cannot name UTF-16, UTF-7 or a
    // binary-to-text codec (base64, hex): those would "fit" any bytes and turn the page into noise.
    diagnostics.push({
      code: 'encoding-declaration-wrong',
      severity: 'warning',
      message: `declared ${options.declared}, which markup in ASCII cannot be written in; detecting instead`,
    });
    declared = undefined;
  }
  const utf8 = asUtf8(bytes);
  if (utf8 !== undefined) {
    if (declared && declared !== 'utf-8') {
      diagnostics.push({
        code: 'encoding-declaration-wrong',
        severity: 'info',
        message: `declared ${options.declared} but the bytes are valid UTF-8; read as UTF-8`,
      });
    }
    return { text: utf8, encoding: 'utf-8', by: 'utf-8', diagnostics };
  }
  if (declared && declared !== 'utf-8') {
    const text = decodeAs(bytes, declared);
    if (replacementRatio(text) < 0.001) return { text, encoding: declared, by: 'declared', diagnostics };
    diagnostics.push({
      code: 'encoding-declaration-wrong',
      severity: 'warning',
      message: `declared ${options.declared} does not fit the bytes; detecting instead`,
    });
  } else if (declared === 'utf-8') {
    diagnostics.push({
      code: 'encoding-declaration-wrong',
      severity: 'warning',
      message: 'declared UTF-8 but the bytes are not valid UTF-8; detecting instead',
    });
  }
  let best: { text: string; encoding: string; bad: number } | undefined;
  const tried = new Set<string>();
  if (spellsMarker(bytes)) {
    const text = decodeAs(bytes, 'gb18030');
    const bad = replacementRatio(text);
    if (bad === 0) return detected(text, 'gb18030', diagnostics);
    // Detection below weighs this decoding against the others rather than repeating it.
    best = { text, encoding: 'gb18030', bad };
    tried.add('gb18030');
  }
  // Detection is the costliest step of reading an undeclared page: show it 4 KiB starting at the first
  // non-ASCII byte (past the markup of a page's head), some two thousand Chinese characters.
  let first = 0;
  while (first < bytes.length && bytes[first]! < 0x80) first++;
  const from = first >= bytes.length ? 0 : Math.max(0, first - 16);
  const candidates = chardet.analyse(bytes.subarray(from, from + DETECTION_SAMPLE));
  for (const candidate of [...candidates.map((c) => c.name), 'GB18030', 'Big5']) {
    const encoding = canonical(candidate);
    if (!encoding || tried.has(encoding) || encoding === 'utf-8') continue;
    tried.add(encoding);
    const text = decodeAs(bytes, encoding);
    const bad = replacementRatio(text);
    if (!best || bad < best.bad) best = { text, encoding, bad };
    if (bad === 0 && (encoding === 'gb18030' || encoding === 'big5' || encoding.startsWith('utf-16'))) break;
    if (tried.size >= 4) break;
  }
  if (!best || best.bad > 0.05) {
    throw new AdapterError('encoding', 'could not determine the text encoding (not UTF-8, GB18030 or Big5)');
  }
  return detected(best.text, best.encoding, diagnostics);
}

function detected(text: string, encoding: string, diagnostics: Diagnostic[]): Decoded {
  diagnostics.push({
    code: 'encoding-detected',
    severity: 'info',
    message: `no usable declaration; detected ${encoding}`,
  });
  return { text, encoding, by: 'detected', diagnostics };
}
