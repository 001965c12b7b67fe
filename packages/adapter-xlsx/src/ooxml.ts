/**
 * Vetting an .xlsx/.xlsm package before SheetJS parses it: container limits first (declared sizes,
 * ratios), then the sheet headers (a declared dimension far over the cell limit), then every XML part
 * inflated under its declared size and scanned for what it would cost to parse. What would make
 * SheetJS slow without making it fail is changed in the package it is handed: repeated sheet entries
 * (sheets.ts) and the styles part (styles.ts).
 */
import { AdapterError, type Diagnostic, type Limits } from '@xxgk/core/engine';
import type { PackageParts } from './package.js';
import { attribute, declaredStringCount, dimensionOf, type PartScan, rangeArea, scanPart } from './scan.js';
import { binaryBytes, binaryText, readTag, tags } from './sheetjs.js';
import { dedupeSheets } from './sheets.js';
import { STYLES_CONTENT_TYPE, stylesForSheetJs } from './styles.js';
import {
  checkDeclaredSizes,
  inflateEntry,
  inflateHead,
  readCentralDirectory,
  type StoredFile,
  utf8,
  writeStoredZip,
  type ZipEntry,
} from './zip.js';

export const MEDIA_TYPE_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MEDIA_TYPE_XLSM = 'application/vnd.ms-excel.sheet.macroEnabled.12';

export interface PreparedPackage {
  /** The vetted parts as a zip of stored entries, for SheetJS. */
  readonly bytes: Uint8Array;
  /**
   * The same package with each worksheet part replaced by a one-cell sheet that names it (see
   * {@link sheetMarker}), and the parts themselves: SheetJS reads the rest, worksheet.ts the cells.
   */
  ownSheets?: { files: StoredFile[]; worksheets: Uint8Array[] };
  /** The vetted parts for package.ts, which reads a plain package without SheetJS. */
  parts?: PackageParts;
  mediaType: string;
  format: string;
  /** References of formula cells without a cached value, by the sheet's relationship id. */
  formulasWithoutValue(relationshipId: string | undefined): ReadonlySet<string>;
  /** What the vetting changed that the reader should know (repeated sheet entries). */
  diagnostics: Diagnostic[];
}

const MAIN_TYPES: [RegExp, string, string][] = [
  [
    /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.(sheet|template)\.main\+xml$/i,
    'xlsx',
    MEDIA_TYPE_XLSX,
  ],
  [/^application\/vnd\.ms-excel\.(sheet|template|addin)\.macroenabled\.main\+xml$/i, 'xlsm', MEDIA_TYPE_XLSM],
];

/**
 * A sheet whose declared range is over the limit and whose XML is large enough to fill a good part of
 * that range (real cells take 15–50 bytes) is refused from its first bytes. A range that lies, or a big
 * sparse one, is left to the exact count.
 */
const BYTES_PER_DECLARED_CELL = 10;

const encoder = new TextEncoder();

const SHEET_MARKER = 'xxgk-worksheet-part:';

/** The text of the one cell of the stand-in for worksheet part `index`. */
export function sheetMarker(index: number): string {
  return `${SHEET_MARKER}${index}`;
}

/** The part a stand-in sheet names, when `text` is such a name. */
export function markedPart(text: unknown): number | undefined {
  if (typeof text !== 'string' || !text.startsWith(SHEET_MARKER)) return undefined;
  const index = Number(text.slice(SHEET_MARKER.length));
  return Number.isSafeInteger(index) && index >= 0 ? index : undefined;
}

function sheetStandIn(index: number): Uint8Array {
  return encoder.encode(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      `<row r="1"><c r="A1" t="str"><v>${sheetMarker(index)}</v></c></row></sheetData></worksheet>`,
  );
}

interface ContentTypes {
  format: string;
  mediaType: string;
  workbookPart: string;
}

