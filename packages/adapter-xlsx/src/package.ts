/**
 * Our own reading of an .xlsx package's workbook-level parts: the sheet list, the shared strings, the
 * number formats of the cell styles and the document properties. With worksheet.ts it reads a plain
 * workbook without SheetJS, whose parse of these small parts costs a fixed 0.3 ms per file, about as
 * much as the rest of the read.
 *
 * Like worksheet.ts it reads only what it reads exactly as SheetJS 0.20.3 does, and returns undefined
 * otherwise (the caller then has SheetJS read the package): comments, CDATA or DOCTYPE in a part;
 * entities SheetJS decodes its own way; a part found through [Content_Types].xml that is not the one
 * the relationships name, or the reverse (SheetJS goes by the first, the vetting by the second); a
 * workbook part outside `xl/`; a sheet that is not a worksheet or whose relationship is missing;
 * rich shared strings of an unusual shape; number format ids SheetJS moves; dates in the properties
 * other than ISO 8601 UTC. `worksheet.test.ts` compares both paths.
 */
import type { WorkSheet } from 'xlsx';
import { OUTSIDE } from './worksheet.js';

/** A relationship with its target resolved to a part name in lower case. */
export interface PackageRelationship {
  id: string;
  type: string;
  target: string;
}

/** What the vetting found of the package, for {@link readPackage}. */
export interface PackageParts {
  contentTypes: Uint8Array;
  /** The workbook part's name in lower case, and its bytes as SheetJS would be handed them. */
  workbookPart: string;
  workbook: Uint8Array;
  workbookRels: readonly PackageRelationship[];
  packageRels: readonly PackageRelationship[];
  /** A vetted part's bytes by its name in lower case. */
  part(name: string): Uint8Array | undefined;
  /** The styles part the relationships name, as it is in the package. */
  styles: Uint8Array | undefined;
}

/** The workbook as read.ts uses SheetJS's: sheet names, their visibility and ids, the properties. */
export interface PackageWorkbook {
  SheetNames: string[];
  Workbook: { Sheets: { name: string; Hidden: number; id: string }[] };
  Props: Record<string, string | Date>;
  sheets: Map<string, WorkSheet>;
}

/** The number formats and cell styles the worksheet reader looks cells' formats up in. */
export interface CellFormats {
  cellXf: { numFmtId?: unknown }[] | undefined;
  formats: Record<number, string>;
}

const TYPES_NAMESPACE = 'http://schemas.openxmlformats.org/package/2006/content-types';
const SHARED_STRINGS = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml';
const CORE_PROPERTIES = 'application/vnd.openxmlformats-package.core-properties+xml';
const EXTENDED_PROPERTIES = 'application/vnd.openxmlformats-officedocument.extended-properties+xml';
const MAIN_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
]);

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The part as text, when it is UTF-8 without comments, CDATA or DOCTYPE; else outside. */
function partText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw OUTSIDE;
  }
  if (text.includes('<!')) throw OUTSIDE;
  return text;
}

interface Tag {
  /** Local name, without prefix. */
  name: string;
  closing: boolean;
  empty: boolean;
  attributes: [string, string][];
  start: number;
  end: number;
}

