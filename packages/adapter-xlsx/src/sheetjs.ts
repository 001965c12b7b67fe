/**
 * A model of how SheetJS 0.20.3 reads the XML of a package, as far as the vetting depends on it: which
 * text it parses, which stretches of that text it takes for tags, how it reads a tag's name and
 * attributes, which comments and DOCTYPE it drops, where it finds an element, how it decodes entities,
 * how it looks a part up by name. The vetting changes a few parts before SheetJS reads them (the styles,
 * repeated sheet entries); the model lets it see those parts as SheetJS will, and check the change.
 *
 * SheetJS reads XML with regular expressions rather than an XML parser, so it agrees with XML only on
 * well-formed input; on anything else the model follows SheetJS, not XML. The code here is our own,
 * written from a description of that behaviour; sheetjs.test.ts checks it against SheetJS itself,
 * through its public `read`, on inputs made to sit on each quirk.
 */
import { latin1 } from './zip.js';

/**
 * The text SheetJS parses from a part's bytes (as it reads a zip in Node): one character per byte, so
 * UTF-8 stays undecoded, except for two byte patterns it takes for UTF-16 and turns into UTF-8 first.
 * Bytes starting FF FE are read as UTF-16LE from the third byte. Bytes whose second and third bytes are
 * FE FF are read as UTF-16BE from the third byte, the FF included: a part that starts with a proper
 * big-endian mark (FE FF) is not decoded at all. An odd last byte is dropped, and an unpaired surrogate
 * becomes U+FFFD.
 */
export function binaryText(bytes: Uint8Array): string {
  let bigEndian: boolean;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) bigEndian = false;
  else if (bytes[1] === 0xfe && bytes[2] === 0xff) bigEndian = true;
  else return latin1(bytes);
  const pairs = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
  if (bigEndian) pairs.swap16();
  return latin1(Buffer.from(pairs.toString('utf16le'), 'utf8'));
}

/** The bytes of a text of one character per byte (the inverse of {@link binaryText} on such text). */
export function binaryBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

// Character classes. "Space" is what a JavaScript regular expression calls white space (`\s`); a "word"
// character is an ASCII letter, digit or underscore (`\w`).

function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export const LT = 60;
export const GT = 62;
export const SLASH = 47;
const QUESTION = 63;
export const EQUALS = 61;
const DOUBLE = 34;
const SINGLE = 39;
export const COLON = 58;

/** A character of a tag's name: a word character, `:` or `-`. */
function isNameChar(c: number): boolean {
  return isWord(c) || c === COLON || c === 45;
}

/** A character of an attribute's name in a tag: anything but space, a double quote, `<`, `>`, `/`, `?`. */
function isTagAttributeNameChar(c: number): boolean {
  return !isSpace(c) && c !== DOUBLE && c !== LT && c !== GT && c !== SLASH && c !== QUESTION;
}