function readContentTypes(xml: string): ContentTypes {
  const types = new Map<string, string>();
  for (const tag of xml.match(/<(?:[\w.-]+:)?Override\b[^>]*>/g) ?? []) {
    const part = attribute(tag, 'PartName');
    const type = attribute(tag, 'ContentType');
    if (part && type) types.set(part.replace(/^\//, '').toLowerCase(), type);
  }
  for (const [part, type] of types) {
    for (const [pattern, format, mediaType] of MAIN_TYPES) {
      if (pattern.test(type)) return { format, mediaType, workbookPart: part };
    }
  }
  const all = [...types.values()].join(' ');
  if (/binary\.macroenabled\.main/i.test(all))
    throw new AdapterError('unsupported', 'binary workbooks (.xlsb) are not supported');
  if (/wordprocessingml/i.test(all))
    throw new AdapterError('unsupported', 'the zip is a Word document, not a workbook');
  if (/presentationml/i.test(all))
    throw new AdapterError('unsupported', 'the zip is a PowerPoint file, not a workbook');
  throw new AdapterError('unsupported', 'the zip holds no SpreadsheetML workbook part');
}

function tooManyCells(what: string, limits: Limits): AdapterError {
  return new AdapterError('too-many-cells', `${what}, more than the limit of ${limits.maxCells} cells`);
}

interface Relationship {
  id: string;
  type: string;
  /** Resolved part name, lower case. */
  target: string;
}

function readRelationships(xml: string, dir: string): Relationship[] {
  const out: Relationship[] = [];
  for (const tag of xml.match(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const type = attribute(tag, 'Type');
    const target = attribute(tag, 'Target');
    if (!id || !type || !target || /^external$/i.test(attribute(tag, 'TargetMode') ?? '')) continue;
    out.push({ id, type, target: resolvePart(dir, target) });
  }
  return out;
}

function resolvePart(dir: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `${dir ? `${dir}/` : ''}${target}`;
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/').toLowerCase();
}

/**
 * SheetJS looks parts up by walking its whole list of them, so its time grows with the square of
 * their number: 1,000 parts take about half a second, 5,000 ten times more.
 */
export const MAX_PARTS = 1000;

/** Parts reached from the package root that hold what we read: the workbook and its properties. */
const PACKAGE_PARTS = /\/(officeDocument|core-properties|extended-properties|custom-properties)$/;
/**
 * Parts reached from the workbook: sheets (macro sheets hold cells too), strings, styles (number
 * formats, hence dates), cell metadata, and the persons of threaded comments (SheetJS fails when
 * [Content_Types].xml lists one it is not handed). Not the theme: it only colours fills and fonts,
 * and SheetJS fails on some damaged ones (see {@link withoutThemes}).
 */
const WORKBOOK_PARTS =
  /\/(worksheet|chartsheet|dialogsheet|xlMacrosheet|xlIntlMacrosheet|sharedStrings|styles|sheetMetadata|person)$/;

export function prepareOoxml(bytes: Uint8Array, limits: Limits): PreparedPackage {
  const entries = readCentralDirectory(bytes);
  checkDeclaredSizes(entries, limits);
  const byName = new Map<string, ZipEntry>();
  for (const entry of entries) byName.set(entry.name.toLowerCase(), entry);
  // The few small parts read before the rest are inflated once.
  const inflated = new Map<ZipEntry, Uint8Array>();
  const inflate = (entry: ZipEntry): Uint8Array => {
    let data = inflated.get(entry);
    if (!data) {
      data = inflateEntry(bytes, entry);
      inflated.set(entry, data);
    }
    return data;
  };
  const partBytes = (name: string): Uint8Array | undefined => {
    const entry = byName.get(name);
    return entry ? inflate(entry) : undefined;
  };
  const partText = (name: string): string | undefined => {
    const data = partBytes(name);
    return data ? utf8(data) : undefined;
  };

  const contentTypesBytes = partBytes('[content_types].xml');
  const contentTypesXml = contentTypesBytes ? utf8(contentTypesBytes) : undefined;
  if (contentTypesXml === undefined) {
    const what = byName.has('mimetype') ? 'an OpenDocument file' : 'a zip without [Content_Types].xml';
    throw new AdapterError('unsupported', `not an Office Open XML workbook: ${what}`);
  }
  const contentTypes = readContentTypes(contentTypesXml);

  // Comments, drawings, pivot caches, images, VBA and the rest stay out: SheetJS is handed only what
  // the document is made of, so it neither spends time on the rest nor trips over it.
  const workbookPart = contentTypes.workbookPart;
  const slash = workbookPart.lastIndexOf('/');
  const workbookDir = slash >= 0 ? workbookPart.slice(0, slash) : '';
  const workbookRelsPart = `${workbookDir ? `${workbookDir}/` : ''}_rels/${workbookPart.slice(slash + 1)}.rels`;
  const workbookRels = readRelationships(partText(workbookRelsPart) ?? '', workbookDir);
  const wanted = new Map<string, string>([
    ['[content_types].xml', ''],
    ['_rels/.rels', ''],
    [workbookPart, 'officeDocument'],
    [workbookRelsPart, ''],
  ]);
  for (const rel of readRelationships(partText('_rels/.rels') ?? '', '')) {
    const kind = PACKAGE_PARTS.exec(rel.type)?.[1];
    if (kind && kind !== 'officeDocument') wanted.set(rel.target, kind);
  }
  for (const rel of workbookRels) {
    const kind = WORKBOOK_PARTS.exec(rel.type)?.[1];
    if (kind) wanted.set(rel.target, kind);
  }
  const parts = entries.filter((entry) => wanted.has(entry.name.toLowerCase()));
  // SheetJS parses a part named .bin as binary (xlsb) records, whatever it holds: XML read that way
  // can make it allocate without bound.
  const binary = parts.find((entry) => /\.bin$/i.test(entry.name));
  if (binary) {
    throw new AdapterError('unsupported', `binary parts (.xlsb style) are not supported: ${binary.name}`);
  }
  if (parts.length > MAX_PARTS) {
    throw new AdapterError(
      'too-many-cells',
      `the workbook has ${parts.length} sheets and parts, more than the ${MAX_PARTS} read`,
    );
  }

  // Sheet entries naming a part already named are taken out, so that SheetJS parses each part once;
  // entries without a part of their own (SheetJS then reads parts by position) are at most MAX_PARTS.
  const names = new Set(parts.map((entry) => entry.name.toLowerCase()));
  const workbookXml = partBytes(workbookPart);
  const sheets = workbookXml
    ? dedupeSheets(workbookXml, partBytes(workbookRelsPart), workbookDir, names)
    : { count: 0, diagnostics: [] };
  if (sheets.count > MAX_PARTS) {
    throw new AdapterError(
      'too-many-cells',
      `the workbook lists ${sheets.count} sheets, more than the ${MAX_PARTS} read`,
    );
  }

  // Cheap refusals from the parts' first bytes, before anything large is inflated.
  let declaredCells = 0;
  for (const entry of parts) {
    const kind = wanted.get(entry.name.toLowerCase());
    if (kind === 'worksheet' || kind === 'xlMacrosheet' || kind === 'dialogsheet') {
      const area = rangeArea(dimensionOf(inflateHead(bytes, entry)) ?? '');
      if (area > 0 && entry.uncompressedSize >= area * BYTES_PER_DECLARED_CELL) declaredCells += area;
      if (declaredCells > limits.maxCells)
        throw tooManyCells(`the sheets declare ${declaredCells} cells`, limits);
    } else if (kind === 'sharedStrings') {
      const count = declaredStringCount(inflateHead(bytes, entry)) ?? 0;
      if (count > limits.maxCells && entry.uncompressedSize >= count * 5) {
        throw tooManyCells(`the shared-strings table declares ${count} strings`, limits);
      }
    }
  }

  // SheetJS takes the styles part from [Content_Types].xml, not from the workbook's relationships: it
  // is handed the one the relationships name (or Excel's default), changed so that no cell's fill
  // lookup fails (see styles.ts), under a name of its own listed first.
  let stylesName = 'xl/xxgk-styles.xml';
  for (let n = 2; names.has(stylesName); n++) stylesName = `xl/xxgk-styles-${n}.xml`;

  const kept: StoredFile[] = [];
  let contentTypesFile: StoredFile | undefined;
  const vetted = new Map<string, Uint8Array>();
  const withStandIns: StoredFile[] = [];
  const worksheets: Uint8Array[] = [];
  const noValue = new Map<string, string[]>();
  const total: PartScan = { cells: 0, strings: 0, hyperlinkCells: 0, formulasWithoutValue: [] };
  for (const entry of parts) {
    // Not kept in the cache: the sheets are the large parts, and each is needed once.
    const data = inflated.get(entry) ?? inflateEntry(bytes, entry);
    const name = entry.name.toLowerCase();
    vetted.set(name, data);
    let handed = data;
    if (name === workbookPart && sheets.workbook) handed = sheets.workbook;
    kept.push({ rawName: entry.rawName, data: handed, flags: entry.flags });
    // Changed for SheetJS only when SheetJS reads (see forSheetJs).
    if (name === '[content_types].xml') contentTypesFile = kept[kept.length - 1];
    if (wanted.get(name) === 'worksheet') {
      withStandIns.push({
        rawName: entry.rawName,
        data: sheetStandIn(worksheets.length),
        flags: entry.flags,
      });
      worksheets.push(data);
    } else withStandIns.push(kept[kept.length - 1]!);
    const scan = scanPart(data);
    total.cells += scan.cells;
    total.strings += scan.strings;
    total.hyperlinkCells += scan.hyperlinkCells;
    if (total.cells > limits.maxCells)
      throw tooManyCells(`the workbook holds at least ${total.cells} cells`, limits);
    if (total.strings > limits.maxCells) {
      throw tooManyCells(`the shared-strings table holds at least ${total.strings} strings`, limits);
    }
    if (total.hyperlinkCells > limits.maxCells) {
      throw tooManyCells(`the workbook's hyperlinks cover ${total.hyperlinkCells} cells`, limits);
    }
    if (scan.badColumns) {
      throw new AdapterError(
        'corrupt',
        `${entry.name} declares columns ${scan.badColumns}, outside the sheet's 16,384`,
      );
    }
    if (scan.longNumberFormat) {
      throw new AdapterError(
        'corrupt',
        `${entry.name} holds a number format of ${scan.longNumberFormat} bytes; Excel allows 255 characters`,
      );
    }
    if (scan.formulasWithoutValue.length > 0)
      noValue.set(entry.name.toLowerCase(), scan.formulasWithoutValue);
  }

  const stylesRel = workbookRels.find((rel) => rel.type.endsWith('/styles') && byName.has(rel.target));
  const stylesPart = stylesRel ? partBytes(stylesRel.target) : undefined;
  // Its data is made when SheetJS reads (see forSheetJs).
  const stylesFile: StoredFile = { rawName: encoder.encode(stylesName), data: new Uint8Array(0), flags: 0 };
  kept.push(stylesFile);
  withStandIns.push(stylesFile);

  const sheetParts = new Map(workbookRels.map((rel) => [rel.id, rel.target]));
  const empty: ReadonlySet<string> = new Set();
  // What SheetJS is handed, made only when SheetJS reads: [Content_Types].xml without themes and with
  // the styles part named first, and the styles part changed for it (which may refuse a part too
  // malformed to change: our own readers, which take only well-formed XML, never get to read one).
  let handedTypes: Uint8Array | undefined;
  let handedStyles: Uint8Array | undefined;
  const forSheetJs = (files: StoredFile[]): StoredFile[] =>
    files.map((file) => {
      if (file === stylesFile) {
        handedStyles ??= stylesForSheetJs(stylesPart);
        return { ...file, data: handedStyles };
      }
      if (file !== contentTypesFile) return file;
      handedTypes ??= withOverride(withoutThemes(file.data), stylesName, STYLES_CONTENT_TYPE);
      return { ...file, data: handedTypes };
    });
  let whole: Uint8Array | undefined;
  return {
    // Written only when SheetJS reads the cells too.
    get bytes() {
      whole ??= writeStoredZip(forSheetJs(kept));
      return whole;
    },
    // A getter in the object itself: spreading it would call it.
    get ownSheets() {
      return worksheets.length > 0 ? { files: forSheetJs(withStandIns), worksheets } : undefined;
    },
    // Two entries of one name (in any case): SheetJS takes the first, the maps here the last.
    ...(contentTypesBytes && workbookXml && byName.size === entries.length
      ? {
          parts: {
            contentTypes: contentTypesBytes,
            workbookPart,
            workbook: sheets.workbook ?? workbookXml,
            workbookRels: partBytes(workbookRelsPart),
            packageRels: partBytes('_rels/.rels'),
            part: (name: string) => vetted.get(name),
            styles: stylesPart,
          },
        }
      : {}),
    mediaType: contentTypes.mediaType,
    format: contentTypes.format,
    formulasWithoutValue(relationshipId) {
      const part = relationshipId === undefined ? undefined : sheetParts.get(relationshipId);
      return part && noValue.has(part) ? new Set(noValue.get(part)) : empty;
    },
    diagnostics: sheets.diagnostics,
  };
}

const THEME_TYPES = new Set(['application/vnd.openxmlformats-officedocument.theme+xml']);

/**
 * [Content_Types].xml without the theme overrides, as SheetJS reads it: SheetJS then reads no theme,
 * and cannot fail on a damaged one (a missing element, a font colour past its colours), which would
 * refuse a workbook for its colours.
 */
function withoutThemes(contentTypes: Uint8Array): Uint8Array {
  const text = binaryText(contentTypes);
  let out = '';
  let at = 0;
  for (const tag of tags(text)) {
    const { name, attributes } = readTag(tag.text);
    if (name !== '<Override' || !THEME_TYPES.has(attributes.get('ContentType') ?? '')) continue;
    out += text.slice(at, tag.start);
    at = tag.end;
  }
  return at === 0 ? contentTypes : binaryBytes(out + text.slice(at));
}

/** [Content_Types].xml with an override for `part` put first, where SheetJS takes the first of a type. */
function withOverride(contentTypes: Uint8Array, part: string, type: string): Uint8Array {
  const override = encoder.encode(`<Override PartName="/${part}" ContentType="${type}"/>`);
  const bom = contentTypes[0] === 0xef && contentTypes[1] === 0xbb && contentTypes[2] === 0xbf ? 3 : 0;
  const out = new Uint8Array(contentTypes.length + override.length);
  out.set(contentTypes.subarray(0, bom));
  out.set(override, bom);
  out.set(contentTypes.subarray(bom), bom + override.length);
  return out;
}
