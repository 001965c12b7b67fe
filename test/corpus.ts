/** The real-report corpus of this repository (test/corpus) and a reader that picks the adapter. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { htmlAdapter } from '@xxgk/adapter-html';
import { textAdapter } from '@xxgk/adapter-text';
import { type Adapter, normalize, type Report } from '@xxgk/core';
import type { Gold } from './eval/eval.mjs';

export const CORPUS = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

export type { Gold };

export function golds(): Gold[] {
  return readdirSync(join(CORPUS, 'gold'))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(CORPUS, 'gold', name), 'utf8')) as Gold);
}

const ADAPTERS: Record<string, Adapter> = { text: textAdapter, html: htmlAdapter };

export async function normalizeCorpusFile(file: string): Promise<Report> {
  const adapter = ADAPTERS[file.split('/')[0]!];
  if (!adapter) throw new Error(`no adapter for ${file}`);
  const bytes = new Uint8Array(readFileSync(join(CORPUS, 'input', file)));
  const document = await adapter.read(bytes, { fileName: file });
  return normalize(document, { path: file, adapter: adapter.name });
}
