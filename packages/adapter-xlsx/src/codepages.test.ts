/**
 * The stand-in for SheetJS's code page tables must decode as the tables do, and load them only when a
 * workbook asks for a code page other than UTF-16. This file's module state is its own (vitest isolates
 * test files), so the order of the cases below is the order of reads in one process.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codepageWorkbook } from '../test/biff.js';
import { textsOf } from '../test/readers.js';
import { codepageTablesLoaded, decodeUtf16le, lazyCodepages } from './codepages.js';

const tables = createRequire(import.meta.url)('xlsx/dist/cpexcel.js') as {
  utils: { decode(codepage: number, data: unknown): string };
};

describe('code page tables, loaded when a workbook needs them', () => {
  it('reads a UTF-16 workbook without them', () => {
    expect(textsOf(codepageWorkbook())).toEqual(['信息内容', '本年新制作数量', '规章', '3']);
    expect(codepageTablesLoaded()).toBe(false);
  });

  it('loads them for a workbook in code page 1252, whose 0x80 is €', () => {
    const bytes = codepageWorkbook(1252, '\u0080\u00e9');
    expect(textsOf(bytes)).toContain('€é');
    expect(codepageTablesLoaded()).toBe(true);
  });
});

describe('decodeUtf16le', () => {
  const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 });
  const withMark = fc.tuple(fc.boolean(), bytes).map(([mark, rest]) => (mark ? [0xff, 0xfe, ...rest] : rest));

  it('decodes a Buffer, a Uint8Array and an array of bytes as the tables do', () => {
    fc.assert(
      fc.property(withMark, (values) => {
        for (const data of [Buffer.from(values), new Uint8Array(values), values]) {
          expect(decodeUtf16le(data)).toBe(tables.utils.decode(1200, data));
        }
      }),
    );
  });

  it('decodes a string of byte values, surrogates and all, as the tables do', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 32 }), (text) => {
        expect(decodeUtf16le(text)).toBe(tables.utils.decode(1200, text));
      }),
    );
  });

  it('passes every other code page to the tables', () => {
    const gbk = [0xd5, 0xfe, 0xb8, 0xae];
    expect(lazyCodepages.utils.decode(936, gbk)).toBe('政府');
    expect(lazyCodepages.utils.encode(936, '政府', 'arr')).toEqual(gbk);
  });
});
