import { isOle2 } from './biff.js';
import { isZip } from './zip.js';

const latin1 = new TextDecoder('latin1');
const utf16 = (text: string) => text.split('').join('\u0000');

/**
 * How sure we are that `head` starts a workbook we read. Only the bytes decide whether it is ours at
 * all; the file name only nudges a container whose head does not name its contents.
 */
export function sniffXlsx(head: Uint8Array, hint?: { fileName?: string }): number {
  const extension = /\.([a-z0-9]+)$/i.exec(hint?.fileName ?? '')?.[1]?.toLowerCase();
  if (isZip(head)) {
    // Local headers carry the part names in clear; Excel writes [Content_Types].xml and xl/ first.
    const text = latin1.decode(head);
    if (/(^|[\x00-\x1f])(word|ppt)\//.test(text) || text.includes('mimetypeapplication/vnd.oasis')) return 0;
    if (text.includes('xl/workbook.bin')) return 0.1;
    if (text.includes('xl/')) return 0.95;
    if (text.includes('[Content_Types].xml')) return extension === 'xlsx' || extension === 'xlsm' ? 0.8 : 0.5;
    return extension === 'xlsx' || extension === 'xlsm' ? 0.5 : 0.2;
  }
  if (isOle2(head)) {
    // The directory (with its UTF-16 stream names) is often, not always, in the first sectors.
    const text = latin1.decode(head);
    if (text.includes(utf16('Workbook')) || text.includes(utf16('Book\u0000'))) return 0.95;
    if (text.includes(utf16('WordDocument')) || text.includes(utf16('PowerPoint'))) return 0;
    return extension === 'xls' ? 0.8 : 0.5;
  }
  return 0;
}