/** A character of an unquoted value in a tag: anything but space, either quote, `<`, `>`, `=`. */
function isTagBareValueChar(c: number): boolean {
  return !isSpace(c) && c !== DOUBLE && c !== SINGLE && c !== LT && c !== GT && c !== EQUALS;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/**
 * Where a value starting at `at` may end: after its closing quote when quoted, else after any of the
 * characters of its bare run (longest first); none when a quote is not closed or there is no value.
 */
function valueEnds(text: string, at: number, bare: (c: number) => boolean, longestOnly: boolean): number[] {
  const c = text.charCodeAt(at);
  if (c === DOUBLE || c === SINGLE) {
    const close = text.indexOf(c === DOUBLE ? '"' : "'", at + 1);
    return close < 0 ? [] : [close + 1];
  }
  let end = at;
  while (end < text.length && bare(text.charCodeAt(end))) end++;
  if (end === at) return [];
  if (longestOnly) return [end];
  const out: number[] = [];
  for (let e = end; e > at; e--) out.push(e);
  return out;
}

/**
 * Where an `name = value` pair starting at `at` may end, in the order SheetJS's tag expression tries
 * them: the name is a run of name characters that may itself hold `=` and `'`, so every split of the
 * run at an `=` is a candidate, the longest name first; within each, the longest bare value first.
 */
function pairEnds(
  text: string,
  at: number,
  nameChar: (c: number) => boolean,
  bare: (c: number) => boolean,
  longestValueOnly: boolean,
): number[] {
  let run = at;
  while (run < text.length && nameChar(text.charCodeAt(run))) run++;
  const out: number[] = [];
  for (let nameEnd = run; nameEnd > at; nameEnd--) {
    const eq = skipSpace(text, nameEnd);
    if (text.charCodeAt(eq) !== EQUALS) continue;
    out.push(...valueEnds(text, skipSpace(text, eq + 1), bare, longestValueOnly));
  }
  return out;
}

/** Where a tag's closing (`>`, `/>` or `?>`, after any space) that starts at `at` ends; -1 if none. */
function closingEnd(text: string, at: number): number {
  const c = skipSpace(text, at);
  const first = text.charCodeAt(c);
  if (first === GT) return c + 1;
  if ((first === SLASH || first === QUESTION) && text.charCodeAt(c + 1) === GT) return c + 2;
  return -1;
}

/**
 * Where the tag SheetJS sees at `lt` (a `<`) ends, or -1 when it sees none there. Its tag is `<`, an
 * optional `/` or `?`, a name of letters, digits, `_`, `:`, `-`, then any number of space-separated
 * `name = value` pairs (value double-quoted, single-quoted, or bare), optional space, an optional `/`
 * or `?`, and `>`. Because an attribute name may contain `=` and `'`, a run of text can split into
 * pairs in several ways, and where the tag ends depends on which SheetJS settles on: it prefers more
 * pairs to fewer and, within a pair, the longest name, then the longest bare value. This walks the
 * splits in that order, depth first, remembering where the rest of a tag cannot be matched.
 */
export function tagEnd(text: string, lt: number): number {
  let at = lt + 1;
  const mark = text.charCodeAt(at);
  if (mark === SLASH || mark === QUESTION) at++;
  const nameStart = at;
  while (at < text.length && isNameChar(text.charCodeAt(at))) at++;
  if (at === nameStart) return -1;

  // Each frame: a position where the pairs may go on, and the ends of the next pair still to try.
  const pairsFrom = (p: number): number[] => {
    if (!isSpace(text.charCodeAt(p))) return [];
    return pairEnds(text, skipSpace(text, p), isTagAttributeNameChar, isTagBareValueChar, false);
  };
  const stack: { at: number; next: number[]; tried: number }[] = [{ at, next: pairsFrom(at), tried: 0 }];
  let dead: Set<number> | undefined;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.tried < frame.next.length) {
      const p = frame.next[frame.tried++]!;
      if (!dead?.has(p)) stack.push({ at: p, next: pairsFrom(p), tried: 0 });
      continue;
    }
    const end = closingEnd(text, frame.at);
    if (end >= 0) return end;
    dead ??= new Set();
    dead.add(frame.at);
    stack.pop();
  }
  return -1;
}

export interface TagSpan {
  start: number;
  end: number;
  text: string;
}

/**
 * The tags SheetJS finds in `text`, in order: from the start, each `<` where a tag is seen (see
 * {@link tagEnd}) gives one, and the search goes on after it; a `<` where none is seen is passed by.
 */
export function* tags(text: string): Generator<TagSpan> {
  let from = 0;
  for (;;) {
    const lt = text.indexOf('<', from);
    if (lt < 0) return;
    const end = tagEnd(text, lt);
    if (end < 0) {
      from = lt + 1;
      continue;
    }
    yield { start: lt, end, text: text.slice(lt, end) };
    from = end;
  }
}

/** A character of an attribute's name as SheetJS reads attributes: as in a tag, but `<` is allowed. */
function isAttributeNameChar(c: number): boolean {
  return c === LT || isTagAttributeNameChar(c);
}

/** A character of an unquoted value as SheetJS reads attributes: not space, a quote or `>`. */
function isBareValueChar(c: number): boolean {
  return !isSpace(c) && c !== DOUBLE && c !== SINGLE && c !== GT;
}

/**
 * The stretches of a tag SheetJS reads as attributes: from the start, a space character followed by a
 * `name = value` pair (with the splitting preferences of {@link tagEnd}, but slightly different
 * characters allowed), each search going on after the last stretch found.
 */
