import { describe, expect, it } from 'vitest';
import { foldChar, foldWithMap, normalizeLabel, toSimplified } from './labels.js';

/** The definition normalizeLabel must keep: each code point folded on its own. */
const byCodePoint = (text: string) => Array.from(text, foldChar).join('');

/** Characters of every kind the folding treats apart, astral ones and lone surrogates included. */
const POOL = Array.from(
  '（二） 部分公開公开“”「」‘’\u3000\u00a0\t\n\r\u001f０９ＡＺａｚ：．，。—－〔〕【】①㈠ｶ𝟏𝟗𠀀abcAZ019()-.,;数據结構',
).concat(['\ud800', '\udc00']);

function randomText(seed: number, length: number): string {
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    text += POOL[state % POOL.length];
  }
  return text;
}

describe('normalizeLabel', () => {
  it('folds width, spaces, quotes and Traditional characters', () => {
    expect(normalizeLabel('（二） 部分 公開')).toBe('(二)部分公开');
    expect(normalizeLabel('危及“三安全一稳定”')).toBe('危及三安全一稳定');
    expect(normalizeLabel('１．本年新收')).toBe('1.本年新收');
    expect(normalizeLabel('〔2021〕—【x】')).toBe('[2021]-[x]');
    // A lone surrogate is a character of its own: the space after it still goes.
    expect(normalizeLabel('\ud800 Ａ')).toBe('\ud800A');
  });

  it('equals folding each code point on its own, for long and short, repeated and astral text', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomText(seed, 1 + (seed % 90));
      expect(normalizeLabel(text)).toBe(byCodePoint(text));
    }
  });

  it('agrees with foldWithMap on text without astral characters', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const text = randomText(seed, 40).replace(/[\ud800-\udfff]/g, '');
      expect(foldWithMap(text).text).toBe(normalizeLabel(text));
    }
  });
});

describe('foldWithMap', () => {
  it('folds long text the same way, with or without surrogates, and maps back to the source', () => {
    const plain = randomText(7, 30_000).replace(/[\ud800-\udfff]/g, '');
    expect(foldWithMap(plain).text).toBe(normalizeLabel(plain));
    // A lone surrogate and an astral character are kept as printed, not replaced by U+FFFD.
    const odd = `${plain.slice(0, 9000)}\udc00 数\ud840\udc00${plain.slice(9000)}`;
    const folded = foldWithMap(odd);
    expect(folded.text).toContain('\udc00数\ud840\udc00');
    expect(folded.text).not.toContain('\ufffd');
    for (let i = 0; i < folded.text.length; i += 997) {
      expect(foldChar(odd[folded.map[i]!]!)).toContain(folded.text[i]);
    }
  });
});

describe('foldWithMap at the start of the text', () => {
  it('keeps a leading U+FEFF, so the text and its map stay the same length (found by npm run fuzz)', () => {
    for (const text of ['\ufeff', '\ufeff本年新收', `\ufeff${'数'.repeat(9000)}`]) {
      const folded = foldWithMap(text);
      expect(folded.text).toBe(normalizeLabel(text));
      expect(folded.map.length).toBe(folded.text.length);
    }
  });
});

describe('toSimplified', () => {
  it('converts the template’s Traditional characters only', () => {
    expect(toSimplified('政府信息公開工作年度報告 ABC')).toBe('政府信息公开工作年度报告 ABC');
  });
});
