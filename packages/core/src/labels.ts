/**
 * Label normalisation: the many ways reports print the same label (full/half width, spaces and line
 * breaks inside words, quote styles, Traditional characters) reduced to one comparable form.
 */

/** Traditional → Simplified for the characters that occur in the template's labels and headings. */
const TRADITIONAL =
  '國国辦办開开號号業业機机構构會会組组織织務务總总計计請请數数結结轉转區区處处這这屬属於于規规穩稳護护權权類类內内' +
  '過过執执詢询項项關关無无沒没現现補补後后確确訪访舉举報报訴诉復复當当認认獲获繼继續续費费繳缴納纳況况維维糾纠審审' +
  '議议訟讼經经動动條条發发廢废範范許许決决罰罚強强額额單单萬万減减對对採采購购體体問问題题進进據据統统標标應应讀读' +
  '與与欄栏時时間间陽阳縣县頁页稱称為为識识別别錯错誤误記记錄录澤泽廳厅鄉乡鎮镇製制並并衛卫資资訊讯與与電电網网產产' +
  '價价稅税險险醫医療疗狀状態态證证從从歸归遞递輸输償偿勞劳環环財财員员來来樣样個个們们說说設设還还邊边離离屆届黨党' +
  '習习東东嚴严導导學学準准獨独濟济齊齐責责傳传軟软雲云銷销劃划';
const T2S = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL.length; i += 2) T2S.set(TRADITIONAL[i]!, TRADITIONAL[i + 1]!);

/** Quote marks of every style: labels are compared without them (`危及“三安全一稳定”`). */
const QUOTES = new Set(['"', "'", '“', '”', '‘', '’', '「', '」', '『', '』', '〝', '〞', '＂', '`']);

/** Characters that separate words visually but never belong to a label. */
function isSpace(ch: string): boolean {
  return (
    ch === ' ' ||
    ch === '\t' ||
    ch === '\n' ||
    ch === '\r' ||
    ch === '\u3000' ||
    ch === '\u00a0' ||
    ch === '\u001f'
  );
}

/**
 * The comparable form of one character, or '' when it does not count for matching. Kept per character
 * so that positions in a normalised stream map back to the source one to one.
 */
export function foldChar(ch: string): string {
  if (isSpace(ch) || QUOTES.has(ch)) return '';
  const code = ch.charCodeAt(0);
  // Full-width ASCII block: （ → (, ： → :, ．→ ., ０ → 0.
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code < 0x80) return ch;
  const simplified = T2S.get(ch);
  if (simplified) return simplified;
  if (ch === '〔' || ch === '［' || ch === '【') return '[';
  if (ch === '〕' || ch === '］' || ch === '】') return ']';
  if (ch === '—' || ch === '–' || ch === '－' || ch === '―') return '-';
  if (ch === '，') return ',';
  if (ch === '。') return '。';
  return ch.normalize('NFKC');
}

/** A label reduced for comparison: `（二） 部分 公开` and `(二)部分公開` both become `(二)部分公开`. */
export function normalizeLabel(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = code >= 0xd800 && code <= 0xdbff ? text.charCodeAt(i + 1) : 0;
    if (next >= 0xdc00 && next <= 0xdfff) {
      out += foldChar(text.slice(i, i + 2));
      i++;
      continue;
    }
    const folded = foldCode(code);
    if (folded >= 0) out += String.fromCharCode(folded);
    else if (folded === -3) out += foldChar(text[i]!);
  }
  return out;
}

/** Convert the Traditional characters the template uses; other text is left alone. */
export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += T2S.get(ch) ?? ch;
  return out;
}

export interface FoldedText {
  /** The folded text. */
  text: string;
  /** For each index of `text`, the index in the original string it came from. */
  map: Int32Array;
}

/**
 * Folded form of each BMP code unit, filled on first use: -1 unknown, -2 dropped, -3 several characters
 * (rare NFKC expansions, handled by {@link foldChar}), else the folded code unit.
 */
const FOLD_CACHE = new Int32Array(0x10000).fill(-1);

function foldCode(code: number): number {
  let folded = FOLD_CACHE[code]!;
  if (folded !== -1) return folded;
  const out = foldChar(String.fromCharCode(code));
  folded = out.length === 0 ? -2 : out.length === 1 ? out.charCodeAt(0) : -3;
  FOLD_CACHE[code] = folded;
  return folded;
}

// Every JavaScript runtime has TextDecoder; core's compile settings include neither DOM nor Node types.
declare const TextDecoder: new (
  label: string,
  options?: { ignoreBOM?: boolean },
) => { decode(input: Uint16Array): string };
// ignoreBOM keeps a leading U+FEFF in the text: dropping it would shift every index of the map.
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/**
 * A string of UTF-16 code units. The decoder is some thirty times faster than String.fromCharCode over
 * a spread, but it replaces lone surrogates, which the folded text must keep as printed.
 */
function fromCodes(codes: Uint16Array, surrogates: boolean): string {
  if (!surrogates) return UTF16.decode(codes);
  const parts: string[] = [];
  for (let at = 0; at < codes.length; at += 8192) {
    parts.push(String.fromCharCode.apply(null, codes.subarray(at, at + 8192) as unknown as number[]));
  }
  return parts.join('');
}

/** {@link normalizeLabel} with a map back to the original string's indices. */
export function foldWithMap(source: string): FoldedText {
  const length = source.length;
  let codes = new Uint16Array(length + 16);
  let map = new Int32Array(length + 16);
  let n = 0;
  let surrogates = false;
  const emit = (code: number, from: number) => {
    if (n === codes.length) {
      const moreCodes = new Uint16Array(codes.length * 2);
      moreCodes.set(codes);
      codes = moreCodes;
      const moreMap = new Int32Array(map.length * 2);
      moreMap.set(map);
      map = moreMap;
    }
    if (code >= 0xd800 && code <= 0xdfff) surrogates = true;
    codes[n] = code;
    map[n++] = from;
  };
  for (let i = 0; i < length; i++) {
    const code = source.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      // Astral characters never belong to a label: keep them as they are.
      emit(code, i);
      emit(source.charCodeAt(++i), i - 1);
      continue;
    }
    const folded = foldCode(code);
    if (folded >= 0) emit(folded, i);
    else if (folded === -3) for (const ch of foldChar(source[i]!)) emit(ch.charCodeAt(0), i);
  }
  return { text: fromCodes(codes.subarray(0, n), surrogates), map: map.slice(0, n) };
}
