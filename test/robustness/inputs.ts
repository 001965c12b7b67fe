/**
 * Seeds and mutations: the real corpus (test/corpus/input), the HTML adapter's page fixtures, workbooks
 * made from the corpus documents, and the ways a file gets damaged on its way to us — truncation, flipped
 * and inserted and deleted bytes, repeated chunks, pieces of other files, the wrong encoding.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { htmlAdapter } from '@xxgk/adapter-html';
import { textAdapter } from '@xxgk/adapter-text';
import fc from 'fast-check';
import { ENCODINGS, type Encoding, encode } from './encodings.js';
import type { AdapterName } from './isolate.js';
import { documentSheet, workbookFiles, type ZipFile, zip } from './xlsx.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = join(HERE, '..', '..');
export const CORPUS_INPUT = join(REPO, 'test', 'corpus', 'input');
const HTML_FIXTURES = join(REPO, 'packages', 'adapter-html', 'test', 'fixtures');

export interface Seed {
  /** Where it came from, for messages: `corpus:text/pingtan-2021.txt`. */
  name: string;
  adapter: AdapterName;
  fileName: string;
  bytes: Uint8Array;
  /** For made workbooks: the parts before zipping, so that mutations can reach the XML. */
  files?: ZipFile[];
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

function adapterFor(path: string): AdapterName | undefined {
  if (/\.(txt|md)$/.test(path)) return 'text';
  if (/\.html?$/.test(path)) return 'html';
  if (/\.xlsx$/.test(path)) return 'xlsx';
  return undefined;
}

let cachedSeeds: Seed[] | undefined;

/** Every real input: the corpus text and HTML, the HTML fixtures, and workbooks made from them. */
export async function seeds(): Promise<Seed[]> {
  if (cachedSeeds) return cachedSeeds;
  const out: Seed[] = [];
  for (const path of filesUnder(CORPUS_INPUT)) {
    const adapter = adapterFor(path);
    if (!adapter) continue;
    out.push({
      name: `corpus:${relative(CORPUS_INPUT, path)}`,
      adapter,
      fileName: path.split('/').pop()!,
      bytes: new Uint8Array(readFileSync(path)),
    });
  }
  for (const path of filesUnder(HTML_FIXTURES)) {
    if (!path.endsWith('.html') || path.includes('/encodings/')) continue;
    out.push({
      name: `fixture:${relative(HTML_FIXTURES, path)}`,
      adapter: 'html',
      fileName: path.split('/').pop()!,
      bytes: new Uint8Array(readFileSync(path)),
    });
  }
  // Workbooks as an agency would submit them: the corpus documents, one sheet each.
  const made: Seed[] = [];
  for (const seed of out) {
    if (!/shanghai-office-2019|pingtan-2021|shuyang-2025|huaian-2024\.layout|portal-2021/.test(seed.name))
      continue;
    const adapter = seed.adapter === 'html' ? htmlAdapter : textAdapter;
    const document = await adapter.read(seed.bytes, { fileName: seed.fileName });
    const name = seed.fileName.replace(/\.[^.]+$/, '');
    for (const sharedStrings of [false, true]) {
      const files = workbookFiles({ sheets: [documentSheet(document)], sharedStrings, title: name });
      made.push({
        name: `made:${name}${sharedStrings ? '-sst' : ''}.xlsx`,
        adapter: 'xlsx',
        fileName: `${name}.xlsx`,
        bytes: zip(files),
        files,
      });
    }
  }
  cachedSeeds = [...out, ...made];
  return cachedSeeds;
}

/** The original PDFs of the corpus: real binary data, to be offered under text and HTML names. */
export function pdfs(): Seed[] {
  return filesUnder(join(CORPUS_INPUT, 'pdf')).map((path) => ({
    name: `corpus:${relative(CORPUS_INPUT, path)}`,
    adapter: 'html' as const,
    fileName: path
      .split('/')
      .pop()!
      .replace(/\.pdf$/, '.html'),
    bytes: new Uint8Array(readFileSync(path)),
  }));
}

/* ---------------------------------------------------------------------------------------------- */
/* Mutations                                                                                       */
/* ---------------------------------------------------------------------------------------------- */

/** Bytes that mean something to one of the readers. */
const SPECIAL_BYTES = [
  0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x20, 0x22, 0x26, 0x27, 0x2f, 0x3c, 0x3d, 0x3e, 0x7c, 0x7f, 0x80, 0xa1,
  0xbf, 0xc0, 0xe3, 0xef, 0xfe, 0xff,
];