function attributeSpans(tag: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let at = 0;
  while (at < tag.length) {
    if (isSpace(tag.charCodeAt(at))) {
      const ends = pairEnds(tag, at + 1, isAttributeNameChar, isBareValueChar, true);
      if (ends.length > 0) {
        out.push({ start: at, end: ends[0]! });
        at = ends[0]!;
        continue;
      }
    }
    at++;
  }
  return out;
}

/**
 * The key SheetJS files an attribute under, from the attribute's name (the stretch's text up to its
 * first `=`, trimmed): a prefixed name loses its prefix, except that `xmlns:x` becomes `xmlnsx`; an
 * unprefixed name is cut at its first `_` after the first character (`fillId_x` is `fillId`).
 */
function attributeKey(name: string): string {
  const colon = name.indexOf(':');
  if (colon >= 0) return (colon === 5 && name.startsWith('xmlns') ? 'xmlns' : '') + name.slice(colon + 1);
  const underscore = name.indexOf('_');
  return underscore > 0 ? name.slice(0, underscore) : name;
}

/** A stretch read as an attribute: its name as written, its key, its value as SheetJS cuts it. */
function readAttribute(stretch: string): { name: string; key: string; value: string } {
  // The stretch starts with a space character; the name runs to the first `=`, which need not be the
  // one the pair was matched at. The value starts after that `=` and any spaces (U+0020 only); when it
  // starts with a quote, one character is cut from each end, whatever the last one is.
  const eq = stretch.indexOf('=');
  const name = stretch.slice(1, eq).trim();
  let from = eq + 1;
  while (stretch.charCodeAt(from) === 32) from++;
  const first = stretch.charCodeAt(from);
  const quoted = first === DOUBLE || first === SINGLE ? 1 : 0;
  return { name, key: attributeKey(name), value: stretch.slice(from + quoted, stretch.length - quoted) };
}

/** Whether SheetJS reads a tag's attributes at all: only when it holds a space, LF or CR. */
function nameEnd(tag: string): number {
  for (let i = 0; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13) return i;
  }
  return tag.length;
}

/**
 * `<` `/`? word characters `:` at the earliest place in `name` where they occur, taken out as SheetJS
 * does before it compares a tag's name (`<x:sheet` is `<sheet`, `</x:sheet>` is `</sheet>`).
 */
function withoutPrefix(name: string): string {
  for (let lt = name.indexOf('<'); lt >= 0; lt = name.indexOf('<', lt + 1)) {
    const slash = name.charCodeAt(lt + 1) === SLASH ? 1 : 0;
    let end = lt + 1 + slash;
    while (end < name.length && isWord(name.charCodeAt(end))) end++;
    if (end > lt + 1 + slash && name.charCodeAt(end) === COLON)
      return name.slice(0, lt + 1 + slash) + name.slice(end + 1);
  }
  return name;
}

export interface ReadTag {
  /** What SheetJS compares without removing a prefix (as it reads relationships). */
  rawName: string;
  /** What SheetJS compares after removing the prefix (as it reads styles and the workbook). */
  name: string;
  /** The attributes by key (and by lower-case key), the raw values of the last of each key. */
  attributes: Map<string, string>;
}

/**
 * A tag as SheetJS reads it. Its name is the tag up to the first space, LF or CR (`<xf/>`, `<x:sheet`;
 * a tab does not end it). Without such a character it has no attributes. Otherwise every stretch read
 * as an attribute (see {@link attributeSpans}) sets its key and its lower-case key, the later winning;
 * a prefixed attribute whose prefix ends in `ext` does not replace a non-empty value. SheetJS keeps the
 * name in the same record as the attributes, under the key `0`: an attribute named `0` replaces it.
 */
export function readTag(tag: string): ReadTag {
  const end = nameEnd(tag);
  const record = new Map<string, string>([['0', tag.slice(0, end)]]);
  if (end < tag.length) {
    for (const span of attributeSpans(tag)) {
      const { name, key, value } = readAttribute(tag.slice(span.start, span.end));
      const colon = name.indexOf(':');
      if (colon >= 0 && record.get(key) && name.slice(0, colon).endsWith('ext')) continue;
      record.set(key, value);
      record.set(key.toLowerCase(), value);
    }
  }
  const rawName = record.get('0')!;
  record.delete('0');
  return { rawName, name: withoutPrefix(rawName), attributes: record };
}

