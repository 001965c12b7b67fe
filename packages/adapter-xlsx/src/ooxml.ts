/**
 * Vetting an .xlsx/.xlsm package before SheetJS parses it: container limits first (declared sizes,
 * ratios), then the sheet headers (a declared dimension far over the cell limit), then every XML part
 * inflated under its declared size and scanned for what it would cost to parse.
 */
import { AdapterError, type Limits } from '@xxgk/core';
import { attribute, declaredStringCount, dimensionOf, type PartScan, rangeArea, scanPart } from './scan.js';
import {
  checkDeclaredSizes,
  inflateEntry,
  inflateHead,
  readCentralDirectory,
  type StoredFile,
  writeStoredZip,
  type ZipEntry,
} from './zip.js';

export const MEDIA_TYPE_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MEDIA_TYPE_XLSM = 'application/vnd.ms-excel.sheet.macroEnabled.12';

export interface PreparedPackage {
  /** The vetted parts as a zip of stored entries, for SheetJS. */
  bytes: Uint8Array;
  mediaType: string;
  format: string;
  /** References of formula cells without a cached value, by the sheet's relationship id. */
  formulasWithoutValue(relationshipId: string | undefined): ReadonlySet<string>;
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

function textOf(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
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
/** Parts reached from the workbook: sheets (macro sheets hold cells too), strings, styles (number formats, hence dates), themes. */
const WORKBOOK_PARTS =
  /\/(worksheet|chartsheet|dialogsheet|xlMacrosheet|xlIntlMacrosheet|sharedStrings|styles|theme|sheetMetadata)$/;

export function prepareOoxml(bytes: Uint8Array, limits: Limits): PreparedPackage {
  const entries = readCentralDirectory(bytes);
  checkDeclaredSizes(entries, limits);
  const byName = new Map<string, ZipEntry>();
  for (const entry of entries) byName.set(entry.name.toLowerCase(), entry);
  const partText = (name: string): string | undefined => {
    const entry = byName.get(name);
    return entry ? textOf(inflateEntry(bytes, entry)) : undefined;
  };

  const contentTypesXml = partText('[content_types].xml');
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
  if (parts.length > MAX_PARTS) {
    throw new AdapterError(
      'too-many-cells',
      `the workbook has ${parts.length} sheets and parts, more than the ${MAX_PARTS} read`,
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

  const kept: StoredFile[] = [];
  const noValue = new Map<string, string[]>();
  const total: PartScan = { cells: 0, strings: 0, hyperlinkCells: 0, formulasWithoutValue: [] };
  for (const entry of parts) {
    const data = inflateEntry(bytes, entry);
    kept.push({ rawName: entry.rawName, data, flags: entry.flags });
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

  const sheetParts = new Map(workbookRels.map((rel) => [rel.id, rel.target]));
  const empty: ReadonlySet<string> = new Set();
  return {
    bytes: writeStoredZip(kept),
    mediaType: contentTypes.mediaType,
    format: contentTypes.format,
    formulasWithoutValue(relationshipId) {
      const part = relationshipId === undefined ? undefined : sheetParts.get(relationshipId);
      return part && noValue.has(part) ? new Set(noValue.get(part)) : empty;
    },
  };
}