/** Fragments that mean something to one of the readers, inserted whole. */
export const SNIPPETS = [
  '<table>',
  '</table>',
  '<tr>',
  '</tr>',
  '<td>',
  '</td>',
  '<td colspan="100000">',
  '<td rowspan="0">',
  '<td rowspan="-1" colspan="abc">',
  '<th colspan=99999999999>',
  '<tbody>',
  '<thead>',
  '<br>',
  '<p>',
  '<div style="display:none">',
  '<!--',
  '-->',
  '<![if !supportLists]>',
  '<![endif]>',
  '<script>globalThis.__xxgkPwned=1</script>',
  '<img src=x onerror="globalThis.__xxgkPwned=1">',
  '<meta charset="big5">',
  '<meta http-equiv="Content-Type" content="text/html; charset=gbk">',
  '<?xml version="1.0" encoding="utf-16"?>',
  '&nbsp;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&amp',
  '| a | b | c |',
  '|---|---|',
  '\n# 一、总体情况\n',
  '\n二、主动公开政府信息情况\n',
  '三、收到和处理政府信息公开申请情况',
  '本年新收政府信息公开申请数量',
  '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况',
  '\f',
  '- 3 -',
  '第 3 页',
  '    12    34    56',
  '\t1\t2\t3',
  '（一）',
  '、',
  '2021年',
  '713000074',
  '1,234.5',
  '２５１０００元',
  '\ufeff',
  '\u0000',
  '\ud800',
  '__proto__',
  'constructor',
];

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'snippet'; at: number; index: number; times: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'overwrite'; at: number; byte: number; length: number };

/** Positions are drawn as fractions of the length, so a mutation applies to any input. */
const position = fc.integer({ min: 0, max: 1_000_000 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.array(fc.oneof(fc.constantFrom(...SPECIAL_BYTES), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 16,
    }),
  }),
  fc.record({
    kind: fc.constant('snippet' as const),
    at: position,
    index: fc.integer({ min: 0, max: SNIPPETS.length - 1 }),
    times: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 50 })),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: position,
    length: fc.integer({ min: 1, max: 4096 }),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: position,
    length: fc.integer({ min: 1, max: 256 }),
    times: fc.integer({ min: 2, max: 64 }),
  }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: position,
    byte: fc.constantFrom(...SPECIAL_BYTES),
    length: fc.integer({ min: 1, max: 512 }),
  }),
);

const encoder = new TextEncoder();

function at(fraction: number, length: number): number {
  return Math.floor((fraction / 1_000_001) * (length + 1));
}

function splice(bytes: Uint8Array, start: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(insert, start);
  out.set(bytes.subarray(start + remove), start + insert.length);
  return out;
}

export function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  const i = at(m.at, bytes.length);
  switch (m.kind) {
    case 'truncate':
      return bytes.slice(0, i);
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      const j = Math.min(i, out.length - 1);
      out[j] = out[j]! ^ (1 << m.bit);
      return out;
    }
    case 'insert':
      return splice(bytes, i, 0, Uint8Array.from(m.bytes));
    case 'snippet':
      return splice(bytes, i, 0, encoder.encode(SNIPPETS[m.index]!.repeat(m.times)));
    case 'delete':
      return splice(bytes, i, Math.min(m.length, bytes.length - i), new Uint8Array(0));
    case 'repeat': {
      const chunk = bytes.slice(i, Math.min(bytes.length, i + m.length));
      const repeated = new Uint8Array(chunk.length * m.times);
      for (let k = 0; k < m.times; k++) repeated.set(chunk, k * chunk.length);
      return splice(bytes, i, 0, repeated);
    }
    case 'overwrite': {
      const out = bytes.slice();
      out.fill(m.byte, i, Math.min(out.length, i + m.length));
      return out;
    }
  }
}

export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = bytes;
  for (const m of mutations) out = applyMutation(out, m);
  return out;
}

/** The seed's text re-encoded: what a file looks like after a careless conversion. */
export function reencode(bytes: Uint8Array, encoding: Encoding): Uint8Array {
  const text = new TextDecoder('utf-8').decode(bytes);
  return encode(text, encoding);
}

export const encodingArb: fc.Arbitrary<Encoding> = fc.constantFrom(...ENCODINGS);

/** Bytes shaped like files: empty, whitespace, binary garbage, random text, UTF-16 without text. */
export const oddBytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constant(new Uint8Array(0)),
  fc
    .constantFrom(' ', '\n', '\r\n\t \f', '\ufeff', '\ufeff\n', '<', '<html>', '<p></p>', '|', '||', '#')
    .map((s) => encoder.encode(s)),
  fc.uint8Array({ maxLength: 4096 }),
  fc.uint8Array({ minLength: 2, maxLength: 512 }).map((b) => Uint8Array.from([0xff, 0xfe, ...b])),
  fc.uint8Array({ minLength: 4, maxLength: 512 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
  fc
    .uint8Array({ minLength: 8, maxLength: 512 })
    .map((b) => Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...b])),
  fc.string({ unit: 'binary', maxLength: 2000 }).map((s) => encoder.encode(s)),
);
