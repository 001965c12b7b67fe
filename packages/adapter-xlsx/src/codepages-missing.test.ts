/**
 * A program bundled without SheetJS's code page tables: a workbook that needs them is refused with an
 * error that names the code page and the way out, never read with text left out. Its own file, so that
 * the tables this process loads are only those the last case hands over.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { codepageWorkbook, gbkTitledWorkbook } from '../test/biff.js';
import { textsOf } from '../test/readers.js';
import { type CodepageTables, lazyCodepages, useCodepageTables } from './codepages.js';
import { readXlsx } from './read.js';

const fixtures = join(import.meta.dirname, '../test/fixtures/libreoffice');

const missing = () => {
  throw new Error("Cannot find module 'xlsx/dist/cpexcel.js'");
};

const refusal = (codepage: number) =>
  expect.objectContaining({
    name: 'AdapterError',
    code: 'unsupported',
    message: expect.stringMatching(
      new RegExp(`code page ${codepage}.*Cannot find module.*useCodepageTables`),
    ),
  });

describe('code page tables that cannot be loaded', () => {
  beforeEach(() => useCodepageTables(missing));

  it('refuse a workbook whose text is in code page 936, naming it and useCodepageTables', () => {
    expect(() => readXlsx(codepageWorkbook(936, 'ab'))).toThrow(refusal(936));
  });

  it('refuse a workbook whose document title is in code page 936, though SheetJS swallows that error', () => {
    expect(() => readXlsx(gbkTitledWorkbook())).toThrow(refusal(936));
  });

  it('leave UTF-16, Windows-1252 and LibreOffice workbooks alone', () => {
    expect(textsOf(codepageWorkbook())).toContain('规章');
    expect(textsOf(codepageWorkbook(1252, '\u0080\u00e9'))).toContain('€é');
    for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.xls'))) {
      expect(() => readXlsx(new Uint8Array(readFileSync(join(fixtures, name)))), name).not.toThrow();
    }
  });

  it('leave no failure behind for the next read', () => {
    try {
      // A failure SheetJS swallows in a read that then fails on something else: nothing takes it.
      lazyCodepages.utils.decode(936, [0xd5, 0xfe]);
    } catch {
      // as SheetJS does around the document properties
    }
    expect(textsOf(codepageWorkbook())).toContain('规章');
  });

  it('are taken from the program when it passes them', () => {
    useCodepageTables(createRequire(import.meta.url)('xlsx/dist/cpexcel.js') as CodepageTables);
    expect(readXlsx(gbkTitledWorkbook()).metadata.title).toBe('政府信息公开');
    expect(textsOf(codepageWorkbook(936, 'ab'))).toContain('ab');
  });
});
