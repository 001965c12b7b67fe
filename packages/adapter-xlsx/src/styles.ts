/**
 * The styles part SheetJS is handed. With `cellStyles` on (needed for hidden rows and columns, number
 * formats and empty formatted cells), SheetJS looks up the fill of every cell's format. When the
 * workbook has no styles part, or the part has no fills, or a format names a fill that is missing, the
 * lookup throws a TypeError that SheetJS catches, once per cell, at about 40 µs each: such a workbook
 * read about ten times slower than one with Excel's styles (7–15 s per MB).
 *
 * A fill never changes a cell's text, so SheetJS is always given one plain fill that every cell format
 * names; number formats (percent, dates) and everything else in the part stay as they are. A workbook
 * without a styles part gets Excel's default one, which reads exactly as no styles at all.
 */
import { AdapterError } from '@xxgk/core/engine';
import {
  binaryBytes,
  binaryText,
  findElement,
  readTag,
  removeComments,
  removeDoctype,
  setAttribute,
  tags,
} from './sheetjs.js';

export const STYLES_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';

/** Excel's styles part of a new workbook: Calibri 11, no fill, no border, the General format. */
export const DEFAULT_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Put first, so that it is the fills element SheetJS reads: one fill without colours. */
const PLAIN_FILLS = '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>';

const XF_TAGS = new Set(['<xf', '<xf/>', '<xf>']);

/**
 * Whether SheetJS, reading `text` as a styles part, gets the plain fill and only formats that name it.
 * `text` holds no comment or DOCTYPE, so SheetJS reads it as it is.
 */
function fillsAreSafe(text: string): boolean {
  const fills = findElement(text, 'fills');
  if (fills?.start !== 0 || fills.end !== PLAIN_FILLS.length) return false;
  const formats = findElement(text, 'cellXfs');
  if (!formats) return true;
  // SheetJS reads the formats from the tags of the element's text alone.
  for (const tag of tags(text.slice(formats.start, formats.end))) {
    const { name, attributes } = readTag(tag.text);
    if (!XF_TAGS.has(name)) continue;
    const fill = attributes.get('fillId');
    if (fill !== undefined && fill !== '0') return false;
  }
  return true;
}

/**
 * The styles part for SheetJS, from the workbook's own (`undefined` when it has none). Throws `corrupt`
 * when the part is so malformed that the change cannot be made safely.
 */
export function stylesForSheetJs(part: Uint8Array | undefined): Uint8Array {
  if (part === undefined) return binaryBytes(DEFAULT_STYLES);
  // What SheetJS parses: the part without comments and DOCTYPE. A second pass of its own would find
  // nothing left to remove, so it reads exactly the text below.
  let text = removeDoctype(removeComments(binaryText(part)))
    .replaceAll('<!--', '&lt;!--')
    .replaceAll('<!DOCTYPE', '&lt;!DOCTYPE');
  const formats = findElement(text, 'cellXfs');
  if (formats) {
    // Every cell format names fill 0. The start tag stays as it is: where SheetJS sees the element end
    // depends on it.
    const element = text.slice(formats.start, formats.end);
    let inner = '';
    let at = 0;
    for (const tag of tags(element)) {
      if (tag.start === 0) continue;
      inner += element.slice(at, tag.start) + setAttribute(tag.text, 'fillId', '0');
      at = tag.end;
    }
    text = text.slice(0, formats.start) + inner + element.slice(at) + text.slice(formats.end);
  }
  text = PLAIN_FILLS + text;
  if (!fillsAreSafe(text)) {
    throw new AdapterError('corrupt', 'the workbook styles part is malformed beyond reading');
  }
  return binaryBytes(text);
}
