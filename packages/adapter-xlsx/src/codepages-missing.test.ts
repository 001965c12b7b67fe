/**
 * A program bundled without SheetJS's code page tables: a workbook that needs them is refused with an
 * error that names the code page and the way out, never read with text left out. Its own file, so that
 * the tables this process loads are only those the cases below hand over.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { codepageWorkbook, gbkTitledWorkbook } from '../test/biff.js';
import { textsOf } from '../test/readers.js';
import { type CodepageTables, takeCodepageFailure, useCodepageTables } from './codepages.js';
import { readXlsx } from './read.js';

const missing = () => {
  throw new Error("Cannot find module 'xlsx/dist/cpexcel.js'");
};

describe('code page tables that cannot be loaded', () => {
  it('refuse a workbook in code page 1252, naming it and useCodepageTables', () => {
    useCodepageTables(missing);
    expect(() => readXlsx(codepageWorkbook(1252, '\u0080\u00e9'))).toThrow(
      expect.objectContaining({
        name: 'AdapterError',
        code: 'unsupported',
        message: expect.stringMatching(/code page 1252.*Cannot find module.*useCodepageTables/),
      }),
    );
  });

  it('leave UTF-16 workbooks alone', () => {
    useCodepageTables(missing);
    expect(textsOf(codepageWorkbook())).toEqual(['信息内容', '本年新制作数量', '规章', '3']);
  });

  it('refuse a workbook whose document title is in code page 936, though SheetJS swallows that error', () => {
    useCodepageTables(missing);
    expect(() => readXlsx(gbkTitledWorkbook())).toThrow(
      expect.objectContaining({ code: 'unsupported', message: expect.stringMatching(/code page 936/) }),
    );
    // Reported once, by that read: the next one starts clean.
    expect(takeCodepageFailure()).toBeUndefined();
    expect(textsOf(codepageWorkbook())).toContain('规章');
  });

  it('are taken from the program when it passes them', () => {
    useCodepageTables(createRequire(import.meta.url)('xlsx/dist/cpexcel.js') as CodepageTables);
    expect(textsOf(codepageWorkbook(1252, '\u0080\u00e9'))).toContain('€é');
    expect(readXlsx(gbkTitledWorkbook()).metadata.title).toBe('政府信息公开');
  });
});
