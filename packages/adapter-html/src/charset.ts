/** How far into the file a declaration is looked for: portal templates can open with long scripts. */
const PRESCAN_BYTES = 16 * 1024;

const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const META = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i;
const XML_DECLARATION = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']/i;

/**
 * The charset the page declares (`<meta charset>`, `<meta http-equiv="Content-Type" content="…;
 * charset=…">`, or an XML declaration), read from the first bytes as latin1 so that it works before the
 * encoding is known. The declaration is only a hint: the decoder trusts it when the bytes agree.
 */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.byteLength, PRESCAN_BYTES),
  ).toString('latin1');
  const xml = XML_DECLARATION.exec(head);
  if (xml) return xml[1];
  // A commented-out meta tag (old templates keep them) declares nothing.
  const meta = META.exec(head.replace(COMMENT, ''));
  return meta ? meta[1] : undefined;
}
