/**
 * The fuzz targets: each draws a small "case" (a seed name and mutations, or a generated structure) and
 * turns it into a job of the public API. Cases rather than bytes are what fast-check shrinks and prints,
 * so a failure reads as "corpus:text/pingtan-2021.txt with these three mutations", and the bytes are
 * saved to a file for the regression test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { htmlAdapter } from '@xxgk/adapter-html';
import { textAdapter } from '@xxgk/adapter-text';
import { xlsxAdapter } from '@xxgk/adapter-xlsx';
import type { SourceDocument, TableCell } from '@xxgk/core';
import fc from 'fast-check';
import {
  documentArb,
  htmlPageArb,
  looseDocumentArb,
  textArb,
  textRenderingArb,
  wordArb,
  workbookSpecArb,
} from './arbitraries.js';
import type { Encoding } from './encodings.js';
import {
  encodingArb,
  type Mutation,
  mutate,
  mutationArb,
  oddBytesArb,
  pdfs,
  reencode,
  type Seed,
  seeds,
} from './inputs.js';
import type { AdapterName, Job } from './isolate.js';
import { type WorkbookSpec, workbookFiles, zip } from './xlsx.js';

export interface Target<C = unknown> {
  name: string;
  /** What the target feeds, in a few words (printed by the campaign). */
  about: string;
  arb: fc.Arbitrary<C>;
  job(c: C): Job;
  /** Runs in CI relative to the others (expensive targets get fewer). */
  weight: number;
}

const encoder = new TextEncoder();
const ADAPTER_NAMES: AdapterName[] = ['text', 'html', 'xlsx'];
const FILE_NAMES = [
  'report.txt',
  'report.md',
  'report.html',
  'report.xlsx',
  'report.xls',
  'report',
  '..',
  '__proto__.html',
];
const FORCED = [
  undefined,
  undefined,
  undefined,
  'utf-8',
  'gbk',
  'big5',
  'utf-16le',
  'latin1',
  'no-such-encoding',
];

function target<C>(t: Target<C>): Target {
  return t as Target;
}

const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 6 });

/* ---------------------------------------------------------------------------------------------- */
/* Document mutations: real documents with their tables reshaped                                   */
/* ---------------------------------------------------------------------------------------------- */

type DocOp =
  | {
      op: 'drop' | 'duplicate' | 'flatten' | 'despace' | 'transpose' | 'untrust' | 'blank-row';
      block: number;
      index: number;
    }
  | { op: 'swap'; block: number; index: number }
  | { op: 'drop-row' | 'drop-col' | 'split-cells' | 'join-row'; block: number; index: number }
  | { op: 'insert'; block: number; index: number; word: string };

const docOpArb: fc.Arbitrary<DocOp> = fc.oneof(
  fc.record({
    op: fc.constantFrom(
      'drop' as const,
      'duplicate' as const,
      'flatten' as const,
      'despace' as const,
      'transpose' as const,
      'untrust' as const,
      'blank-row' as const,
      'swap' as const,
      'drop-row' as const,
      'drop-col' as const,
      'split-cells' as const,
      'join-row' as const,
    ),
    block: fc.nat(),
    index: fc.nat(),
  }),
  fc.record({ op: fc.constant('insert' as const), block: fc.nat(), index: fc.nat(), word: wordArb }),
);

const plainCell = (text: string, row: number, col: number): TableCell => ({
  text,
  rowSpan: 1,
  colSpan: 1,
  position: { row, col },
});

/** Apply reshaping operations to a copy of a document. The result may break spans: normalize must cope. */
export function reshape(document: SourceDocument, ops: readonly DocOp[]): SourceDocument {
  const doc = structuredClone(document);
  for (const o of ops) {
    const blocks = doc.blocks;
    if (blocks.length === 0) break;
    const b = o.block % blocks.length;
    const block = blocks[b]!;
    const rows = block.type === 'table' ? block.rows : undefined;
    const r = rows && rows.length > 0 ? o.index % rows.length : 0;
    switch (o.op) {
      case 'drop':
        blocks.splice(b, 1);
        break;
      case 'duplicate':
        blocks.splice(b, 0, structuredClone(block));
        break;
      case 'swap': {
        const other = o.index % blocks.length;
        [blocks[b], blocks[other]] = [blocks[other]!, block];
        break;
      }
      case 'flatten':
        // A rendering that lost the grid: the table's text run together in one paragraph.
        if (rows) {
          blocks[b] = {
            type: 'paragraph',
            text: rows
              .map((row) =>
                row
                  .filter((c) => !c.spanOf)
                  .map((c) => c.text)
                  .join(o.index % 2 ? '' : ' '),
              )
              .join(''),
            position: block.position,
          };
        }
        break;
      case 'despace':
        if (block.type !== 'table') block.text = block.text.replace(/\s+/g, '');
        else for (const row of block.rows) for (const cell of row) cell.text = cell.text.replace(/\s+/g, '');
        break;
      case 'transpose':
        if (block.type === 'table') {
          const width = Math.max(0, ...block.rows.map((row) => row.length));
          block.rows = Array.from({ length: width }, (_, c) =>
            block.rows.map((row, rr) => plainCell(row[c]?.text ?? '', c, rr)),
          );
        }
        break;
      case 'untrust':
        if (block.type === 'table') block.emptyCells = block.emptyCells === 'blank' ? 'unreliable' : 'blank';
        break;
      case 'blank-row':
        if (rows?.[r]) for (const cell of rows[r]) cell.text = '';
        break;
      case 'drop-row':
        if (rows && rows.length > 0) rows.splice(r, 1);
        break;
      case 'drop-col':
        if (rows) for (const row of rows) if (row.length > 0) row.splice(o.index % row.length, 1);
        break;
      case 'split-cells':
        if (rows?.[r]) {
          rows[r] = rows[r].flatMap((cell, c) =>
            cell.text.split(/\s+/).map((text, k) => plainCell(text, r, c + k)),
          );
        }
        break;
      case 'join-row':
        if (rows?.[r]) rows[r] = [plainCell(rows[r].map((c) => c.text).join(''), r, 0)];
        break;
      case 'insert':
        if (block.type === 'table') {
          const row = rows?.[r];
          if (row && row.length > 0) row[o.index % row.length]!.text += o.word;
        } else {
          const at = o.index % (block.text.length + 1);
          block.text = block.text.slice(0, at) + o.word + block.text.slice(at);
        }
        break;
    }
  }
  return doc;
}

