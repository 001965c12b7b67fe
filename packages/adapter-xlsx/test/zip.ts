/**
 * A minimal zip writer for crafting packages by hand in tests, including ones that lie: every size and
 * offset the container states can be overridden per entry.
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: string | Uint8Array;
  /** Deflate (default) or store. */
  method?: 0 | 8;
  level?: number;
  /** Claim this uncompressed size in both headers instead of the true one. */
  declaredSize?: number;
  /** Claim this compressed size in the central directory instead of the true one. */
  declaredCompressedSize?: number;
  /** Claim this uncompressed size in the local header only. */
  localDeclaredSize?: number;
  /** Write these bytes as the entry's deflate stream, as they are. */
  deflated?: Uint8Array;
}

const encoder = new TextEncoder();

export function zip(inputs: readonly ZipInput[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const input of inputs) {
    const name = encoder.encode(input.name);
    const raw = typeof input.data === 'string' ? encoder.encode(input.data) : input.data;
    const method = input.method ?? 8;
    const data = input.deflated ?? (method === 8 ? deflateRawSync(raw, { level: input.level ?? 6 }) : raw);
    const usize = input.declaredSize ?? raw.length;
    const csize = input.declaredCompressedSize ?? data.length;

    const local = new Uint8Array(30 + name.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true);
    lv.setUint16(8, method, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, (input.localDeclaredSize ?? usize) >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(data, 30 + name.length);

    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint32(20, csize >>> 0, true);
    cv.setUint32(24, usize >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);

    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, inputs.length, true);
  ev.setUint16(10, inputs.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const CT_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
const CT_SHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_SST = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface HandSheet {
  name: string;
  /** The worksheet XML, or just its `<sheetData>` content. */
  xml: string;
  state?: 'hidden' | 'veryHidden';
  relId?: string;
}

export interface HandWorkbook {
  sheets: HandSheet[];
  sharedStrings?: string;
  definedNames?: string;
  core?: string;
  custom?: string;
  extra?: ZipInput[];
  mainContentType?: string;
}

/** The parts of a minimal SpreadsheetML package, written out as given. */
export function handWorkbookParts(book: HandWorkbook): ZipInput[] {
  const sheets = book.sheets.map((sheet, i) => ({
    ...sheet,
    relId: sheet.relId ?? `rId${i + 1}`,
    path: `worksheets/sheet${i + 1}.xml`,
  }));
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${book.mainContentType ?? CT_MAIN}"/>`,
    ...sheets.map((s) => `<Override PartName="/xl/${s.path}" ContentType="${CT_SHEET}"/>`),
    book.sharedStrings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT_SST}"/>` : '',
    book.core
      ? '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
      : '',
    book.custom
      ? '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
      : '',
  ].join('');
  const parts: ZipInput[] = [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>${book.core ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' : ''}${book.custom ? `<Relationship Id="rId3" Type="${REL}/custom-properties" Target="docProps/custom.xml"/>` : ''}</Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${NS_R}"><sheets>${sheets
        .map(
          (s, i) =>
            `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="${xmlEscape(s.relId)}"/>`,
        )
        .join('')}</sheets>${book.definedNames ?? ''}</workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((s) => `<Relationship Id="${xmlEscape(s.relId)}" Type="${REL}/worksheet" Target="${s.path}"/>`)
        .join(
          '',
        )}${book.sharedStrings ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    },
    ...sheets.map((s) => ({
      name: `xl/${s.path}`,
      data: /<(?:\w+:)?worksheet\b/.test(s.xml)
        ? s.xml
        : `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}" xmlns:r="${NS_R}"><sheetData>${s.xml}</sheetData></worksheet>`,
    })),
  ];
  if (book.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', data: book.sharedStrings });
  if (book.core) parts.push({ name: 'docProps/core.xml', data: book.core });
  if (book.custom) parts.push({ name: 'docProps/custom.xml', data: book.custom });
  return [...parts, ...(book.extra ?? [])];
}

export function handWorkbook(book: HandWorkbook): Uint8Array {
  return zip(handWorkbookParts(book));
}

/** A hand-written workbook with `styles` as its styles part, listed where Excel lists it. */
export function styledParts(book: HandWorkbook, styles: string): ZipInput[] {
  const parts = handWorkbookParts(book);
  const append = (name: string, before: string, text: string) => {
    const part = parts.find((p) => p.name === name)!;
    const data = String(part.data);
    if (!data.includes(before)) throw new Error(`${name} has no ${before}`);
    part.data = data.replace(before, `${text}${before}`);
  };
  append(
    '[Content_Types].xml',
    '</Types>',
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
  );
  append(
    'xl/_rels/workbook.xml.rels',
    '</Relationships>',
    `<Relationship Id="rIdY" Type="${REL}/styles" Target="styles.xml"/>`,
  );
  parts.push({ name: 'xl/styles.xml', data: styles });
  return parts;
}
