/**
 * Every limit of `Limits` (packages/core/src/adapter.ts) through the public API, with small configured
 * limits: input bytes, decompressed bytes (zip bombs), cells, nesting depth. Each refusal is an
 * AdapterError with its code and a message naming the limit, in bounded time, inside a worker whose heap
 * is capped (the memory bound: a refusal must not allocate what it refuses).
 */
import { deflateRawSync } from 'node:zlib';
import { DEFAULT_LIMITS, type Limits } from '@xxgk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type AdapterName, Isolate, type Outcome, verdict } from './isolate.js';
import { type CellValue, workbook, workbookFiles, type ZipFile, zip } from './xlsx.js';

/** 256 MB of heap for inputs of a few MB and bombs that declare gigabytes. */
const isolate = new Isolate({ heapMb: 256 });
afterAll(() => isolate.close());

const encoder = new TextEncoder();

async function read(adapter: AdapterName, bytes: Uint8Array, limits?: Partial<Limits>): Promise<Outcome> {
  const outcome = await isolate.run({
    kind: 'read',
    adapter,
    bytes,
    options: { fileName: `input.${adapter === 'text' ? 'txt' : adapter}`, ...(limits ? { limits } : {}) },
  });
  // Whatever the outcome, it keeps the contract and the bounds.
  expect(verdict(outcome, bytes.byteLength)).toBeUndefined();
  return outcome;
}

function refused(outcome: Outcome, code: string, mentions?: RegExp): void {
  expect({ outcome: outcome.outcome, code: outcome.code }).toEqual({ outcome: 'adapter-error', code });
  if (mentions) expect(outcome.message).toMatch(mentions);
}

function accepted(outcome: Outcome): void {
  expect(outcome.outcome, outcome.message).toBe('report');
}

const grid = (rows: number, cols: number): CellValue[][] =>
  Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => (c === 0 ? `行${r}` : r * c)),
  );

/** The same 10 × 10 table in each format. */
const TABLES: Record<AdapterName, Uint8Array> = {
  text: encoder.encode(
    grid(10, 10)
      .map((row) => `| ${row.join(' | ')} |`)
      .join('\n'),
  ),
  html: encoder.encode(
    `<html><body><p>一、总体情况</p><table>${grid(10, 10)
      .map((row) => `<tr>${row.map((v) => `<td>${v}</td>`).join('')}</tr>`)
      .join('')}</table></body></html>`,
  ),
  xlsx: workbook({ sheets: [{ name: 'S', rows: grid(10, 10) }] }),
};

describe('maxInputBytes', () => {
  for (const adapter of ['text', 'html', 'xlsx'] as const) {
    it(`${adapter}: over the limit is refused with too-large, at the limit it is read`, async () => {
      const bytes = TABLES[adapter];
      refused(
        await read(adapter, bytes, { maxInputBytes: bytes.byteLength - 1 }),
        'too-large',
        /over the limit/,
      );
      accepted(await read(adapter, bytes, { maxInputBytes: bytes.byteLength }));
    });
  }

  it('defaults to 50 MiB; a 60 MB input is refused before it is decoded', async () => {
    expect(DEFAULT_LIMITS.maxInputBytes).toBe(50 * 1024 * 1024);
    const huge = new Uint8Array(60_000_000).fill(0x31);
    for (const adapter of ['text', 'html', 'xlsx'] as const) {
      const outcome = await read(adapter, huge);
      refused(outcome, 'too-large', /52428800/);
      expect(outcome.readMs).toBeLessThan(50);
    }
  });
});

describe('maxCells', () => {
  for (const adapter of ['text', 'html', 'xlsx'] as const) {
    it(`${adapter}: a table of 100 cells reads with maxCells 100 and is refused with 99`, async () => {
      accepted(await read(adapter, TABLES[adapter], { maxCells: 100 }));
      refused(await read(adapter, TABLES[adapter], { maxCells: 99 }), 'too-many-cells', /99/);
    });
  }

  it('spans cannot multiply cells past the limit: colspan and rowspan, merged ranges over a sheet', async () => {
    const rows = Array.from(
      { length: 300 },
      (_, r) => `<tr><td rowspan="300">${r}</td><td colspan="90">x</td></tr>`,
    );
    refused(
      await read('html', encoder.encode(`<table>${rows.join('')}</table>`), { maxCells: 10_000 }),
      'too-many-cells',
    );
    const merged = workbook({
      sheets: [{ name: 'S', rows: [['标题', 1], [], [], [2, 3, 4, 5]], merges: ['A1:XFD1048576'] }],
    });
    const outcome = await read('xlsx', merged, { maxCells: 10_000 });
    expect(outcome.outcome === 'report' || outcome.code === 'too-many-cells').toBe(true);
  });

  it('defaults to 500,000', () => {
    expect(DEFAULT_LIMITS.maxCells).toBe(500_000);
  });
});

