import { describe, expect, it } from 'vitest';
import { collapseLine, isWide, LineIndex, TextBuffer, unwrapSourceLines, visibleLength } from './text.js';

describe('unwrapSourceLines', () => {
  it('drops a source line break between two Chinese characters', () => {
    expect(unwrapSourceLines('本年新收政府信息公开申请数\r\n  量')).toBe('本年新收政府信息公开申请数量');
    expect(unwrapSourceLines('（一）予以\n公开')).toBe('（一）予以公开');
  });

  it('keeps a line break next to Latin letters or digits, where it is a space', () => {
    expect(unwrapSourceLines('共收到申请\r\n54件')).toBe('共收到申请\r\n54件');
    expect(unwrapSourceLines('Microsoft\nWord')).toBe('Microsoft\nWord');
  });

  it('keeps spaces without a line break', () => {
    expect(unwrapSourceLines('发布时间 来源')).toBe('发布时间 来源');
  });

  it('takes linear time over long runs of spaces without a line break (was quadratic: 1.8 s for 40,000)', () => {
    // Found by test/robustness: a text node with a line break and a long run of spaces elsewhere.
    const text = `中\n${'a'}${' '.repeat(400_000)}b\r\n中`;
    const started = performance.now();
    expect(unwrapSourceLines(text)).toBe(text);
    expect(unwrapSourceLines(`一\n${' \t'.repeat(200_000)}\n二`)).toBe('一二');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('collapseLine', () => {
  it('collapses runs of whitespace, &nbsp; included, and trims full-width indentation', () => {
    expect(collapseLine('\u3000\u3000一、总体情况  \u00a0 ')).toBe('一、总体情况');
    expect(collapseLine('a \t\n b')).toBe('a b');
  });

  it('turns a cell of &nbsp; into empty text', () => {
    expect(collapseLine('\u00a0')).toBe('');
    expect(collapseLine('\u00a0\u00a0 \u00a0')).toBe('');
  });

  it('removes zero-width characters', () => {
    expect(collapseLine('\ufeff12\u200b3')).toBe('123');
  });
});

const isWrapSpace = (code: number) =>
  code === 0x20 || code === 0x09 || code === 0x0c || code === 0x0a || code === 0x0d;

/** The straightforward versions of the one-pass functions, to check them against. */
const reference = {
  collapseLine: (raw: string) =>
    raw
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
      .replace(/[ \t\n\r\f\u00a0]+/g, ' ')
      .trim(),
  /** Every run of source whitespace, looked at character by character. */
  unwrapSourceLines: (text: string) => {
    let out = '';
    let kept = 0;
    for (let i = 0; i < text.length; ) {
      if (!isWrapSpace(text.charCodeAt(i))) {
        i++;
        continue;
      }
      let end = i;
      let breaks = false;
      for (; end < text.length && isWrapSpace(text.charCodeAt(end)); end++) {
        if (text[end] === '\n' || text[end] === '\r') breaks = true;
      }
      if (breaks && isWide(text[i - 1]) && isWide(text[end])) {
        out += text.slice(kept, i);
        kept = end;
      }
      i = end;
    }
    return kept === 0 ? text : out + text.slice(kept);
  },
};

describe('collapseLine and unwrapSourceLines, against straightforward versions', () => {
  it('agree on every short string over the characters that matter', () => {
    const alphabet = [
      ' ',
      '\t',
      '\n',
      '\r',
      '\f',
      '\u00a0',
      '\u200b',
      '\u2060',
      '\ufeff',
      '\u3000',
      '\u2003',
      '\v',
      'a',
      '1',
      '中',
      '（',
      '\ud840',
      '한',
    ];
    let seed = 1;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let k = 0; k < 50_000; k++) {
      let text = '';
      const length = Math.floor(random() * 10);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect([text, collapseLine(text)]).toEqual([text, reference.collapseLine(text)]);
      expect([text, unwrapSourceLines(text)]).toEqual([text, reference.unwrapSourceLines(text)]);
    }
  });
});

describe('visibleLength and isWide', () => {
  it('counts characters that show', () => {
    expect(visibleLength(' 一、\u3000总体\u00a0情况 \n')).toBe(6);
    expect(visibleLength('\u200b\ufeff\u2003')).toBe(0);
  });

  it('tells wide characters', () => {
    expect(isWide('中')).toBe(true);
    expect(isWide('（')).toBe(true);
    expect(isWide('、')).toBe(true);
    expect(isWide('a')).toBe(false);
    expect(isWide('한')).toBe(false);
    expect(isWide(undefined)).toBe(false);
  });
});

describe('TextBuffer', () => {
  it('keeps <br> breaks, drops blank lines, and remembers where the text started', () => {
    const buffer = new TextBuffer();
    buffer.add('  ', false, 5);
    buffer.lineBreak();
    buffer.add('本年新', true, 10);
    buffer.lineBreak();
    buffer.lineBreak();
    buffer.add('制作数量 ', true, 20);
    expect(buffer.text()).toBe('本年新\n制作数量');
    expect(buffer.start).toBe(10);
    expect(buffer.chars).toBe(7);
    expect(buffer.boldChars).toBe(7);
  });

  it('adds a soft break only after text', () => {
    const buffer = new TextBuffer();
    buffer.softBreak();
    buffer.add('a', false, 0);
    buffer.softBreak();
    buffer.softBreak();
    buffer.add('b', false, 0);
    expect(buffer.text()).toBe('a\nb');
  });
});

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and columns across \\n, \\r\\n and \\r', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const index = new LineIndex(text);
    expect(index.position(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(index.position(text.indexOf('d'))).toEqual({ line: 2, column: 2, offset: 4 });
    expect(index.position(text.indexOf('e'))).toEqual({ line: 3, column: 1, offset: 7 });
    expect(index.position(text.indexOf('h'))).toEqual({ line: 4, column: 2, offset: 11 });
  });

  it('takes a \\r at the very end as a line end', () => {
    const index = new LineIndex('a\r\nb\r');
    expect(index.position(5)).toEqual({ line: 3, column: 1, offset: 5 });
    expect(index.position(4)).toEqual({ line: 2, column: 2, offset: 4 });
  });
});
