/** How far into the file a declaration is looked for: portal templates can open with long scripts. */
const PRESCAN_BYTES = 16 * 1024;

const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
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
  return metaCharset(head.replace(COMMENT, ''));
}

const isSpace = (code: number) => code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0;
const isWordChar = (code: number) =>
  (code >= 0x30 && code <= 0x39) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x61 && code <= 0x7a) ||
  code === 0x5f;
const isCharsetChar = (code: number) => isWordChar(code) || code === 0x2e || code === 0x3a || code === 0x2d;

/**
 * The first `charset=<name>` inside a `<meta>` tag, in one pass: `<meta` opens a tag, `>` closes it, and
 * each `charset` met inside one is tried once. (A regular expression for the same thing backtracks over
 * every `<meta` and run of spaces it meets: cubic on a hostile page head.)
 */
function metaCharset(head: string): string | undefined {
  const lower = head.toLowerCase();
  let inMeta = false;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code === 0x3e) inMeta = false;
    else if (code === 0x3c && lower.startsWith('meta', i + 1) && !isWordChar(lower.charCodeAt(i + 5))) {
      inMeta = true;
      i += 4;
    } else if (
      inMeta &&
      code === 0x63 &&
      lower.startsWith('charset', i) &&
      !isWordChar(lower.charCodeAt(i - 1))
    ) {
      let j = i + 7;
      while (isSpace(lower.charCodeAt(j))) j++;
      if (lower.charCodeAt(j) !== 0x3d) continue;
      j++;
      while (isSpace(lower.charCodeAt(j))) j++;
      if (lower.charCodeAt(j) === 0x22 || lower.charCodeAt(j) === 0x27) j++;
      while (isSpace(lower.charCodeAt(j))) j++;
      let end = j;
      while (end < lower.length && isCharsetChar(lower.charCodeAt(end))) end++;
      if (end > j) return head.slice(j, end);
      i = j - 1;
    }
  }
  return undefined;
}
