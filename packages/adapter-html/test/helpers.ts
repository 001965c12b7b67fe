import { readFileSync } from 'node:fs';
import type { Block, ReadOptions, SourceDocument, TableBlock } from '@xxgk/core';
import { readHtml } from '../src/read.js';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function read(html: string, options?: ReadOptions): SourceDocument {
  return readHtml(utf8(html), options);
}

export function tablesOf(doc: SourceDocument): TableBlock[] {
  return doc.blocks.filter((b): b is TableBlock => b.type === 'table');
}

export function textGrid(table: TableBlock): string[][] {
  return table.rows.map((row) => row.map((cell) => cell.text));
}

/** Every text the document holds: block texts and cell texts. */
export function allText(doc: SourceDocument): string {
  return doc.blocks
    .map((b: Block) =>
      b.type === 'table' ? b.rows.map((r) => r.map((c) => c.text).join('|')).join('\n') : b.text,
    )
    .join('\n');
}

export function textBlocks(doc: SourceDocument): Array<{ type: string; text: string; level?: number }> {
  return doc.blocks.flatMap((b) => {
    if (b.type === 'table') return [];
    return [
      b.type === 'heading' && b.level
        ? { type: b.type, text: b.text, level: b.level }
        : { type: b.type, text: b.text },
    ];
  });
}

const fixtures = new URL('./fixtures/', import.meta.url);

export function fixture(name: string): Uint8Array {
  return readFileSync(new URL(name, fixtures));
}

export interface Expected {
  encoding: string;
  title: string;
  tables: string[][][];
  absent: string[];
  traditional?: { headings: string[]; intro: string; caption: string };
}

export function expected(name: string): Expected {
  return JSON.parse(
    readFileSync(new URL(name.replace(/\.html$/, '.expected.json'), fixtures), 'utf8'),
  ) as Expected;
}

/** The repository's copy of the shared corpus (never `../shared`). */
export function corpus(path: string): Uint8Array {
  return readFileSync(new URL(`../../../test/corpus/input/${path}`, import.meta.url));
}

/** A tiny deterministic generator, so that "random" bytes are the same on every run. */
export function pseudoRandomBytes(length: number, seed: number, min = 0, max = 255): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = min + (state % (max - min + 1));
  }
  return out;
}