describe('maxUncompressedBytes and zip bombs (xlsx)', () => {
  const sheet = workbookFiles({ sheets: [{ name: 'S', rows: grid(200, 10) }] });
  const inflated = sheet.reduce(
    (n, f) => n + (typeof f.data === 'string' ? encoder.encode(f.data).length : f.data.length),
    0,
  );
  const withSheet = (replacement: Partial<ZipFile>) =>
    zip(sheet.map((f) => (f.name === 'xl/worksheets/sheet1.xml' ? { ...f, ...replacement } : f)));
  const zeros = deflateRawSync(new Uint8Array(64 * 1024 * 1024));

  it('a workbook that inflates past the configured limit is refused with decompression-limit', async () => {
    const bytes = zip(sheet);
    accepted(await read('xlsx', bytes, { maxUncompressedBytes: inflated }));
    refused(
      await read('xlsx', bytes, { maxUncompressedBytes: inflated - 1 }),
      'decompression-limit',
      /limit/,
    );
  });

  it('a 1000:1 part, a part that lies about its size and a 4 GiB declaration are refused quickly', async () => {
    expect(DEFAULT_LIMITS.maxUncompressedBytes).toBe(200 * 1024 * 1024);
    const bombs = [
      withSheet({ data: '', deflated: zeros, declaredSize: 64 * 1024 * 1024 }),
      withSheet({ data: '', deflated: zeros, declaredSize: 40_000 }),
      withSheet({ data: '', deflated: zeros, declaredSize: 0xfffffff0 }),
    ];
    for (const bomb of bombs) {
      const outcome = await read('xlsx', bomb);
      refused(outcome, 'decompression-limit');
      expect(outcome.readMs).toBeLessThan(1000);
    }
  });

  it('many parts just under the ratio add up against the limit', async () => {
    const part = deflateRawSync(new Uint8Array(2 * 1024 * 1024));
    const extra = Array.from({ length: 120 }, (_, i) => ({
      name: `xl/media/image${i}.bin`,
      data: '',
      deflated: part,
      declaredSize: Math.min(2 * 1024 * 1024, part.length * 190),
    }));
    refused(
      await read('xlsx', zip([...sheet, ...extra]), { maxUncompressedBytes: 20 * 1024 * 1024 }),
      'decompression-limit',
    );
  });
});

describe('maxDepth', () => {
  const nested = (depth: number) =>
    encoder.encode(
      `<html><body>${'<div>'.repeat(depth)}<p>一、总体情况</p><p>正文</p>${'</div>'.repeat(depth)}</body></html>`,
    );

  it('html: deeper than maxDepth reads flattened with a diagnostic; deeper than 64 × maxDepth is too-deep', async () => {
    expect(DEFAULT_LIMITS.maxDepth).toBe(512);
    accepted(await read('html', nested(100), { maxDepth: 8 }));
    refused(await read('html', nested(600), { maxDepth: 8 }), 'too-deep', /64 × limits\.maxDepth/);
  });

  it('html: 10,000 nested elements read with the defaults; 200,000 (1 MB) are refused in bounded time', async () => {
    accepted(await read('html', nested(10_000)));
    const outcome = await read('html', nested(200_000));
    refused(outcome, 'too-deep');
    expect(outcome.readMs).toBeLessThan(2000);
  });

  it('text and workbooks have no nesting: a tiny maxDepth changes nothing', async () => {
    accepted(await read('text', TABLES.text, { maxDepth: 1 }));
    accepted(await read('xlsx', TABLES.xlsx, { maxDepth: 1 }));
  });
});
