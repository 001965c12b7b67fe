import { describe, expect, it } from 'vitest';
import { utf8 } from '../test/helpers.js';
import { declaredCharset, withoutComments } from './charset.js';

describe('declaredCharset', () => {
  it('reads <meta charset>', () => {
    expect(declaredCharset(utf8('<!doctype html><html><head><meta charset="GBK"></head>'))).toBe('GBK');
    expect(declaredCharset(utf8("<meta charset='big5'/>"))).toBe('big5');
    expect(declaredCharset(utf8('<META CHARSET=utf-8>'))).toBe('utf-8');
  });

  it('reads <meta http-equiv content> in any attribute order and quoting', () => {
    expect(declaredCharset(utf8('<meta http-equiv=Content-Type content="text/html; charset=gb2312">'))).toBe(
      'gb2312',
    );
    expect(
      declaredCharset(utf8('<meta content="text/html;charset=GB18030" http-equiv="Content-Type" />')),
    ).toBe('GB18030');
  });

  it('reads an XML declaration', () => {
    expect(declaredCharset(utf8('<?xml version="1.0" encoding="big5"?>\n<html>'))).toBe('big5');
  });

  it('ignores declarations inside comments and returns nothing without one', () => {
    expect(declaredCharset(utf8('<!-- <meta charset="big5"> --><meta charset="utf-8">'))).toBe('utf-8');
    expect(declaredCharset(utf8('<html><head><title>x</title></head></html>'))).toBeUndefined();
  });

  it('reads a hostile page head in linear time (was cubic: 8 s for 400 <meta and 4,000 spaces)', () => {
    // Found by test/robustness: many <meta without a >, then charset= and a long run of spaces.
    const started = performance.now();
    expect(declaredCharset(utf8(`${'<meta'.repeat(1100)} charset=${' '.repeat(10_900)}>`))).toBeUndefined();
    expect(declaredCharset(utf8(`<meta${' charset'.repeat(2000)} charset = "gbk">`))).toBe('gbk');
    expect(declaredCharset(utf8(`<meta content="${' '.repeat(16_000)}"><meta charset='big5'>`))).toBe('big5');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('finds a declaration behind a long script', () => {
    const head = `<html><head><script>${'var a = 1;\n'.repeat(800)}</script><meta charset="gbk">`;
    expect(declaredCharset(utf8(head))).toBe('gbk');
  });
});

describe('withoutComments', () => {
  it('removes every comment, an unclosed one to the end, as /<!--[\\s\\S]*?(?:-->|$)/g does', () => {
    const pattern = /<!--[\s\S]*?(?:-->|$)/g;
    for (const text of [
      'no comment',
      'a<!-- b -->c<!--d-->e',
      'a<!-->b-->c',
      'a<!--->b',
      '<!---->',
      'a<!-- unclosed <meta charset=gbk>',
      '<!--<!-- nested -->-->x',
      'x-->y<!--z',
    ]) {
      expect([text, withoutComments(text)]).toEqual([text, text.replace(pattern, '')]);
    }
  });
});
