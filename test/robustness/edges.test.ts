/**
 * The named hostile inputs of issue #8, one by one through every adapter: empty files, whitespace and
 * BOMs alone, binary garbage under a `.html` (or `.txt`, `.xlsx`) name, huge cells, a huge line, and
 * 10,000-deep nesting of every kind of element.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_INPUT } from './inputs.js';
import { type AdapterName, Isolate, type Job, jobSize, type Outcome, verdict } from './isolate.js';
import { workbook } from './xlsx.js';

const isolate = new Isolate({ heapMb: 512 });
afterAll(() => isolate.close());
const encoder = new TextEncoder();
const ADAPTERS: AdapterName[] = ['text', 'html', 'xlsx'];

async function run(job: Job): Promise<Outcome> {
  const outcome = await isolate.run(job);
  expect(verdict(outcome, jobSize(job))).toBeUndefined();
  return outcome;
}

const read = (adapter: AdapterName, bytes: Uint8Array, fileName: string) =>
  run({ kind: 'read', adapter, bytes, options: { fileName } });

describe('empty and blank files', () => {
  for (const [what, bytes] of [
    ['no bytes', new Uint8Array(0)],
    ['whitespace', encoder.encode(' \r\n\t\f\u3000 \n')],
    ['a UTF-8 BOM', Uint8Array.from([0xef, 0xbb, 0xbf])],
    ['a UTF-16 BOM', Uint8Array.from([0xff, 0xfe])],
    ['a BOM and whitespace', Uint8Array.from([0xfe, 0xff, 0, 0x20, 0, 0x0a])],
  ] as const) {
    it(`${what}: refused as empty (or not this format) by every adapter`, async () => {
      for (const adapter of ADAPTERS) {
        const outcome = await read(adapter, bytes, `empty.${adapter}`);
        expect(outcome.outcome).toBe('adapter-error');
        expect(['empty', 'unsupported']).toContain(outcome.code);
      }
    });
  }
});

describe('binary garbage under any name', () => {
  const pdfs = readdirSync(join(CORPUS_INPUT, 'pdf')).map((name) =>
    readFileSync(join(CORPUS_INPUT, 'pdf', name)),
  );
  const noise = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) >>> 24);
  for (const adapter of ADAPTERS) {
    it(`${adapter}: PDFs and noise named .html, .txt, .xlsx are refused, never thrown over`, async () => {
      for (const bytes of [...pdfs.map((b) => new Uint8Array(b)), noise]) {
        for (const name of ['report.html', 'report.txt', 'report.xlsx']) {
          const outcome = await read(adapter, bytes, name);
          expect(outcome.outcome).toBe('adapter-error');
        }
      }
    });
  }
});

describe('huge cells and lines', () => {
  const huge = '本年新收政府信息公开申请数量1 '.repeat(200_000);
  const varied = Array.from({ length: 400_000 }, (_, i) => `${(i * 7919) % 100_003}、`).join('');

  it('a 5 MB table cell in text, HTML and a document, a 3 MB one in a workbook', async () => {
    const outcomes = [
      await read('text', encoder.encode(`| 规章 | ${huge} |\n| a | 1 |\n`), 'x.md'),
      await read(
        'html',
        encoder.encode(`<table><tr><td>规章</td><td>${huge}</td></tr><tr><td>a</td><td>1</td></tr></table>`),
        'x.html',
      ),
      await read(
        'xlsx',
        workbook({
          sheets: [
            {
              name: 'S',
              // Not `huge`: 5 MB of one phrase deflates 338:1, refused as a zip bomb (over 200:1) by design.
              rows: [
                ['规章', varied],
                ['a', 1],
              ],
            },
          ],
        }),
        'x.xlsx',
      ),
      await run({
        kind: 'normalize',
        document: {
          blocks: [
            {
              type: 'table',
              emptyCells: 'blank',
              position: {},
              rows: [
                [
                  { text: '规章', rowSpan: 1, colSpan: 1, position: {} },
                  { text: huge, rowSpan: 1, colSpan: 1, position: {} },
                ],
              ],
            },
          ],
          metadata: { title: huge },
          diagnostics: [],
          mediaType: 'x',
        },
      }),
    ];
    expect(outcomes.map((o) => [o.outcome, o.code, o.message])).toEqual(
      outcomes.map(() => ['report', undefined, undefined]),
    );
  });

  it('a 5 MB line of text, and a 5 MB paragraph in a page', async () => {
    expect((await read('text', encoder.encode(huge), 'x.txt')).outcome).toBe('report');
    expect((await read('html', encoder.encode(`<p>${huge}</p>`), 'x.html')).outcome).toBe('report');
  });
});

describe('10,000-deep nesting', () => {
  for (const open of [
    '<div>',
    '<span>',
    '<table><tr><td>',
    '<ul><li>',
    '<b><i>',
    '<blockquote>',
    '<font size=2>',
  ]) {
    it(`${open} × 10,000 reads, flattened below maxDepth`, async () => {
      const close = open
        .replace(/<(\w+)[^>]*>/g, '</$1>')
        .split('</')
        .reverse()
        .join('</');
      const page = `<html><body><p>一、总体情况</p>${open.repeat(10_000)}本年新收政府信息公开申请数量${close.repeat(10_000)}</body></html>`;
      expect((await read('html', encoder.encode(page), 'deep.html')).outcome).toBe('report');
    });
  }
});
