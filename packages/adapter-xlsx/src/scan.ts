/**
 * One pass over the bytes of an inflated XML part, counting what SheetJS would turn into objects or
 * loops: cells, shared strings, hyperlink ranges (SheetJS visits every cell of a hyperlink's range) and
 * column ranges (it copies a column record into every column of its range). It also notes formula cells
 * that carry no cached value, which SheetJS would otherwise show as 0 or FALSE.
 *
 * It looks at tag names only (any namespace prefix), so it cannot be fooled into undercounting by
 * attribute order or prefixes; text that merely looks like a tag can only make it count more.
 */

export interface PartScan {
  /** `<c>` elements. */
  cells: number;
  /** `<si>` elements (shared-string items). */
  strings: number;
  /** Sum of the areas of `<hyperlink ref>` ranges. */
  hyperlinkCells: number;
  /** A `<col>` range outside 1…16384, which SheetJS would loop over. */
  badColumns?: string;
  /** Length of a number format far longer than Excel allows (SheetJS scans it again for every cell). */
  longNumberFormat?: number;
  /** References of formula cells without a cached value. */
  formulasWithoutValue: string[];
}

/**
 * Excel allows 255 characters in a number format; escaped as XML (`&quot;` for `"`) that is at most
 * about 1,500 bytes.
 */
export const MAX_NUMBER_FORMAT_BYTES = 2048;

/** Excel's grid: 16,384 columns, 1,048,576 rows. */
export const MAX_COLUMNS = 16384;
export const MAX_ROWS = 1048576;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;

function isNameEnd(ch: number): boolean {
  return ch === 0x20 || ch === GT || ch === SLASH || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}

function tagText(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end && i - start < 4096; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

export function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s(?:[\\w.-]+:)?${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return match ? (match[2] ?? match[3]) : undefined;
}

export function scanPart(bytes: Uint8Array): PartScan {
  const result: PartScan = { cells: 0, strings: 0, hyperlinkCells: 0, formulasWithoutValue: [] };
  const n = bytes.length;
  let inCell = false;
  let cellStart = 0;
  let cellTagEnd = 0;
  let sawFormula = false;
  let sawValue = false;
  let sawEmptyValue = false;
  // `indexOf` jumps from tag to tag natively; most bytes of a part are text and attributes.
  for (let i = bytes.indexOf(LT); i >= 0; i = bytes.indexOf(LT, i + 1)) {
    let j = i + 1;
    const closing = bytes[j] === SLASH;
    if (closing) j++;
    const first = bytes[j];
    if (first === 0x3f || first === 0x21) continue;
    let nameStart = j;
    while (j < n && !isNameEnd(bytes[j]!)) {
      if (bytes[j] === COLON) nameStart = j + 1;
      j++;
    }
    const nameLength = j - nameStart;
    const c0 = bytes[nameStart];
    if (closing) {
      if (inCell && nameLength === 1 && c0 === 0x63) {
        inCell = false;
        if (sawFormula && !sawValue) {
          const tag = tagText(bytes, cellStart, cellTagEnd);
          // A string formula's empty <v></v> is a cached empty string, not a missing value.
          if (!(sawEmptyValue && attribute(tag, 't') === 'str')) {
            const ref = attribute(tag, 'r');
            if (ref) result.formulasWithoutValue.push(ref);
          }
        }
      }
      i = j - 1;
      continue;
    }
    if (nameLength === 1 && c0 === 0x63) {
      result.cells++;
      const gt = findGt(bytes, j);
      if (bytes[gt - 1] !== SLASH) {
        inCell = true;
        cellStart = i;
        cellTagEnd = gt;
        sawFormula = false;
        sawValue = false;
        sawEmptyValue = false;
      }
      i = gt;
    } else if (inCell && nameLength === 1 && c0 === 0x66) {
      sawFormula = true;
    } else if (inCell && nameLength === 1 && c0 === 0x76) {
      const gt = findGt(bytes, j);
      if (bytes[gt - 1] === SLASH || bytes[gt + 1] === LT) sawEmptyValue = true;
      else sawValue = true;
      i = gt;
    } else if (nameLength === 2 && c0 === 0x73 && bytes[nameStart + 1] === 0x69) {
      result.strings++;
    } else if (nameLength === 9 && tagText(bytes, nameStart, j) === 'hyperlink') {
      const tag = tagText(bytes, i, findGt(bytes, j));
      result.hyperlinkCells += rangeArea(attribute(tag, 'ref') ?? '');
    } else if (
      nameLength === 3 &&
      c0 === 0x63 &&
      bytes[nameStart + 1] === 0x6f &&
      bytes[nameStart + 2] === 0x6c
    ) {
      const tag = tagText(bytes, i, findGt(bytes, j));
      const min = Number(attribute(tag, 'min'));
      const max = Number(attribute(tag, 'max'));
      if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max <= MAX_COLUMNS && min <= max)) {
        result.badColumns ??= `${attribute(tag, 'min')}…${attribute(tag, 'max')}`;
      }
    } else if (nameLength === 6 && c0 === 0x6e && tagText(bytes, nameStart, j) === 'numFmt') {
      const gt = findGt(bytes, j);
      if (gt - i > MAX_NUMBER_FORMAT_BYTES)
        result.longNumberFormat = Math.max(result.longNumberFormat ?? 0, gt - i);
      i = gt;
    }
  }
  return result;
}

