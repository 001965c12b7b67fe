import { ADAPTER_SPECIFICATION_VERSION, type Adapter } from '@xxgk/core/engine';
import { readHtml } from './read.js';

const HTML_EXTENSIONS = ['html', 'htm', 'shtml', 'jhtml', 'xhtml'];

/** What may come before the first element: whitespace, an XML declaration, comments. */
const PREAMBLE = /^(?:\s+|<\?xml[^>]*>|<!--[\s\S]*?-->)+/;
const DOCUMENT_START = /^<(?:!doctype\s+html|html)[\s>]/;
const SECTION_START = /^<(?:head|body)[\s>]/;
const ELEMENT_START =
  /^<(?:table|meta|title|div|p|span|br|h[1-6]|center|font|style|script|link|section|article|ul|ol|pre|strong|b)[\s/>]/;
const MARKUP_ANYWHERE = /<(?:!doctype\s+html|html|body|table)[\s>]/;

/** The first bytes as text: UTF-16 by its BOM, anything else as latin1 (markup is ASCII in both). */
function headText(head: Uint8Array): string {
  const bytes = head.subarray(0, 4096);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('latin1');
}

/** How sure the first bytes are HTML: markup at the very start, or at least somewhere near it. */
export function sniffHtml(head: Uint8Array, hint?: { fileName?: string }): number {
  if (head.byteLength === 0) return 0;
  const text = headText(head).toLowerCase();
  const start = text.replace(PREAMBLE, '');
  if (DOCUMENT_START.test(start)) return 0.95;
  if (SECTION_START.test(start)) return 0.9;
  if (ELEMENT_START.test(start)) return 0.8;
  if (MARKUP_ANYWHERE.test(text)) {
    const ext = hint?.fileName?.split('.').pop()?.toLowerCase();
    return ext && HTML_EXTENSIONS.includes(ext) ? 0.5 : 0.4;
  }
  return 0;
}

export const htmlAdapter: Adapter = {
  specificationVersion: ADAPTER_SPECIFICATION_VERSION,
  name: 'html',
  extensions: HTML_EXTENSIONS,
  mediaTypes: ['text/html', 'application/xhtml+xml'],
  sniff(head, hint) {
    try {
      return sniffHtml(head, hint);
    } catch {
      return 0;
    }
  },
  read: readHtml,
};
