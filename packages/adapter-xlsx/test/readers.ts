/** Helpers for the tests that compare our workbook readers with SheetJS. */
import { expect } from 'vitest';
import { readWorkbook, readXlsx } from '../src/read.js';

/** The same outcome all three ways: the same document, or the same refusal. */
export function sameOutcome(bytes: Uint8Array): string {
  const outcome = (own: 'all' | 'cells' | 'none') => {
    try {
      const read = readWorkbook(bytes, {}, { own });
      return { document: read.document, reader: read.reader };
    } catch (error) {
      return { error: `${(error as { code?: string }).code}: ${(error as Error).message}` };
    }
  };
  const { reader: _none, ...sheetjs } = outcome('none');
  const { reader, ...own } = outcome('all');
  const { reader: _cells, ...cells } = outcome('cells');
  expect(own).toEqual(sheetjs);
  expect(cells).toEqual(sheetjs);
  return (reader as string | undefined) ?? 'refused';
}

/** A small seeded generator (mulberry32): the same inputs on every run. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number) => Math.floor(next() * n);
  return { next, below, pick: <T>(items: readonly T[]): T => items[below(items.length)]! };
}

/** Every text of a workbook's document, block by block and cell by cell. */
export function textsOf(bytes: Uint8Array): string[] {
  return readXlsx(bytes).blocks.flatMap((block) =>
    block.type === 'table' ? block.rows.flatMap((row) => row.map((cell) => cell.text)) : [block.text],
  );
}
