/**
 * The stand-in for SheetJS's code page tables must decode as the tables do, and load them only when a
 * workbook asks for a code page other than UTF-16, Windows-1252 or UTF-8. This file's module state is
 * its own (vitest isolates test files): the cases below run in order, and the tables stay unloaded
 * until the one that needs them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codepageWorkbook, gbkTitledWorkbook } from '../test/biff.js';
import { textsOf } from '../test/readers.js';
import { codepageTablesLoaded, decodeUtf16le, lazyCodepages } from './codepages.js';
import { readXlsx } from './read.js';

const tables = createRequire(import.meta.url)('xlsx/dist/cpexcel.js') as {
  utils: { decode(codepage: number, data: unknown): string };
};

const fixtures = join(import.meta.dirname, '../test/fixtures/libreoffice');

const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 });
const withMark = fc.tuple(fc.boolean(), bytes).map(([mark, rest]) => (mark ? [0xff, 0xfe, ...rest] : rest));
/** Every kind of input SheetJS passes a decoder. */
const inputsOf = (values: number[]) => [
  Buffer.from(values),
  new Uint8Array(values),
  values,
  String.fromCharCode(...values),
];

describe('without the code page tables', () => {
  it('reads a UTF-16 workbook', () => {
    expect(textsOf(codepageWorkbook())).toEqual(['信息内容', '本年新制作数量', '规章', '3']);
    expect(codepageTablesLoaded()).toBe(false);
  });

  it('reads workbooks that LibreOffice wrote (a CompObj stream in 1252, property names in UTF-8)', () => {
    const written = readdirSync(fixtures).filter((name) => name.endsWith('.xls'));
    expect(written.length).toBeGreaterThanOrEqual(7);
    for (const name of written) {
      expect(textsOf(new Uint8Array(readFileSync(join(fixtures, name)))).length, name).toBeGreaterThan(10);
    }
    expect(codepageTablesLoaded()).toBe(false);
  });

  it('reads a workbook in code page 1252, whose 0x80 is €', () => {
    expect(textsOf(codepageWorkbook(1252, '\u0080\u00e9'))).toContain('€é');
    expect(codepageTablesLoaded()).toBe(false);
  });

  it('decodes UTF-16 from any input as the tables do, surrogates and all', () => {
    fc.assert(
      fc.property(withMark, (values) => {
        for (const data of [Buffer.from(values), new Uint8Array(values), values]) {
          expect(decodeUtf16le(data)).toBe(tables.utils.decode(1200, data));
        }
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 32 }), (text) => {
        expect(decodeUtf16le(text)).toBe(tables.utils.decode(1200, text));
      }),
    );
  });

  for (const codepage of [1252, 65001]) {
    it(`decodes code page ${codepage} as the tables do, from every kind of input SheetJS passes`, () => {
      fc.assert(
        fc.property(withMark, bytes, (marked, plain) => {
          for (const values of [marked, plain, [0xef, 0xbb, 0xbf, ...plain]]) {
            for (const data of inputsOf(values)) {
              expect(lazyCodepages.utils.decode(codepage, data)).toBe(tables.utils.decode(codepage, data));
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('refuses a negative code page (65001 read as signed) as the tables do', () => {
    const data = Buffer.from('name');
    expect(() => tables.utils.decode(-535, data)).toThrow('Unrecognized CP: -535');
    expect(() => lazyCodepages.utils.decode(-535, data)).toThrow('Unrecognized CP: -535');
    expect(codepageTablesLoaded()).toBe(false);
  });
});

describe('with the code page tables', () => {
  it('loads them for a document title in code page 936', () => {
    expect(readXlsx(gbkTitledWorkbook()).metadata.title).toBe('政府信息公开');
    expect(codepageTablesLoaded()).toBe(true);
  });

  it('passes every other code page to them, and every encoding', () => {
    const gbk = [0xd5, 0xfe, 0xb8, 0xae];
    expect(lazyCodepages.utils.decode(936, gbk)).toBe('政府');
    expect(lazyCodepages.utils.encode(936, '政府', 'arr')).toEqual(gbk);
  });
});
