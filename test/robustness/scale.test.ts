/**
 * Big legal inputs in bounded time and memory: several MB of real reports in each format, read and
 * normalized inside a worker whose heap is capped. Measured on the development machine (peak RSS of a
 * fresh process, read + normalize): text 0.1–0.35 s/MB and about 90 MB + 20 × input; HTML 0.3–0.6 s/MB
 * and about 90 MB + 19 × input; workbooks about 2 s per MB of .xlsx (5:1 compressed) and about 700 bytes
 * per cell (about 0.5 GB at the 500,000 cells `maxCells` allows by default; 1.7 GB at 2 million).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_INPUT } from './inputs.js';
import { Isolate, type Job, jobSize, verdict } from './isolate.js';
import { workbook } from './xlsx.js';

const encoder = new TextEncoder();
const isolates: Isolate[] = [];
afterAll(() => Promise.all(isolates.map((i) => i.close())));

async function within(job: Job, heapMb: number): Promise<void> {
  const isolate = new Isolate({ heapMb });
  isolates.push(isolate);
  const outcome = await isolate.run(job);
  expect(verdict(outcome, jobSize(job))).toBeUndefined();
  expect(outcome.outcome).toBe('report');
  await isolate.close();
}

function repeatTo(bytes: number, parts: string[], separator: string): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = parts[i % parts.length]!;
    out.push(part);
    size += part.length * 3;
  }
  return out.join(separator);
}

const corpus = (file: string) => readFileSync(join(CORPUS_INPUT, file), 'utf8');

describe('big inputs, capped heap', () => {
  it('4 MB of text reports in a 256 MB heap', async () => {
    const parts = ['text/pingtan-2021.txt', 'text/huaian-2024.layout.txt', 'text/shuyang-2025.md'].map(
      corpus,
    );
    const text = repeatTo(4_000_000, parts, '\n\n');
    await within({ kind: 'read', adapter: 'text', bytes: encoder.encode(text) }, 256);
  });

  it('4 MB of HTML in a 256 MB heap', async () => {
    const page = corpus('html/shanghai-office-2019.html');
    const body = repeatTo(4_000_000, [page], '</div><div>');
    await within(
      {
        kind: 'read',
        adapter: 'html',
        bytes: encoder.encode(`<html><body><div>${body}</div></body></html>`),
      },
      256,
    );
  });

  it('a workbook of 300,000 cells (1.5 MB) in a 512 MB heap', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [
      `本年新收政府信息公开申请数量${i}`,
      i,
      i + 1,
      i + 2,
      i * 3,
      'x',
    ]);
    await within(
      {
        kind: 'read',
        adapter: 'xlsx',
        bytes: workbook({ sheets: [{ name: 'S', rows }], sharedStrings: true }),
      },
      512,
    );
  });
});
