import { AdapterError } from '@xxgk/core';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode, looksBinary } from './index.js';

const TEXT =
  '某某区人民政府2023年政府信息公开工作年度报告：本年新收政府信息公开申请数量二十一件，均已依法答复。';
const hasPlatformGb18030 = (() => {
  try {
    return new TextDecoder('gb18030').encoding === 'gb18030';
  } catch {
    return false;
  }
})();
const bytes = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));

describe('decode', () => {
  it('trusts a BOM first', () => {
    const withBom = new Uint8Array([0xff, 0xfe, ...bytes(TEXT, 'utf-16le')]);
    expect(decode(withBom)).toMatchObject({ text: TEXT, encoding: 'utf-16le', by: 'bom' });
    expect(decode(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(TEXT, 'utf-8')]))).toMatchObject({
      text: TEXT,
      by: 'bom',
    });
  });

  it('reads valid UTF-8 as UTF-8 even when the page declares GBK', () => {
    const decoded = decode(bytes(TEXT, 'utf-8'), { declared: 'gb2312' });
    expect(decoded).toMatchObject({ text: TEXT, encoding: 'utf-8', by: 'utf-8' });
    expect(decoded.diagnostics[0]?.code).toBe('encoding-declaration-wrong');
  });

  it('uses a declaration that fits the bytes, as GB18030 for GB2312 and GBK', () => {
    expect(decode(bytes(TEXT, 'gbk'), { declared: 'GB2312' })).toMatchObject({
      text: TEXT,
      encoding: 'gb18030',
      by: 'declared',
    });
  });

  it('detects GBK, Big5 and BOM-less UTF-16 when nothing is declared', () => {
    expect(decode(bytes(TEXT, 'gbk'))).toMatchObject({ text: TEXT, encoding: 'gb18030', by: 'detected' });
    const traditional = '國務院辦公廳關於政府資訊公開工作年度報告格式的通知，本年新收政府資訊公開申請數量';
    expect(decode(bytes(traditional, 'big5'))).toMatchObject({ text: traditional, encoding: 'big5' });
    const ascii = 'Annual report 2023: 21 requests received.';
    expect(decode(bytes(ascii, 'utf-16le')).text).toBe(ascii);
    expect(decode(bytes(ascii, 'utf-16be')).text).toBe(ascii);
  });

  it('reads short undeclared GBK that names the report, where statistics guessed Big5 or EUC-KR', () => {
    for (const title of ['政府信息公开', '信息公开', '政府信息公开工作年度报告', '本机关政府信息公开情况']) {
      expect(decode(bytes(title, 'gbk'))).toMatchObject({ text: title, encoding: 'gb18030', by: 'detected' });
    }
    // The same words in Big5 bytes are not the GB18030 markers: Big5 stays Big5.
    const traditional =
      '本機關政府信息公開工作年度報告，本年新收政府信息公開申請數量二十一件，均已依法答覆。';
    expect(decode(bytes(traditional, 'big5'))).toMatchObject({ text: traditional, encoding: 'big5' });
    // Markers beside a byte GB18030 cannot decode: the statistics decide, and still find GB18030.
    const faulty = new Uint8Array([...bytes(TEXT, 'gbk'), 0xff, ...bytes(TEXT, 'gbk')]);
    const decoded = decode(faulty);
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toBe(`${TEXT}\ufffd${TEXT}`);
  });

  // Node's official builds have ICU's decoder; one built without it reads through iconv-lite (U+E78D).
  it.runIf(hasPlatformGb18030)(
    'maps GB18030 code points older tables left in the private use area to their characters',
    () => {
      // 0xA6D9 is ︐ (U+FE10) in GB18030-2005 and later; iconv-lite still gives U+E78D.
      const text = decode(new Uint8Array([...bytes('政府信息公开', 'gbk'), 0xa6, 0xd9]), {
        declared: 'gbk',
      }).text;
      expect(text).toBe('政府信息公开\ufe10');
    },
  );

  it('detects BOM-less UTF-16 of Chinese text, with few ASCII characters and many 一 (U+4E00)', () => {
    // Found by test/robustness: half the corpus re-encoded as BOM-less UTF-16 was refused as binary.
    const report = `${TEXT}第一条、第一款、一、二、三、统一、一律。`.repeat(20);
    for (const encoding of ['utf-16le', 'utf-16be']) {
      const encoded = bytes(report, encoding);
      expect(looksBinary(encoded)).toBe(false);
      expect(decode(encoded)).toMatchObject({ text: report, encoding, by: 'detected' });
    }
    // Binary data with NUL bytes on both sides, or on one side, stays binary.
    const words = new Uint8Array(4096).map((_, i) => (i % 2 === 0 ? (i * 37) % 7 : 0));
    expect(looksBinary(words)).toBe(true);
    expect(() => decode(words)).toThrow(AdapterError);
    const random = new Uint8Array(4096).map((_, i) => (i % 5 === 0 ? 0 : (i * 7919) % 256));
    expect(() => decode(random)).toThrow(AdapterError);
  });

  it('detects instead of trusting a declaration the bytes contradict', () => {
    const decoded = decode(bytes(TEXT, 'gbk'), { declared: 'utf-8' });
    expect(decoded.text).toBe(TEXT);
    expect(decoded.diagnostics.map((d) => d.code)).toContain('encoding-declaration-wrong');
  });

  it('ignores a declared UTF-16, UTF-7 or binary-to-text codec, which would fit any bytes', () => {
    // Found by test/robustness: <meta charset="base64"> or "utf-16" on a GBK page turned it into noise
    // (and the HTML adapter then refused it: no markup).
    for (const declared of ['utf-16', 'UTF-16LE', 'ucs2', 'utf-32', 'utf7', 'base64', 'hex']) {
      const decoded = decode(bytes(`<p>${TEXT}</p>`, 'gbk'), { declared });
      expect([declared, decoded.text, decoded.encoding]).toEqual([declared, `<p>${TEXT}</p>`, 'gb18030']);
      expect(decoded.diagnostics.map((d) => d.code)).toContain('encoding-declaration-wrong');
      expect(decode(bytes(TEXT, 'utf-8'), { declared }).text).toBe(TEXT);
    }
    // A real UTF-16 page is told by its bytes, before any declaration.
    const page = '<p>Annual report 2023: 21 requests received.</p>';
    expect(decode(bytes(page, 'utf-16le'), { declared: 'utf-16' }).text).toBe(page);
    // ASCII-compatible declarations are still trusted when the bytes fit.
    expect(decode(bytes(TEXT, 'big5'), { declared: 'big5' }).by).toBe('declared');
  });

  it('honours a forced encoding and rejects an unknown one', () => {
    expect(decode(bytes(TEXT, 'gbk'), { forced: 'gbk' }).text).toBe(TEXT);
    expect(() => decode(bytes(TEXT, 'gbk'), { forced: 'klingon' })).toThrow(AdapterError);
  });

  it('refuses binary data with a specific error', () => {
    const binary = new Uint8Array(2048).map((_, i) => (i % 3 === 0 ? 0 : (i * 31) % 256));
    expect(looksBinary(binary)).toBe(true);
    expect(() => decode(binary)).toThrow(/binary data/);
  });
});
