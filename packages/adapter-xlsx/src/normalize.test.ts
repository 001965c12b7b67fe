import { normalize } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import { WORKBOOK_LAYOUTS, type WorkbookBookType, writeReportWorkbook } from '../test/generate.js';
import { tableGolds } from '../test/gold.js';
import { readXlsx } from './index.js';

const BOOK_TYPES: WorkbookBookType[] = ['xlsx', 'xls'];

describe.each(tableGolds())('normalize(readXlsx(…)) of gold report $name', ({ gold }) => {
  describe.each(WORKBOOK_LAYOUTS)('as %s', (layout) => {
    it.each(BOOK_TYPES)('finds the agency, year and format (%s)', (bookType) => {
      const report = normalize(readXlsx(writeReportWorkbook(gold, layout, bookType)));
      expect([report.agency, report.year, report.format]).toEqual([gold.agency, gold.year, gold.format]);
    });

    it.each(BOOK_TYPES)('reads every gold cell exactly (%s)', (bookType) => {
      const report = normalize(readXlsx(writeReportWorkbook(gold, layout, bookType)));
      const wrong = Object.entries(gold.cells)
        .filter(([key, value]) => report.cells[key]?.value !== value)
        .map(([key, value]) => `${key}: ${report.cells[key]?.value} (gold ${value})`);
      expect(wrong).toEqual([]);
    });
  });
});
