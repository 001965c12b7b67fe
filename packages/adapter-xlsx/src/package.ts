/**
 * Our own reading of an .xlsx package's workbook-level parts: the sheet list, the shared strings, the
 * number formats of the cell styles and the document properties. With worksheet.ts it reads a plain
 * workbook without SheetJS, whose parse of these small parts costs a fixed 0.3 ms per file, about as
 * much as the rest of the read.
 *
 * Like worksheet.ts it reads only what it reads as SheetJS 0.20.3 does, and returns undefined
 * otherwise (the caller then has SheetJS read the package): comments, CDATA or DOCTYPE in a part; tags
 * spelled otherwise than with spaces between attributes; a part SheetJS finds through
 * [Content_Types].xml (strings, properties, the workbook) that is not the one the relationships name; relationships SheetJS reads otherwise (prefixed, repeated ids, targets with
 * `.` or `..`); a sheet that is not a worksheet; rich shared strings of an unusual shape; number format
 * ids SheetJS moves; dates in the properties other than ISO 8601 UTC; anything on which SheetJS would
 * fail (an unknown workbook namespace, a defined name without name, odd HeadingPairs).
 * `worksheet.test.ts` compares both paths.
 */
import type { WorkSheet } from 'xlsx';
import { readTag, unescapeXml } from './sheetjs.js';
import { OUTSIDE, sheetJsKey } from './worksheet.js';

/** What the vetting found of the package, for {@link readPackage}. */
export interface PackageParts {
  contentTypes: Uint8Array;
  /** The workbook part's name in lower case, and its bytes as SheetJS would be handed them. */
  workbookPart: string;
  workbook: Uint8Array;
  /** The relationships of the workbook part and of the package, as they are. */
  workbookRels: Uint8Array | undefined;
  packageRels: Uint8Array | undefined;
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
/** The content types SheetJS files each kind of part under (its ct2type), for the kinds read here. */
const KINDS: Readonly<Record<string, string>> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': 'workbooks',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml': 'workbooks',
  'application/vnd.ms-excel.sheet.binary.macroEnabled.main': 'workbooks',
  'application/vnd.ms-excel.addin.macroEnabled.main+xml': 'workbooks',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml': 'workbooks',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml': 'strs',
  'application/vnd.ms-excel.sharedStrings': 'strs',
  'application/vnd.openxmlformats-package.core-properties+xml': 'coreprops',
  'application/vnd.openxmlformats-officedocument.extended-properties+xml': 'extprops',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml': 'metadata',
  'application/vnd.ms-excel.sheetMetadata': 'metadata',
  'application/vnd.ms-excel.person+xml': 'people',
};
/** The namespaces SheetJS accepts for the workbook part. */
const WORKBOOK_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://purl.oclc.org/ooxml/spreadsheetml/main',
  'http://schemas.microsoft.com/office/excel/2006/main',
  'http://schemas.microsoft.com/office/excel/2006/2',
]);
const WORKSHEET_TYPES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  'http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet',
]);
/** A target as Excel writes it: a relative or `/`-rooted path of plain names, no `.` or `..`. */
const PLAIN_TARGET = /^\/?(?!\.{1,2}(?:\/|$))[\w\-. ]+(?:\/(?!\.{1,2}(?:\/|$))[\w\-. ]+)*$/;

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
  prefix: string | undefined;
  closing: boolean;
  empty: boolean;
  attributes: [string, string][];
  start: number;
  end: number;
}

