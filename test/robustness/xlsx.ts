/**
 * Workbooks written from scratch (no SheetJS): a zip writer and the few SpreadsheetML parts a workbook
 * needs, so that tests control every byte — sheet names such as `__proto__`, merged ranges, properties,
 * and documents of the corpus turned into the sheets an agency would submit.
 */
import { deflateRawSync } from 'node:zlib';
import type { SourceDocument } from '@xxgk/core';

export interface ZipFile {
  name: string;
  data: string | Uint8Array;
  /** 8 deflate (default), 0 store. */
  method?: 0 | 8;
  /** Write this deflate stream as the entry's data instead of deflating `data`. */
  deflated?: Uint8Array;
  /** Claim this uncompressed size in both headers instead of the true one (a lying zip). */
  declaredSize?: number;
}

const encoder = new TextEncoder();

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function zip(files: readonly ZipFile[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = encoder.encode(file.name);
    const raw = typeof file.data === 'string' ? encoder.encode(file.data) : file.data;
    const method = file.method ?? 8;
    const data = file.deflated ?? (method === 8 ? deflateRawSync(raw) : raw);
    const crc = crc32(raw);
    const size = file.declaredSize ?? raw.length;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, size >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const entry = new Uint8Array(46 + name.length);
    const cv = new DataView(entry.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, size >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    entry.set(name, 46);
    chunks.push(local, data);
    central.push(entry);
    offset += local.length + data.length;
  }
  const directorySize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + 22);
  let at = 0;
  for (const chunk of [...chunks, ...central, end]) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Text as XML character data: markup escaped, characters XML 1.0 forbids dropped. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udfff]/g, (ch, at: number, all: string) => {
      const code = ch.charCodeAt(0);
      const next = all.charCodeAt(at + 1);
      const previous = all.charCodeAt(at - 1);
      const paired =
        (code < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) ||
        (code >= 0xdc00 && previous >= 0xd800 && previous < 0xdc00);
      return paired ? ch : '';
    })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function columnName(c: number): string {
  let out = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

export const cellRef = (r: number, c: number): string => `${columnName(c)}${r + 1}`;

export type CellValue = string | number | null;

export interface SheetSpec {
  name: string;
  rows: CellValue[][];
  /** `A1:C3` ranges. */
  merges?: string[];
  hidden?: boolean;
  /** XML put inside `<worksheet>` after `<sheetData>` and the merges, as it is. */
  extraXml?: string;
  /** A `<dimension ref>` to declare, true or not. */
  dimension?: string;
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  /** Shared strings (as Excel writes) instead of inline strings. */
  sharedStrings?: boolean;
  title?: string;
  author?: string;
  /** Zip entries added as they are (comments, images, anything). */
  extraFiles?: ZipFile[];
  /** Leave out the styles part every real workbook has (default: include it). */
  noStyles?: boolean;
}

const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function workbook(spec: WorkbookSpec): Uint8Array {
  return zip(workbookFiles(spec));
}

/** The parts of a workbook, before they are zipped. */
export function workbookFiles(spec: WorkbookSpec): ZipFile[] {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const sheetXml = spec.sheets.map((sheet) => {
    const rows = sheet.rows
      .map((row, r) => {
        const cells = row
          .map((value, c) => {
            const ref = cellRef(r, c);
            if (value === null) return '';
            if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
            if (!spec.sharedStrings)
              return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
            let index = stringIndex.get(value);
            if (index === undefined) {
              index = strings.length;
              strings.push(value);
              stringIndex.set(value, index);
            }
            return `<c r="${ref}" t="s"><v>${index}</v></c>`;
          })
          .join('');
        return `<row r="${r + 1}">${cells}</row>`;
      })
      .join('');
    const merges = sheet.merges?.length
      ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
      : '';
    const dimension = sheet.dimension ? `<dimension ref="${sheet.dimension}"/>` : '';
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}">${dimension}<sheetData>${rows}</sheetData>${merges}${sheet.extraXml ?? ''}</worksheet>`;
  });
  const sheetEntries = spec.sheets
    .map(
      (sheet, i) =>
        `<sheet name="${xmlText(sheet.name)}" sheetId="${i + 1}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  const files: ZipFile[] = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        spec.sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        (spec.sharedStrings
          ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          : '') +
        (spec.noStyles
          ? ''
          : '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>') +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '</Relationships>',
    },
    {
      name: 'docProps/core.xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
        `<dc:title>${xmlText(spec.title ?? '')}</dc:title><dc:creator>${xmlText(spec.author ?? '')}</dc:creator></cp:coreProperties>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheetEntries}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        spec.sheets
          .map(
            (_, i) =>
              `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join('') +
        (spec.sharedStrings
          ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`
          : '') +
        (spec.noStyles ? '' : `<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>`) +
        '</Relationships>',
    },
    ...sheetXml.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data })),
  ];
  if (spec.sharedStrings) {
    files.push({
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${xmlText(s)}</t></si>`).join('')}</sst>`,
    });
  }
  if (!spec.noStyles) files.push({ name: 'xl/styles.xml', data: STYLES });
  files.push(...(spec.extraFiles ?? []));
  return files;
}

/**
 * A document as an agency's workbook: one sheet, each paragraph a row of one cell, each table its rows
 * with merged ranges for its spans, a blank row between blocks.
 */
export function documentSheet(document: SourceDocument, name = '年报'): SheetSpec {
  const rows: CellValue[][] = [];
  const merges: string[] = [];
  for (const block of document.blocks) {
    if (block.type !== 'table') {
      rows.push([block.text]);
      rows.push([]);
      continue;
    }
    const top = rows.length;
    block.rows.forEach((row, r) => {
      rows.push(row.map((cell) => (cell.spanOf ? null : cell.text)));
      row.forEach((cell, c) => {
        if (cell.spanOf || (cell.rowSpan === 1 && cell.colSpan === 1)) return;
        merges.push(`${cellRef(top + r, c)}:${cellRef(top + r + cell.rowSpan - 1, c + cell.colSpan - 1)}`);
      });
    });
    rows.push([]);
  }
  return { name, rows, merges };
}