const TAG = /<(\/?)(?:(\w+):)?(\w+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /\s+([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The tags of a part, strictly: anything between `<` and `>` that is not a plain tag is outside. */
function* tagsOf(text: string): Generator<Tag> {
  let at = text.indexOf('<');
  if (text.startsWith('<?xml', at)) {
    const end = text.indexOf('?>', at);
    if (end < 0 || text.slice(0, at).trim() !== '') throw OUTSIDE;
    at = text.indexOf('<', end + 2);
  }
  for (; at >= 0; at = text.indexOf('<', at)) {
    TAG.lastIndex = at;
    const match = TAG.exec(text);
    if (!match) throw OUTSIDE;
    const closing = match[1] === '/';
    const empty = match[5] === '/';
    if (closing && (empty || match[4] !== '')) throw OUTSIDE;
    const attributes: [string, string][] = [];
    for (const a of match[4]!.matchAll(ATTRIBUTE)) attributes.push([a[1]!, a[2] ?? a[3] ?? '']);
    yield { name: match[3]!, closing, empty, attributes, start: at, end: TAG.lastIndex };
    at = TAG.lastIndex;
  }
}

/**
 * The values of `watched` attributes (SheetJS's keys: without prefix, lower case). An attribute that
 * SheetJS would file under the same key as another, or a second one of a watched key, is outside.
 */
function attributesOf(tag: Tag, watched: readonly string[]): (string | undefined)[] {
  const values: (string | undefined)[] = new Array(watched.length).fill(undefined);
  const seen = new Set<string>();
  for (const [name, value] of tag.attributes) {
    const colon = name.indexOf(':');
    let key = colon >= 0 ? name.slice(colon + 1) : name;
    if (colon < 0 && key.indexOf('_') > 0) key = key.slice(0, key.indexOf('_'));
    const lower = key.toLowerCase();
    if (seen.has(lower)) throw OUTSIDE;
    seen.add(lower);
    const index = watched.indexOf(key);
    if (index >= 0) values[index] = value;
    else if (watched.some((w) => w.toLowerCase() === lower)) throw OUTSIDE;
  }
  return values;
}

const NAMED: Readonly<Record<string, string>> = { quot: '"', apos: "'", gt: '>', lt: '<', amp: '&' };

/**
 * Entities and `_xHHHH_` escapes decoded as SheetJS decodes them (its unescapexml): references first,
 * then escapes, then for cell text (`xlsx`) CR LF as LF. References it decodes its own way (capital
 * names or X, letters in a decimal reference) are outside.
 */
export function decodeText(text: string, xlsx: boolean): string {
  let out = text;
  if (out.includes('&')) {
    out = out.replace(/&([^;&]*);?/g, (entity, body: string) => {
      if (!entity.endsWith(';')) throw OUTSIDE;
      const named = NAMED[body];
      if (named !== undefined && Object.hasOwn(NAMED, body)) return named;
      if (/^#\d+$/.test(body)) return String.fromCharCode(Number.parseInt(body.slice(1), 10));
      if (/^#x[\da-fA-F]+$/.test(body)) return String.fromCharCode(Number.parseInt(body.slice(2), 16));
      throw OUTSIDE;
    });
  }
  if (/_x/i.test(out))
    out = out.replace(/_x([\da-fA-F]{4})_/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  return xlsx && out.includes('\r\n') ? out.replace(/\r\n/g, '\n') : out;
}

/** The first part of each content type SheetJS looks parts up by, as it lists them. */
function readContentTypes(text: string): Map<string, string> {
  const first = new Map<string, string>();
  let namespace: string | undefined;
  for (const tag of tagsOf(text)) {
    if (tag.closing) continue;
    if (tag.name === 'Types') {
      // SheetJS refuses a package whose namespace it does not know; it reads the error.
      for (const [name, value] of tag.attributes) if (name === 'xmlns') namespace = value;
    } else if (tag.name === 'Override') {
      const [part, type] = attributesOf(tag, ['PartName', 'ContentType']);
      if (part === undefined || type === undefined) throw OUTSIDE;
      const name = part.replace(/^\//, '').toLowerCase();
      if (!first.has(type)) first.set(type, name);
    }
  }
  if (namespace !== TYPES_NAMESPACE) throw OUTSIDE;
  return first;
}

/** The one target of a relationship type, when the content types name the same part. */
function agreedPart(
  contentTypes: Map<string, string>,
  type: string,
  rels: readonly PackageRelationship[],
  relType: string,
): string | undefined {
  const listed = contentTypes.get(type);
  const related = rels.filter((rel) => rel.type.endsWith(relType));
  if (related.length > 1 || listed !== related[0]?.target) throw OUTSIDE;
  return listed;
}

/** SheetJS's shared-string items: the text of a plain item, or the runs of a rich one without phonetics. */
function readSharedStrings(text: string): { t: string }[] {
  const items: { t: string }[] = [];
  // Inside an item: its texts, whether it is plain (its first child is a text), its runs, whether a
  // phonetic run (whose text SheetJS drops) is open, and where the open text starts.
  let item: string[] | undefined;
  let itemStart = 0;
  let first = false;
  let plain = false;
  let runs = 0;
  let phonetic = false;
  let textStart = -1;
  for (const tag of tagsOf(text)) {
    const { name } = tag;
    if (name === 'si') {
      if (tag.empty || tag.attributes.length > 0) throw OUTSIDE;
      if (!tag.closing) {
        if (item) throw OUTSIDE;
        item = [];
        itemStart = tag.end;
        first = true;
        plain = false;
        runs = 0;
        continue;
      }
      if (!item || phonetic || textStart >= 0) throw OUTSIDE;
      // SheetJS reads a plain item's first text, or the texts of a rich item's runs.
      if (plain ? item.length !== 1 || runs > 0 : runs === 0) throw OUTSIDE;
      items.push({ t: decodeText(item.join(''), true) });
      item = undefined;
      continue;
    }
    if (!item) {
      if (name !== 'sst') throw OUTSIDE;
      continue;
    }
    const isFirst = first;
    first = false;
    if (name === 't') {
      if (tag.empty || tag.closing !== textStart >= 0) throw OUTSIDE;
      if (!tag.closing) {
        if (isFirst) {
          // Plain only when nothing but white space comes before the text.
          if (text.slice(itemStart, tag.start).trim() !== '') throw OUTSIDE;
          plain = true;
        } else if (plain && !phonetic) throw OUTSIDE;
        textStart = tag.end;
        continue;
      }
      if (!phonetic) item.push(text.slice(textStart, tag.start));
      textStart = -1;
    } else if (name === 'r') {
      if (plain || tag.empty || tag.attributes.length > 0) throw OUTSIDE;
      if (!tag.closing) runs++;
    } else if (name === 'rPh') {
      if (tag.empty || phonetic === !tag.closing) throw OUTSIDE;
      phonetic = !tag.closing;
    } else if (name !== 'rPr' && name !== 'phoneticPr' && !isRunProperty(name)) {
      throw OUTSIDE;
    }
  }
  if (item || items.length === 0) throw OUTSIDE;
  // SheetJS splits the table at `</si>` and reads the rest after the last one as one more, empty item.
  items.push({ t: '' });
  return items;
}

const RUN_PROPERTIES = new Set([
  'b',
  'i',
  'u',
  'strike',
  'sz',
  'color',
  'rFont',
  'family',
  'charset',
  'scheme',
  'vertAlign',
  'outline',
  'shadow',
  'condense',
  'extend',
]);

function isRunProperty(name: string): boolean {
  return RUN_PROPERTIES.has(name);
}

/** SheetJS's number format table for the workbook and its cell styles' format ids. */
export function readCellFormats(
  styles: Uint8Array | undefined,
  builtIn: Readonly<Record<number, string>>,
): CellFormats {
  const formats: Record<number, string> = { ...builtIn };
  // Without a styles part SheetJS is handed Excel's default one: one cell style, General.
  if (styles === undefined) return { cellXf: [{ numFmtId: 0 }], formats };
  const text = partText(styles);
  let cellXf: { numFmtId?: unknown }[] | undefined;
  let inFormats = false;
  let inCellXfs = false;
  let seenFormats = false;
  for (const tag of tagsOf(text)) {
    if (tag.name === 'numFmts') {
      // SheetJS reads the first numFmts element only.
      if (tag.empty || (seenFormats && !tag.closing)) throw OUTSIDE;
      inFormats = !tag.closing;
      seenFormats = true;
    } else if (tag.name === 'cellXfs') {
      if (tag.empty || (cellXf && !tag.closing)) throw OUTSIDE;
      inCellXfs = !tag.closing;
      cellXf ??= [];
    } else if (tag.name === 'AlternateContent') {
      throw OUTSIDE;
    } else if (inFormats && tag.name === 'numFmt' && !tag.closing) {
      const [id, code] = attributesOf(tag, ['numFmtId', 'formatCode']);
      if (id === undefined || code === undefined || !/^\d+$/.test(id)) throw OUTSIDE;
      const index = Number(id);
      // SheetJS moves ids past 392 into a free slot of its own.
      if (index > 0x188) throw OUTSIDE;
      const format = decodeText(code, false);
      if (index > 0) formats[index] = format === 'd.m' ? 'd\\.m' : format;
    } else if (inCellXfs && tag.name === 'xf' && !tag.closing) {
      const [id] = attributesOf(tag, ['numFmtId']);
      if (id !== undefined && id !== '' && !/^\d+$/.test(id)) throw OUTSIDE;
      const numFmtId = id ? Number(id) : id;
      if (typeof numFmtId === 'number' && numFmtId > 0x188) throw OUTSIDE;
      cellXf!.push(numFmtId === undefined ? {} : { numFmtId });
    }
  }
  if (inFormats || inCellXfs) throw OUTSIDE;
  return { cellXf, formats };
}

/** The characters SheetJS accepts right after the name of the element it looks for. */
const BOUNDARY = new Set([' ', '\t', '\r', '\n', '>']);

/**
 * The text of the first element named exactly `tag` (prefix and all), found as SheetJS finds it:
 * the first `<tag` followed by a boundary, then everything to the first `</tag>`.
 */
function elementText(text: string, tag: string): string | undefined {
  let at = text.indexOf(`<${tag}`);
  while (at >= 0 && !BOUNDARY.has(text.charAt(at + tag.length + 1))) at = text.indexOf(`<${tag}`, at + 1);
  if (at < 0) return undefined;
  const open = text.indexOf('>', at);
  // A self-closed element would have SheetJS look for the end of a later one.
  if (open < 0 || text[open - 1] === '/') throw OUTSIDE;
  const close = text.indexOf(`</${tag}>`, open);
  if (close < 0) throw OUTSIDE;
  const inner = text.slice(open + 1, close);
  if (inner.includes('<')) throw OUTSIDE;
  return inner;
}

const CORE_FIELDS: [string, string][] = [
  ['dc:title', 'Title'],
  ['dc:creator', 'Author'],
  ['dc:subject', 'Subject'],
  ['cp:keywords', 'Keywords'],
];
const CORE_DATES: [string, string][] = [
  ['dcterms:created', 'CreatedDate'],
  ['dcterms:modified', 'ModifiedDate'],
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function readProperties(
  core: Uint8Array | undefined,
  app: Uint8Array | undefined,
): Record<string, string | Date> {
  const props: Record<string, string | Date> = {};
  // SheetJS reads the application's properties only along with the core ones.
  if (!core) return props;
  const text = partText(core);
  for (const [tag, key] of CORE_FIELDS) {
    const value = elementText(text, tag);
    if (value !== undefined && value !== '') props[key] = decodeText(value, false);
  }
  for (const [tag, key] of CORE_DATES) {
    const value = elementText(text, tag);
    if (value === undefined || value === '') continue;
    const decoded = decodeText(value, false);
    if (!ISO_UTC.test(decoded)) throw OUTSIDE;
    props[key] = new Date(decoded);
  }
  if (app) {
    const appText = partText(app);
    let company: string | undefined;
    let inCompany = false;
    let companyStart = 0;
    for (const tag of tagsOf(appText)) {
      if (tag.name !== 'Company') continue;
      if (tag.empty) throw OUTSIDE;
      if (!tag.closing) {
        if (company !== undefined || inCompany) throw OUTSIDE;
        inCompany = true;
        companyStart = tag.end;
      } else if (inCompany) {
        company = appText.slice(companyStart, tag.start);
        inCompany = false;
      }
    }
    if (company) props.Company = decodeText(company, false);
  }
  return props;
}

/**
 * The workbook of a plain package, with each worksheet read by `readSheet` (undefined when it is not
 * plain). Undefined when anything is not what this module reads exactly.
 */
export function readPackage(
  parts: PackageParts,
  readSheet: (part: string, formats: CellFormats, strings: readonly { t: string }[]) => WorkSheet | undefined,
  builtInFormats: Readonly<Record<number, string>>,
): PackageWorkbook | undefined {
  try {
    if (parts.workbookPart !== 'xl/workbook.xml') return undefined;
    const contentTypes = readContentTypes(partText(parts.contentTypes));
    const main = [...contentTypes.entries()].filter(([type]) => MAIN_TYPES.has(type));
    if (main.length !== 1 || main[0]![1] !== parts.workbookPart) return undefined;

    const sstPart = agreedPart(contentTypes, SHARED_STRINGS, parts.workbookRels, '/sharedStrings');
    const corePart = agreedPart(contentTypes, CORE_PROPERTIES, parts.packageRels, '/core-properties');
    const appPart = agreedPart(contentTypes, EXTENDED_PROPERTIES, parts.packageRels, '/extended-properties');
    const part = (name: string | undefined) => {
      if (name === undefined) return undefined;
      const bytes = parts.part(name);
      if (!bytes) throw OUTSIDE;
      return bytes;
    };

    const sheets: PackageWorkbook['Workbook']['Sheets'] = [];
    for (const tag of tagsOf(partText(parts.workbook))) {
      if (tag.name !== 'sheet' || tag.closing) continue;
      const [name, state, id] = attributesOf(tag, ['name', 'state', 'id']);
      const idAttribute = tag.attributes.find(([n]) => n.endsWith(':id'));
      if (name === undefined || id === undefined || !idAttribute || idAttribute[1] !== id) throw OUTSIDE;
      const hidden = state === 'hidden' ? 1 : state === 'veryHidden' ? 2 : 0;
      sheets.push({ name: decodeText(name, false), Hidden: hidden, id });
    }
    if (sheets.length === 0) return undefined;

    const strings = sstPart ? readSharedStrings(partText(part(sstPart)!)) : [];
    const formats = readCellFormats(parts.styles, builtInFormats);
    const byPart = new Map<string, WorkSheet>();
    const byName = new Map<string, WorkSheet>();
    for (const sheet of sheets) {
      const rel = parts.workbookRels.find((r) => r.id === sheet.id);
      if (!(rel?.type.endsWith('/worksheet') && rel.target.startsWith('xl/'))) return undefined;
      let worksheet = byPart.get(rel.target);
      if (!worksheet) {
        worksheet = readSheet(rel.target, formats, strings);
        if (!worksheet) return undefined;
        byPart.set(rel.target, worksheet);
      }
      byName.set(sheet.name, worksheet);
    }
    return {
      SheetNames: sheets.map((s) => s.name),
      Workbook: { Sheets: sheets },
      Props: readProperties(part(corePart), part(appPart)),
      sheets: byName,
    };
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}
