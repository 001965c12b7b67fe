/** How far into the file a declaration is looked for: portal templates can open with long scripts. */
const PRESCAN_BYTES = 16 * 1024;

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
  return metaCharset(withoutComments(head));
}

/** The text without its `<!-- … -->` comments (an unclosed one runs to the end). */
export function withoutComments(text: string): string {
  let open = text.indexOf('<!--');
  if (open < 0) return text;
  let out = '';
  let kept = 0;
  while (open >= 0) {
    out += text.slice(kept, open);
    const close = text.indexOf('-->', open + 4);
    if (close < 0) return out;
    kept = close + 3;
    open = text.indexOf('<!--', kept);
  }
  return out + text.slice(kept);
}

const isSpace = (code: number) => code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0;
const isWordChar = (code: number) =>
  (code >= 0x30 && code <= 0x39) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x61 && code <= 0x7a) ||
  code === 0x5f;
const isCharsetChar = (code: number) => isWordChar(code) || code === 0x2e || code === 0x3a || code === 0x2d;

/**
 * The first `charset=<name>` inside a `<meta>` tag: `<meta` opens a tag, `>` closes it, and each
 * `charset` met inside one is tried once. The scan jumps from one `<meta`, `>` and `charset` to the next
 * with `indexOf`, never going back, so it is linear. (A regular expression for the same thing
 * backtracks over every `<meta` and run of spaces it meets: cubic on a hostile page head.)
 */
function metaCharset(head: string): string | undefined {
  const lower = head.toLowerCase();
  let charset = lower.indexOf('charset');
  for (let open = lower.indexOf('<meta'); open >= 0 && charset >= 0; ) {
    if (isWordChar(lower.charCodeAt(open + 5))) {
      open = lower.indexOf('<meta', open + 1);
      continue;
    }
    const from = open + 5;
    let close = lower.indexOf('>', from);
    if (close < 0) close = lower.length;
    if (charset < from) charset = lower.indexOf('charset', from);
    for (; charset >= 0 && charset < close; charset = lower.indexOf('charset', charset + 1)) {
      const name = charsetAt(head, lower, charset);
      if (name !== undefined) return name;
    }
    open = lower.indexOf('<meta', close);
  }
  return undefined;
}

/** The name in `charset = "name"` starting at `at`, if it is one (and not part of a longer word). */
function charsetAt(head: string, lower: string, at: number): string | undefined {
  if (isWordChar(lower.charCodeAt(at - 1))) return undefined;
  let j = at + 7;
  while (isSpace(lower.charCodeAt(j))) j++;
  if (lower.charCodeAt(j) !== 0x3d) return undefined;
  j++;
  while (isSpace(lower.charCodeAt(j))) j++;
  if (lower.charCodeAt(j) === 0x22 || lower.charCodeAt(j) === 0x27) j++;
  while (isSpace(lower.charCodeAt(j))) j++;
  let end = j;
  while (end < lower.length && isCharsetChar(lower.charCodeAt(end))) end++;
  return end > j ? head.slice(j, end) : undefined;
}