/* ---------------------------------------------------------------------------------------------- */
/* Targets                                                                                         */
/* ---------------------------------------------------------------------------------------------- */

export interface SeedCase {
  seed: string;
  mutations: Mutation[];
  /** Mutate this part of a made workbook (modulo their number) before zipping, not the zip. */
  part?: number;
  encoding?: Encoding;
  forced?: string;
  adapter?: AdapterName;
  fileName?: string;
}

export async function targets(): Promise<Target[]> {
  const all = await seeds();
  const byName = new Map<string, Seed>([...all, ...pdfs()].map((s) => [s.name, s]));
  const seedBytes = (c: SeedCase): Uint8Array => {
    const seed = byName.get(c.seed)!;
    if (c.part !== undefined && seed.files) {
      const files = [...seed.files];
      const i = c.part % files.length;
      const data = files[i]!.data;
      files[i] = {
        ...files[i]!,
        data: mutate(typeof data === 'string' ? encoder.encode(data) : data, c.mutations),
      };
      return zip(files);
    }
    const bytes = c.encoding ? reencode(seed.bytes, c.encoding) : seed.bytes;
    return mutate(bytes, c.mutations);
  };
  const seedJob = (c: SeedCase): Job => {
    const seed = byName.get(c.seed)!;
    return {
      kind: 'read',
      adapter: c.adapter ?? seed.adapter,
      bytes: seedBytes(c),
      options: { fileName: c.fileName ?? seed.fileName, ...(c.forced ? { encoding: c.forced } : {}) },
    };
  };
  const namesOf = (adapter: AdapterName) => all.filter((s) => s.adapter === adapter).map((s) => s.name);
  const mutated = (adapter: AdapterName) =>
    target<SeedCase>({
      name: `${adapter}/corpus-mutations`,
      about: `${namesOf(adapter).length} real ${adapter} inputs, truncated, bytes flipped, inserted, deleted, repeated${adapter === 'xlsx' ? ' (the zip, or an XML part before zipping)' : ''}`,
      arb:
        adapter === 'xlsx'
          ? fc.record(
              { seed: fc.constantFrom(...namesOf(adapter)), mutations: mutationsArb, part: fc.nat() },
              { requiredKeys: ['seed', 'mutations'] },
            )
          : fc.record({ seed: fc.constantFrom(...namesOf(adapter)), mutations: mutationsArb }),
      job: seedJob,
      weight: adapter === 'xlsx' ? 2 : 3,
    });

  // Documents of the corpus, read once here, for the reshaping target.
  const documents = new Map<string, SourceDocument>();
  for (const seed of all) {
    const adapter = { text: textAdapter, html: htmlAdapter, xlsx: xlsxAdapter }[seed.adapter];
    documents.set(seed.name, await adapter.read(seed.bytes, { fileName: seed.fileName }));
  }

  const textual = all.filter((s) => s.adapter !== 'xlsx').map((s) => s.name);
  return [
    mutated('text'),
    mutated('html'),
    mutated('xlsx'),
    target<SeedCase>({
      name: 'text+html/wrong-encoding',
      about:
        'real text and HTML re-encoded as GBK, Big5, UTF-16 LE/BE with and without BOM, some forced wrong',
      arb: fc.record({
        seed: fc.constantFrom(...textual),
        encoding: encodingArb,
        forced: fc.constantFrom(...FORCED),
        mutations: fc.array(mutationArb, { maxLength: 2 }),
      }),
      job: seedJob,
      weight: 2,
    }),
    target<SeedCase>({
      name: 'any/wrong-adapter',
      about: 'every real input (PDFs included) given to every adapter under every kind of name',
      arb: fc.record({
        seed: fc.constantFrom(...byName.keys()),
        adapter: fc.constantFrom(...ADAPTER_NAMES),
        fileName: fc.constantFrom(...FILE_NAMES),
        mutations: fc.array(mutationArb, { maxLength: 2 }),
      }),
      job: seedJob,
      weight: 2,
    }),
    target<{ bytes: Uint8Array; adapter: AdapterName; fileName: string }>({
      name: 'any/odd-bytes',
      about: 'empty files, whitespace, BOMs, binary garbage, zip and OLE2 signatures with junk',
      arb: fc.record({
        bytes: oddBytesArb,
        adapter: fc.constantFrom(...ADAPTER_NAMES),
        fileName: fc.constantFrom(...FILE_NAMES),
      }),
      job: (c) => ({ kind: 'read', adapter: c.adapter, bytes: c.bytes, options: { fileName: c.fileName } }),
      weight: 2,
    }),
    target<{ text: string; encoding: Encoding }>({
      name: 'text/generated',
      about: 'random pipe, aligned and tab tables, Markdown headings, prose and page footers',
      arb: fc.record({
        text: textRenderingArb,
        encoding: fc.oneof(fc.constant('utf-8' as const), encodingArb),
      }),
      job: (c) => ({
        kind: 'read',
        adapter: 'text',
        bytes: encodeAs(c.text, c.encoding),
        options: { fileName: 'x.md' },
      }),
      weight: 3,
    }),
    target<{ html: string }>({
      name: 'html/generated',
      about: 'random pages: nested elements, tables with spans, hidden and bold styles, scripts, comments',
      arb: fc.record({ html: htmlPageArb }),
      job: (c) => ({
        kind: 'read',
        adapter: 'html',
        bytes: encoder.encode(c.html),
        options: { fileName: 'x.html' },
      }),
      weight: 3,
    }),
    target<{ spec: WorkbookSpec; part: number; mutations: Mutation[] }>({
      name: 'xlsx/generated',
      about:
        'random workbooks: sheet names such as __proto__, merged ranges, shared strings; XML parts mutated',
      arb: fc.record({
        spec: workbookSpecArb,
        part: fc.nat(),
        mutations: fc.array(mutationArb, { maxLength: 3 }),
      }),
      job: (c) => {
        const files = workbookFiles(c.spec);
        if (c.mutations.length > 0) {
          const i = c.part % files.length;
          const file = files[i]!;
          const data = typeof file.data === 'string' ? encoder.encode(file.data) : file.data;
          files[i] = { ...file, data: mutate(data, c.mutations) };
        }
        return { kind: 'read', adapter: 'xlsx', bytes: zip(files), options: { fileName: 'x.xlsx' } };
      },
      weight: 2,
    }),
    target<{ document: SourceDocument }>({
      name: 'normalize/documents',
      about:
        'well-formed random documents: headings, paragraphs, grids with spans from the template vocabulary',
      arb: fc.record({ document: documentArb }),
      job: (c) => ({ kind: 'normalize', document: c.document }),
      weight: 3,
    }),
    target<{ document: SourceDocument }>({
      name: 'normalize/loose-documents',
      about: 'documents that only satisfy the type: spans and spanOf anywhere, ragged and empty rows',
      arb: fc.record({ document: looseDocumentArb }),
      job: (c) => ({ kind: 'normalize', document: c.document }),
      weight: 2,
    }),
    target<{ seed: string; ops: DocOp[] }>({
      name: 'normalize/reshaped-corpus',
      about: 'real documents with blocks dropped, duplicated, swapped, tables transposed, flattened, split',
      arb: fc.record({
        seed: fc.constantFrom(...documents.keys()),
        ops: fc.array(docOpArb, { minLength: 1, maxLength: 8 }),
      }),
      job: (c) => ({ kind: 'normalize', document: reshape(documents.get(c.seed)!, c.ops) }),
      weight: 3,
    }),
    target<{ text: string }>({
      name: 'core/values',
      about: 'parseValue and label folding on report words, digits, units, placeholders, lone surrogates',
      arb: fc.record({ text: fc.oneof(textArb(6), fc.string({ unit: 'binary', maxLength: 60 })) }),
      job: (c) => ({ kind: 'value', text: c.text }),
      weight: 1,
    }),
  ];
}

function encodeAs(text: string, encoding: Encoding): Uint8Array {
  return reencode(encoder.encode(text), encoding);
}

/** Keep a failing input where a regression test can take it from. */
export function saveInput(name: string, job: Job): string {
  const dir = join(tmpdir(), 'xxgk-fuzz');
  mkdirSync(dir, { recursive: true });
  const stem = `${name.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}`;
  if (job.kind === 'read') {
    const ext = { text: 'txt', html: 'html', xlsx: 'xlsx' }[job.adapter];
    const path = join(dir, `${stem}.${ext}`);
    writeFileSync(path, job.bytes);
    writeFileSync(
      `${path}.job.json`,
      JSON.stringify({ adapter: job.adapter, options: job.options }, null, 2),
    );
    return path;
  }
  const path = join(dir, `${stem}.json`);
  writeFileSync(path, JSON.stringify(job.kind === 'normalize' ? job.document : job, null, 1));
  return path;
}
