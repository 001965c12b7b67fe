/**
 * A crafted workbook or page cannot pollute `Object.prototype` or run anything: `__proto__`,
 * `constructor` and friends as sheet names, cell text, defined names, properties, HTML attributes and
 * ids, metadata keys; scripts, event handlers and `javascript:` links in pages. The worker checks after
 * every job that no built-in prototype gained a key and no global appeared (a script that ran would
 * leave `__xxgkPwned`); these tests also check that the hostile names are read as plain data.
 */
import type { SourceDocument } from '@xxgk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Isolate, type Job, type Outcome, verdict } from './isolate.js';
import { workbook, workbookFiles, zip } from './xlsx.js';

const isolate = new Isolate();
afterAll(() => isolate.close());

const NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
];
const encoder = new TextEncoder();

async function run(job: Job): Promise<Outcome> {
  const outcome = await isolate.run(job);
  expect(verdict(outcome, job.kind === 'read' ? job.bytes.byteLength : 0)).toBeUndefined();
  expect(outcome.problems).toEqual([]);
  return outcome;
}

describe('the oracle', () => {
  it('notices a polluted prototype, a new global and a report that breaks its schema', async () => {
    const outcome = await isolate.run({ kind: 'self-test' });
    expect(outcome.outcome).toBe('report');
    expect(outcome.problems).toEqual([
      expect.stringMatching(/^the report breaks its schema/),
      'a built-in prototype gained or lost keys',
      'Object.prototype is polluted',
      'a new global appeared: __xxgkPwned',
    ]);
    // And it cleans up after itself.
    expect((await isolate.run({ kind: 'value', text: '1' })).problems).toEqual([]);
  });
});

describe('workbooks', () => {
  it('sheet names, cell text, properties and defined names such as __proto__ are data', async () => {
    const files = workbookFiles({
      sheets: NAMES.map((name) => ({
        name,
        rows: [
          [name, name, 1],
          ['{"__proto__":{"polluted":1}}', 2],
        ],
      })),
      sharedStrings: true,
      title: '__proto__',
      author: 'constructor',
    });
    const book = files.find((f) => f.name === 'xl/workbook.xml')!;
    book.data = String(book.data).replace(
      '</sheets>',
      `</sheets><definedNames>${NAMES.map((n) => `<definedName name="${n}">'${n}'!$A$1</definedName>`).join('')}</definedNames>`,
    );
    const outcome = await run({ kind: 'read', adapter: 'xlsx', bytes: zip(files) });
    expect(outcome.outcome).toBe('report');
    expect(outcome.blocks).toBe(NAMES.length);
  });

  it('sheets named like SheetJS internals (!ref, !merges, !data) and zip entries named __proto__', async () => {
    const bytes = workbook({
      sheets: ['!ref', '!merges', '!data', '!cols', '__proto__'].map((name) => ({ name, rows: [[name, 1]] })),
      extraFiles: [
        { name: '__proto__', data: '<x polluted="1"/>' },
        { name: 'xl/__proto__.xml', data: '<x/>' },
        { name: 'constructor/prototype.xml', data: '<x/>' },
      ],
    });
    const outcome = await run({ kind: 'read', adapter: 'xlsx', bytes });
    expect(outcome.outcome).toBe('report');
  });
});

describe('pages', () => {
  const page = `<!DOCTYPE html><html><head>
    <meta name="__proto__" content="polluted"><meta name="constructor" content="x"><meta name="ArticleTitle" content="__proto__">
    <title>__proto__</title>
    <script>globalThis.__xxgkPwned = 1; Object.prototype.polluted = 1;</script>
    <script src="data:text/javascript,globalThis.__xxgkPwned=1"></script>
    </head><body onload="globalThis.__xxgkPwned=1">
    <div id="__proto__" class="constructor" __proto__="polluted" constructor="x" prototype="y" hasOwnProperty="z">
      <p onclick="globalThis.__xxgkPwned=1">一、总体情况</p>
      <img src="x" onerror="globalThis.__xxgkPwned=1">
      <a href="javascript:globalThis.__xxgkPwned=1">__proto__</a>
      <iframe srcdoc="<script>globalThis.__xxgkPwned=1</script>"></iframe>
      <svg><script>globalThis.__xxgkPwned=1</script></svg>
      <table id="constructor"><tr __proto__="x"><td colspan="__proto__" rowspan="constructor">__proto__</td><td>1</td></tr>
      <tr><td style="__proto__:1">toString</td><td>2</td></tr></table>
      <p>本年新收政府信息公开申请数量</p>
    </div></body></html>`;

  it('attributes, ids, classes and meta names such as __proto__ are data; no script runs', async () => {
    const outcome = await run({ kind: 'read', adapter: 'html', bytes: encoder.encode(page) });
    expect(outcome.outcome).toBe('report');
  });

  it('script text never becomes document text', async () => {
    const { htmlAdapter } = await import('@xxgk/adapter-html');
    const doc = await htmlAdapter.read(encoder.encode(page));
    const text = JSON.stringify(doc.blocks);
    expect(text).not.toContain('xxgkPwned');
    expect(text).toContain('__proto__');
    expect(Object.getPrototypeOf(doc.metadata)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('text and documents', () => {
  it('crawler headers and Markdown with __proto__', async () => {
    const text =
      '标题: __proto__\n发布时间: constructor\n==== 正文 ====\n# __proto__\n| __proto__ | constructor |\n|---|---|\n| 1 | 2 |\n';
    const outcome = await run({ kind: 'read', adapter: 'text', bytes: encoder.encode(text) });
    expect(outcome.outcome).toBe('report');
  });

  it('normalize given a document whose metadata and texts carry __proto__ keys', async () => {
    const document = JSON.parse(
      JSON.stringify({
        blocks: [
          { type: 'paragraph', text: '__proto__', position: { sheet: '__proto__' } },
          {
            type: 'table',
            emptyCells: 'blank',
            position: {},
            rows: [[{ text: '__proto__', rowSpan: 1, colSpan: 1, position: { cell: 'constructor' } }]],
          },
        ],
        metadata: { title: 'constructor' },
        diagnostics: [{ code: '__proto__', severity: 'info', message: 'constructor' }],
        mediaType: 'text/plain',
      }),
    ) as SourceDocument;
    // Own `__proto__` keys, as JSON.parse makes them.
    Object.defineProperty(document.metadata, '__proto__', {
      value: 'x',
      enumerable: true,
      configurable: true,
      writable: true,
    });
    const outcome = await run({ kind: 'normalize', document });
    expect(outcome.outcome).toBe('report');
  });
});
