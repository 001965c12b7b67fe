/**
 * Vetting an .xlsx/.xlsm package before SheetJS parses it: container limits first (declared sizes,
 * ratios), then the sheet headers (a declared dimension far over the cell limit), then every XML part
 * inflated under its declared size and scanned for what it would cost to parse.
 */
import { AdapterError, type Diagnostic, type Limits } from '@xxgk/core';
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
  diagnostics: Diagnostic[];
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
const WORKSHEET_TYPE = /spreadsheetml\.worksheet\+xml$/i;
const SHARED_STRINGS_TYPE = /spreadsheetml\.sharedStrings\+xml$/i;

/**
 * A sheet whose declared range is over the limit and whose XML is large enough to fill a good part of
 * that range (real cells take 15–50 bytes) is refused from its first bytes. A range that lies, or a big
 * sparse one, is left to the exact count.
 */
const BYTES_PER_DECLARED_CELL = 10;

/** Parts SheetJS is given: XML and relationships. Images, embeddings, VBA and printer blobs stay out. */
const KEPT_PART = /\.(xml|rels|vml)$/i;

function textOf(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

interface ContentTypes {
  format: string;
  mediaType: string;
  workbookPart: string;
  types: Map<string, string>;
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
      if (pattern.test(type)) return { format, mediaType, workbookPart: part, types };
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

export function prepareOoxml(bytes: Uint8Array, limits: Limits): PreparedPackage {
  const entries = readCentralDirectory(bytes);
  checkDeclaredSizes(entries, limits);
  const byName = new Map<string, ZipEntry>();
  for (const entry of entries) byName.set(entry.name.toLowerCase(), entry);

  const contentTypesEntry = byName.get('[content_types].xml');
  if (!contentTypesEntry) {
    const what = byName.has('mimetype') ? 'an OpenDocument file' : 'a zip without [Content_Types].xml';
    throw new AdapterError('unsupported', `not an Office Open XML workbook: ${what}`);
  }
  const contentTypes = readContentTypes(textOf(inflateEntry(bytes, contentTypesEntry)));

  // Cheap refusals from the parts' first bytes, before anything large is inflated.
  let declaredCells = 0;
  for (const [part, type] of contentTypes.types) {
    const entry = byName.get(part);
    if (!entry) continue;
    if (WORKSHEET_TYPE.test(type)) {
      const area = rangeArea(dimensionOf(inflateHead(bytes, entry)) ?? '');
      if (area > 0 && entry.uncompressedSize >= area * BYTES_PER_DECLARED_CELL) declaredCells += area;
      if (declaredCells > limits.maxCells)
        throw tooManyCells(`the sheets declare ${declaredCells} cells`, limits);
    } else if (SHARED_STRINGS_TYPE.test(type)) {
      const count = declaredStringCount(inflateHead(bytes, entry)) ?? 0;
      if (count > limits.maxCells && entry.uncompressedSize >= count * 5) {
        throw tooManyCells(`the shared-strings table declares ${count} strings`, limits);
      }
    }
  }

  const kept: StoredFile[] = [];
  const noValue = new Map<string, string[]>();
  const total: PartScan = { cells: 0, strings: 0, hyperlinkCells: 0, formulasWithoutValue: [] };
  for (const entry of entries) {
    if (!KEPT_PART.test(entry.name)) continue;
    const data = inflateEntry(bytes, entry);
    kept.push({ rawName: entry.rawName, data, flags: entry.flags });
    const scan = scanPart(data);
    total.cells += scan.cells;
    total.strings += scan.strings;
    total.hyperlinkCells += scan.hyperlinkCells;
    if (total.cells > limits.maxCells)
      throw tooManyCells(`the workbook holds over ${total.cells} cells`, limits);
    if (total.strings > limits.maxCells) {
      throw tooManyCells(`the shared-strings table holds over ${total.strings} strings`, limits);
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
    if (scan.formulasWithoutValue.length > 0)
      noValue.set(entry.name.toLowerCase(), scan.formulasWithoutValue);
  }
  if (kept.length > 0xffff) throw new AdapterError('unsupported', `the workbook has ${kept.length} parts`);

  let sheetParts: Map<string, string> | undefined;
  const empty: ReadonlySet<string> = new Set();
  return {
    bytes: writeStoredZip(kept),
    mediaType: contentTypes.mediaType,
    format: contentTypes.format,
    diagnostics: [],
    formulasWithoutValue(relationshipId) {
      if (noValue.size === 0 || !relationshipId) return empty;
      sheetParts ??= readWorkbookRelationships(contentTypes.workbookPart, kept);
      const part = sheetParts.get(relationshipId);
      return new Set(part ? noValue.get(part) : []);
    },
  };
}

/** Relationship id → part name (lower case) of the workbook's relationships. */
function readWorkbookRelationships(workbookPart: string, files: readonly StoredFile[]): Map<string, string> {
  const slash = workbookPart.lastIndexOf('/');
  const dir = slash >= 0 ? workbookPart.slice(0, slash) : '';
  const relsName = `${dir ? `${dir}/` : ''}_rels/${workbookPart.slice(slash + 1)}.rels`;
  const latin1 = new TextDecoder('latin1');
  const file = files.find((f) => latin1.decode(f.rawName).toLowerCase() === relsName);
  const out = new Map<string, string>();
  if (!file) return out;
  for (const tag of textOf(file.data).match(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (!id || !target) continue;
    out.set(id, resolvePart(dir, target));
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