/** The next `>` from `from`, or the end of the part. */
function findGt(bytes: Uint8Array, from: number): number {
  const gt = bytes.indexOf(GT, from);
  return gt < 0 ? bytes.length : gt;
}

/** 0-based column of `A`…`XFD` letters; NaN for anything else. */
export function columnIndex(letters: string): number {
  let index = 0;
  for (let i = 0; i < letters.length; i++) {
    const code = letters.charCodeAt(i) & ~0x20;
    if (code < 65 || code > 90) return Number.NaN;
    index = index * 26 + (code - 64);
    if (index > 1e9) return Number.NaN;
  }
  return index - 1;
}

function parseRef(ref: string): { r: number; c: number } | undefined {
  const match = /^\$?([A-Za-z]{1,7})\$?(\d{1,10})$/.exec(ref.trim());
  if (!match) return undefined;
  const c = columnIndex(match[1]!);
  const r = Number(match[2]) - 1;
  return Number.isNaN(c) || r < 0 ? undefined : { r, c };
}

/** Cells in an `A1` or `A1:C9` range; 0 when it cannot be read. */
export function rangeArea(ref: string): number {
  const [from, to = from] = ref.split(':');
  const a = parseRef(from ?? '');
  const b = parseRef(to ?? '');
  if (!a || !b) return 0;
  return (Math.abs(b.r - a.r) + 1) * (Math.abs(b.c - a.c) + 1);
}

const latin1Decoder = new TextDecoder('latin1');

/** The start of a part as text: the elements looked for sit in its first few hundred bytes. */
function headText(head: Uint8Array): string {
  return latin1Decoder.decode(head.subarray(0, 65536));
}

/** The `ref` of a sheet's `<dimension>` element, when it is in `head`. */
export function dimensionOf(head: Uint8Array): string | undefined {
  const text = headText(head);
  return /<(?:[\w.-]+:)?dimension\s[^>]*?\bref\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
}

/** The `uniqueCount` (or else `count`) a shared-strings part declares, when it is in `head`. */
export function declaredStringCount(head: Uint8Array): number | undefined {
  const text = headText(head);
  const tag = /<(?:[\w.-]+:)?sst\b[^>]*>/.exec(text)?.[0];
  if (!tag) return undefined;
  const value = Number(attribute(tag, 'uniqueCount') ?? attribute(tag, 'count'));
  return Number.isFinite(value) ? value : undefined;
}