/**
 * A tag with the value of every stretch SheetJS reads as an attribute filed under `key` replaced by
 * `value` (which must need no escaping), written `name="value"`. Everything else in the tag is kept as
 * it is; the caller checks the result with the model.
 */
export function setAttribute(tag: string, key: string, value: string): string {
  if (nameEnd(tag) === tag.length) return tag;
  let out = '';
  let at = 0;
  for (const span of attributeSpans(tag)) {
    const stretch = tag.slice(span.start, span.end);
    if (readAttribute(stretch).key !== key) continue;
    out += `${tag.slice(at, span.start)}${stretch.slice(0, stretch.indexOf('='))}="${value}"`;
    at = span.end;
  }
  return out + tag.slice(at);
}

/**
 * The text without comments, as SheetJS removes them before reading styles: a comment runs from
 * `<!--` to the next `-->` that does not overlap it (so `<!--->` is not closed), and one that is never
 * closed runs to the end of the text.
 */
export function removeComments(text: string): string {
  const kept: string[] = [];
  let from = 0;
  for (let open = text.indexOf('<!--'); open >= 0; open = text.indexOf('<!--', from)) {
    kept.push(text.slice(from, open));
    const close = text.indexOf('-->', open + 4);
    if (close < 0) return kept.join('');
    from = close + 3;
  }
  if (from === 0) return text;
  kept.push(text.slice(from));
  return kept.join('');
}

/**
 * The text without its DOCTYPE, as SheetJS removes it before reading styles: only a `<!DOCTYPE` lying
 * wholly in the first 1,024 characters counts, and what is cut runs from it to the first `<` followed
 * by a word character anywhere in the text; when that comes before the DOCTYPE, the text from it is
 * repeated instead. Without such a `<` nothing is cut.
 */
export function removeDoctype(text: string): string {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype < 0 || doctype + 9 > 1024) return text;
  for (let lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', lt + 1)) {
    if (isWord(text.charCodeAt(lt + 1))) return text.slice(0, doctype) + text.slice(lt);
  }
  return text;
}

/** Whether `tag` is at `at`, followed by a character that is not a word character (or the end). */
function nameAt(text: string, at: number, tag: string): boolean {
  return text.startsWith(tag, at) && !isWord(text.charCodeAt(at + tag.length));
}

/** Whether `<`, then `/` if `closing`, then the element `tag` (prefixed or not) start at `lt`. */
function elementTagAt(text: string, lt: number, tag: string, closing: boolean): number {
  let at = lt + 1;
  if (closing) {
    if (text.charCodeAt(at) !== SLASH) return -1;
    at++;
  }
  let word = at;
  while (word < text.length && isWord(text.charCodeAt(word))) word++;
  const prefixed = word > at && text.charCodeAt(word) === COLON;
  if (closing) {
    if (prefixed && text.startsWith(`${tag}>`, word + 1)) return word + tag.length + 2;
    return text.startsWith(`${tag}>`, at) ? at + tag.length + 1 : -1;
  }
  if (prefixed && nameAt(text, word + 1, tag)) return word + 1 + tag.length;
  return nameAt(text, at, tag) ? at + tag.length : -1;
}

/**
 * Where SheetJS finds the element `tag` (word characters only) when it reads styles: its start tag is
 * the first `<tag` or `<prefix:tag` not followed by a word character whose next `<` or `>` is a `>`;
 * its end is the first `</tag>` or `</prefix:tag>` after that, nested or not. `open` is where the start
 * tag ends.
 */
export function findElement(
  text: string,
  tag: string,
): { start: number; open: number; end: number } | undefined {
  for (let lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', lt + 1)) {
    const after = elementTagAt(text, lt, tag, false);
    if (after < 0) continue;
    let stop = after;
    while (stop < text.length && text.charCodeAt(stop) !== LT && text.charCodeAt(stop) !== GT) stop++;
    if (text.charCodeAt(stop) !== GT) continue;
    const open = stop + 1;
    for (let close = text.indexOf('</', open); close >= 0; close = text.indexOf('</', close + 1)) {
      const end = elementTagAt(text, close, tag, true);
      if (end >= 0) return { start: lt, open, end };
    }
    return undefined;
  }
  return undefined;
}