/** A start or empty tag: attributes after spaces, `name="value"` without space around `=`. */
const TAG = /<(?:(\w+):)?(\w+)((?: +[\w:.-]+=(?:"[^"<>]*"|'[^'<>]*'))*) *(\/?)>/y;
const CLOSING_TAG = /<\/(?:(\w+):)?(\w+)>/y;
const ATTRIBUTE = / +([\w:.-]+)=(?:"([^"]*)"|'([^']*)')/g;

/**
 * The tags of a part, strictly: anything from `<` to `>` that is not a tag of that shape is outside
 * (SheetJS ends a tag's name at a space or line break, a tab it reads otherwise).
 */
function* tagsOf(text: string): Generator<Tag> {
  let at = text.indexOf('<');
  if (text.startsWith('<?xml', at)) {
    const end = text.indexOf('?>', at);
    if (end < 0 || !isXmlSpace(text.slice(0, at))) throw OUTSIDE;
    at = text.indexOf('<', end + 2);
  }
  for (; at >= 0; at = text.indexOf('<', at)) {
    const closing = text.charCodeAt(at + 1) === 47;
    const pattern = closing ? CLOSING_TAG : TAG;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw OUTSIDE;
    const attributes: [string, string][] = [];
    if (!closing) for (const a of match[3]!.matchAll(ATTRIBUTE)) attributes.push([a[1]!, a[2] ?? a[3] ?? '']);
    yield {
      name: match[2]!,
      prefix: match[1],
      closing,
      empty: !closing && match[4] === '/',
      attributes,
      start: at,
      end: pattern.lastIndex,
    };
    at = pattern.lastIndex;
  }
}

/**
 * The namespace SheetJS reads off a root tag: the attribute it files as `xmlns` (or `xmlns` and the
 * prefix) after its own reading of the tag, where `xmlns_x` counts as `xmlns`, case is folded and the
 * last of several wins.
 */
function namespaceOf(text: string, tag: Tag): string | undefined {
  const { attributes } = readTag(text.slice(tag.start, tag.end));
  return attributes.get(tag.prefix ? `xmlns${tag.prefix}` : 'xmlns');
}

/** Whether `text` is XML white space only (SheetJS's `\s` over undecoded bytes sees no more). */
function isXmlSpace(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}

/**
 * The values of the `watched` attributes, by their exact names. An attribute SheetJS would file under
 * the key of a watched one but spelled otherwise (see {@link sheetJsKey}), or two under one key, is
 * outside.
 */
function attributesOf(tag: Tag, watched: readonly string[]): (string | undefined)[] {
  const values: (string | undefined)[] = new Array(watched.length).fill(undefined);
  const seen = new Set<string>();
  for (const [name, value] of tag.attributes) {
    const key = sheetJsKey(name);
    if (seen.has(key)) throw OUTSIDE;
    seen.add(key);
    const index = watched.indexOf(name);
    if (index >= 0) values[index] = value;
    else if (watched.some((w) => sheetJsKey(w) === key)) throw OUTSIDE;
  }
  return values;
}

/** Text as SheetJS decodes it (sheetjs.ts models its unescapexml); for cell text CR LF as LF. */
function decodeText(text: string, xlsx: boolean): string {
  const out = unescapeXml(text);
  return xlsx && out.includes('\r\n') ? out.replace(/\r\n/g, '\n') : out;
}

/** The parts [Content_Types].xml lists for each kind SheetJS looks parts up by, in its order. */
function readContentTypes(text: string): Map<string, string[]> {
  const kinds = new Map<string, string[]>();
  let namespace: string | undefined;
  for (const tag of tagsOf(text)) {
    if (tag.closing) continue;
    if (tag.name === 'Types') {
      // SheetJS refuses a package whose namespace it does not know; it reads the error.
      namespace = namespaceOf(text, tag);
    } else if (tag.name === 'Default') {
      // SheetJS fails on a Default without its extension.
      if (attributesOf(tag, ['Extension'])[0] === undefined) throw OUTSIDE;
    } else if (tag.name === 'Override') {
      const [part, type] = attributesOf(tag, ['PartName', 'ContentType']);
      if (part === undefined || type === undefined) throw OUTSIDE;
      const kind = Object.hasOwn(KINDS, type) ? KINDS[type]! : undefined;
      if (!kind) continue;
      if (!kinds.has(kind)) kinds.set(kind, []);
      kinds.get(kind)!.push(part.replace(/^\//, '').toLowerCase());
    }
  }
  if (namespace !== TYPES_NAMESPACE) throw OUTSIDE;
  return kinds;
}

interface Relationship {
  type: string;
  target: string;
}

/**
 * Relationships by id, read as SheetJS reads them: only unprefixed `Relationship` tags. Repeated ids
 * (SheetJS takes the last), targets with entities and external ones are outside.
 */
function readRelationships(bytes: Uint8Array | undefined): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  if (!bytes) return rels;
  for (const tag of tagsOf(partText(bytes))) {
    if (tag.closing || tag.name === 'Relationships') continue;
    if (tag.name !== 'Relationship' || tag.prefix !== undefined) throw OUTSIDE;
    const [id, type, target, mode] = attributesOf(tag, ['Id', 'Type', 'Target', 'TargetMode']);
    if (id === undefined || type === undefined || target === undefined || rels.has(id)) throw OUTSIDE;
    if (mode !== undefined || target.includes('&')) throw OUTSIDE;
    rels.set(id, { type, target });
  }
  return rels;
}

/** The part a plain target names from a folder (`xl` for the workbook's, `` for the package's). */
function partOf(target: string, folder: string): string {
  // SheetJS decodes `_xHHHH_` in targets, and strips a leading `/xl/` in lower case only.
  if (!PLAIN_TARGET.test(target) || /_x/i.test(target)) throw OUTSIDE;
  if (target.startsWith('/') && !target.startsWith(`/${folder}/`)) throw OUTSIDE;
  const path = target.startsWith('/') ? target.slice(1) : folder ? `${folder}/${target}` : target;
  return path.toLowerCase();
}

/**
 * The part SheetJS reads for a kind (the first [Content_Types].xml lists), when the relationships of
 * that type name the same one and only it; none when neither has one.
 */
function agreedPart(
  kinds: Map<string, string[]>,
  kind: string,
  rels: Map<string, Relationship>,
  relType: string,
  folder: string,
): string | undefined {
  const listed = kinds.get(kind)?.[0];
  const related = [...rels.values()].filter((rel) => rel.type.endsWith(relType));
  if (related.length > 1) throw OUTSIDE;
  const target = related[0] ? partOf(related[0].target, folder) : undefined;
  if (listed !== target) throw OUTSIDE;
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
  // Before the table, in it, after it.
  let where: 'before' | 'in' | 'after' = 'before';
  let between = 0;
  for (const tag of tagsOf(text)) {
    const { name } = tag;
    if (where === 'after') throw OUTSIDE;
    if (name === 'sst') {
      if (tag.empty || (where === 'before') === tag.closing) throw OUTSIDE;
      if (tag.closing && (item || !isXmlSpace(text.slice(between, tag.start)))) throw OUTSIDE;
      where = tag.closing ? 'after' : 'in';
      between = tag.end;
      continue;
    }
    if (where !== 'in') throw OUTSIDE;
    if (name === 'si') {
      // SheetJS splits the table at `<si>` and `</si>` written exactly so.
      if (tag.empty || tag.attributes.length > 0 || text[tag.end - 2] === ' ') throw OUTSIDE;
      if (!tag.closing) {
        if (item || !isXmlSpace(text.slice(between, tag.start))) throw OUTSIDE;
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
      between = tag.end;
      continue;
    }
    if (!item) throw OUTSIDE;
    const isFirst = first;
    first = false;
    // A text holds no markup: SheetJS would read a tag in it as text, or cut the text there.
    if (textStart >= 0 && !(name === 't' && tag.closing)) throw OUTSIDE;
    if (name === 't') {
      if (tag.empty || tag.closing !== textStart >= 0) throw OUTSIDE;
      if (!tag.closing) {
        if (isFirst) {
          // Plain only when nothing but white space comes before the text.
          if (!isXmlSpace(text.slice(itemStart, tag.start))) throw OUTSIDE;
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
    } else if (name !== 'rPr' && name !== 'phoneticPr' && !RUN_PROPERTIES.has(name)) {
      throw OUTSIDE;
    }
  }
  if (where !== 'after' || items.length === 0) throw OUTSIDE;
  // SheetJS splits the table at `</si>` and reads the white space after the last one as one more,
  // empty item.
  items.push({ t: '' });
  return items;
}

/** The elements of a run's properties (`<rPr>`), which hold no text. */
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
    } else if (inCellXfs && (tag.name === 'alignment' || tag.name === 'protection') && cellXf!.length === 0) {
      // SheetJS sets these on the format read last, and fails before the first.
      throw OUTSIDE;
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
function elementText(text: string, tag: string, markup = false): string | undefined {
  let at = text.indexOf(`<${tag}`);
  while (at >= 0 && !BOUNDARY.has(text.charAt(at + tag.length + 1))) at = text.indexOf(`<${tag}`, at + 1);
  if (at < 0) return undefined;
  const open = text.indexOf('>', at);
  // A self-closed element would have SheetJS look for the end of a later one.
  if (open < 0 || text[open - 1] === '/') throw OUTSIDE;
  const close = text.indexOf(`</${tag}>`, open);
  if (close < 0) throw OUTSIDE;
  const inner = text.slice(open + 1, close);
  if (!markup && inner.includes('<')) throw OUTSIDE;
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
/** HeadingPairs as Excel writes it: pairs of a name and a count. */
const HEADING_PAIRS =
  /^<vt:vector size="(\d+)" baseType="variant">((?:<vt:variant><vt:lpstr>[^<]*<\/vt:lpstr><\/vt:variant><vt:variant><vt:i4>\d+<\/vt:i4><\/vt:variant>)*)<\/vt:vector>$/;
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
    // SheetJS reads the sheet counts of HeadingPairs and fails on a vector of another shape.
    const pairs = elementText(appText, 'HeadingPairs', true);
    if (pairs !== undefined && elementText(appText, 'TitlesOfParts', true) !== undefined) {
      const match = HEADING_PAIRS.exec(pairs);
      if (!match || Number(match[1]) !== (match[2]!.match(/<vt:variant>/g) ?? []).length) throw OUTSIDE;
    }
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

/** Cell metadata SheetJS can read: every record names a metadata type the part defines. */
function checkMetadata(text: string): void {
  let types = 0;
  let records: 'cell' | 'value' | undefined;
  for (const tag of tagsOf(text)) {
    if (tag.name === 'metadataType' && !tag.closing) types++;
    else if (tag.name === 'cellMetadata' || tag.name === 'valueMetadata') {
      records = tag.closing || tag.empty ? undefined : tag.name === 'cellMetadata' ? 'cell' : 'value';
    } else if (tag.name === 'rc' && !tag.closing && records) {
      const [type] = attributesOf(tag, ['t']);
      if (type === undefined || !/^\d+$/.test(type) || Number(type) < 1 || Number(type) > types)
        throw OUTSIDE;
    }
  }
}

/**
 * The sheets of workbook.xml as SheetJS lists them. The workbook's namespace must be one SheetJS
 * knows and every defined name must have a name: SheetJS fails otherwise.
 */
function readSheetList(text: string): PackageWorkbook['Workbook']['Sheets'] {
  const sheets: PackageWorkbook['Workbook']['Sheets'] = [];
  let namespace: string | undefined;
  let workbooks = 0;
  for (const tag of tagsOf(text)) {
    if (tag.closing) continue;
    if (tag.name === 'workbook') {
      workbooks++;
      namespace = namespaceOf(text, tag);
    } else if (tag.name === 'definedName') {
      if (attributesOf(tag, ['name'])[0] === undefined) throw OUTSIDE;
    } else if (tag.name === 'sheet') {
      // SheetJS files `r:id` as `id`; another prefix is left to it.
      const [name, state, id] = attributesOf(tag, ['name', 'state', 'r:id']);
      if (name === undefined || id === undefined) throw OUTSIDE;
      const hidden = state === 'hidden' ? 1 : state === 'veryHidden' ? 2 : 0;
      sheets.push({ name: decodeText(name, false), Hidden: hidden, id });
    }
  }
  if (workbooks !== 1 || namespace === undefined || !WORKBOOK_NAMESPACES.has(namespace)) throw OUTSIDE;
  return sheets;
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
    const kinds = readContentTypes(partText(parts.contentTypes));
    if (kinds.get('workbooks')?.[0] !== parts.workbookPart) return undefined;
    const workbookRels = readRelationships(parts.workbookRels);
    const packageRels = readRelationships(parts.packageRels);
    const sstPart = agreedPart(kinds, 'strs', workbookRels, '/sharedStrings', 'xl');
    const corePart = agreedPart(kinds, 'coreprops', packageRels, '/core-properties', '');
    const appPart = agreedPart(kinds, 'extprops', packageRels, '/extended-properties', '');
    const part = (name: string | undefined) => {
      if (name === undefined) return undefined;
      const bytes = parts.part(name);
      if (!bytes) throw OUTSIDE;
      return bytes;
    };
    // SheetJS reads the first cell metadata and persons parts the content types list, and fails when
    // it is not there or, for metadata, names a type it does not define.
    const metadata = kinds.get('metadata')?.[0];
    if (metadata !== undefined) checkMetadata(partText(part(metadata)!));
    const people = kinds.get('people')?.[0];
    if (people !== undefined) partText(part(people)!);

    const sheets = readSheetList(partText(parts.workbook));
    if (sheets.length === 0) return undefined;

    const strings = sstPart ? readSharedStrings(partText(part(sstPart)!)) : [];
    const formats = readCellFormats(parts.styles, builtInFormats);
    const byPart = new Map<string, WorkSheet>();
    const byName = new Map<string, WorkSheet>();
    for (const sheet of sheets) {
      const rel = workbookRels.get(sheet.id);
      if (!rel || !WORKSHEET_TYPES.has(rel.type)) return undefined;
      // SheetJS reads `xl/` and the target without a leading `/xl/`.
      const target = partOf(rel.target, 'xl');
      if (!target.startsWith('xl/') || target.indexOf('xl/', 3) >= 0) return undefined;
      let worksheet = byPart.get(target);
      if (!worksheet) {
        worksheet = readSheet(target, formats, strings);
        if (!worksheet) return undefined;
        byPart.set(target, worksheet);
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