const NAMED: Record<string, string> = { quot: '"', apos: "'", gt: '>', lt: '<', amp: '&' };

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/**
 * One character reference at `amp`, as SheetJS decodes it: `&quot;` `&apos;` `&gt;` `&lt;` `&amp;`
 * (these names in any case are recognised, but only the lower-case ones decode; the others become
 * U+0000), or `&#` and hex digits and `;`, read in base 16 when an `x` (lower case only) follows the
 * `#`, else in base 10 (so `&#X41;` is U+0029 and `&#1F;` is U+0001), modulo 2^16.
 */
function characterReference(text: string, amp: number): { end: number; char: string } | undefined {
  const semi = text.indexOf(';', amp + 1);
  if (semi < 0) return undefined;
  const body = text.slice(amp + 1, semi);
  if (body.length <= 4 && Object.hasOwn(NAMED, body.toLowerCase())) {
    return { end: semi + 1, char: NAMED[body] ?? '\u0000' };
  }
  if (body[0] !== '#') return undefined;
  const marked = body[1] === 'x' || body[1] === 'X' ? 2 : 1;
  const digits = body.slice(marked);
  if (digits.length === 0) return undefined;
  for (let i = 0; i < digits.length; i++) if (!isHex(digits.charCodeAt(i))) return undefined;
  const code = Number.parseInt(digits, body[1] === 'x' ? 16 : 10);
  return { end: semi + 1, char: String.fromCharCode(code) };
}

/** `_x` (either case) and four hex digits and `_`, as the UTF-16 code unit those digits give. */
function escapedCodeUnit(text: string, at: number): string | undefined {
  if (text[at] !== '_' || (text[at + 1] !== 'x' && text[at + 1] !== 'X') || text[at + 6] !== '_')
    return undefined;
  for (let i = at + 2; i < at + 6; i++) if (!isHex(text.charCodeAt(i))) return undefined;
  return String.fromCharCode(Number.parseInt(text.slice(at + 2, at + 6), 16));
}

/** Decodes character references, then, in what that gives, `_xHHHH_` escapes; left to right, no overlap. */
function decode(text: string): string {
  let references = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', amp + 1)) {
    const found = characterReference(text, amp);
    if (!found) continue;
    references += text.slice(from, amp) + found.char;
    from = found.end;
    amp = found.end - 1;
  }
  references += text.slice(from);
  let out = '';
  from = 0;
  for (let at = references.indexOf('_'); at >= 0; at = references.indexOf('_', at + 1)) {
    const unit = escapedCodeUnit(references, at);
    if (unit === undefined) continue;
    out += references.slice(from, at) + unit;
    from = at + 7;
    at += 6;
  }
  return out + references.slice(from);
}

/**
 * A value as SheetJS unescapes it (a relationship's target, a sheet's name). Text outside CDATA is
 * decoded (see {@link decode}); at the first `<![CDATA[`, what follows it up to the first `]]>` in the
 * whole text is kept as it is, and the text after that `]]>` is unescaped the same way. When there is
 * no `]]>`, SheetJS keeps the CDATA up to the text's last character and goes on from the text's third
 * character; when `]]>` comes first, it goes on from after it: both repeat text, and so does this.
 */
export function unescapeXml(text: string): string {
  const cdata = text.indexOf('<![CDATA[');
  if (cdata < 0) return decode(text);
  const close = text.indexOf(']]>');
  const kept = close < 0 ? text.slice(cdata + 9, -1) : text.slice(cdata + 9, close);
  return decode(text.slice(0, cdata)) + kept + unescapeXml(text.slice(close < 0 ? 2 : close + 3));
}

/**
 * The stored part SheetJS finds for `path`, as its lower-case name, or undefined. SheetJS compares
 * names without regard to case and takes `/` and `\` as the same; `names` are the package's names,
 * lower case.
 */
export function findPart(names: ReadonlySet<string>, path: string): string | undefined {
  const lower = path.toLowerCase();
  for (const separator of ['\\', '/']) {
    const candidate = lower.split(/[\\/]/).join(separator);
    if (names.has(candidate)) return candidate;
  }
  return undefined;
}
