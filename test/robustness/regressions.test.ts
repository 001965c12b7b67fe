/**
 * Regressions: the inputs of bugs this suite found and that are fixed, held to the contract and the
 * stated bound. Long runs are kept as code; whole files are kept in regressions/ (see its README).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceDocument } from '@xxgk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { encode } from './encodings.js';
import { HERE } from './inputs.js';
import { type AdapterName, Isolate, type Job, jobSize, verdict } from './isolate.js';

const isolate = new Isolate();
afterAll(() => isolate.close());
const encoder = new TextEncoder();

async function holds(job: Job): Promise<string | undefined> {
  const outcome = await isolate.run(job);
  expect(['report', 'document', 'adapter-error']).toContain(outcome.outcome);
  expect(verdict(outcome, jobSize(job))).toBeUndefined();
  return outcome.code;
}

const html = (text: string): Job => ({ kind: 'read', adapter: 'html', bytes: encoder.encode(text) });

describe('fixed: adapter-html', () => {
  it('a text node with a line break and 400,000 spaces elsewhere (was quadratic: minutes)', async () => {
    expect(await holds(html(`<p>中\na${' '.repeat(400_000)}b</p>`))).toBeUndefined();
  });

  it('a style of 100,000 `mso-` (was quadratic: minutes)', async () => {
    expect(await holds(html(`<p style="${'mso-'.repeat(100_000)}">一、总体情况</p>`))).toBeUndefined();
  });

  it('1,100 `<meta` without `>` and 10,900 spaces after charset= in the head (was cubic: minutes)', async () => {
    expect(
      await holds(html(`${'<meta'.repeat(1100)} charset=${' '.repeat(10_900)}><p>一、总体情况</p>`)),
    ).toBeUndefined();
  });

  it('200,000 nested <div> (1 MB; was 40 s) and 10,000 under 200,000 stray close tags are refused: too-deep', async () => {
    expect(await holds(html(`<body>${'<div>'.repeat(200_000)}一、总体情况</body>`))).toBe('too-deep');
    expect(
      await holds(html(`<body>${'<div>'.repeat(10_000)}一、总体情况${'</span>'.repeat(200_000)}</body>`)),
    ).toBe('too-deep');
  });
});

describe('fixed: decode', () => {
  it('a GBK page that declares base64 or utf-16 is read, not refused as markup-less noise', async () => {
    const gbk = encode('<p>一、总体情况</p><p>本年新收政府信息公开申请数量</p>', 'gbk');
    for (const charset of ['base64', 'utf-16', 'hex', 'utf-7']) {
      const bytes = new Uint8Array([...encoder.encode(`<meta charset="${charset}">`), ...gbk]);
      expect(await holds({ kind: 'read', adapter: 'html', bytes })).toBeUndefined();
    }
  });

  it('a Chinese report in BOM-less UTF-16 is read, not refused as binary (half the corpus was)', async () => {
    const text = '某局2021年政府信息公开工作年度报告\n一、总体情况\n第一条、统一、一律。\n'.repeat(50);
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      expect(await holds({ kind: 'read', adapter: 'text', bytes: encode(text, encoding) })).toBeUndefined();
    }
  });
});

const ADAPTER_OF: Record<string, AdapterName> = {
  txt: 'text',
  md: 'text',
  html: 'html',
  htm: 'html',
  xlsx: 'xlsx',
};
const kept = readdirSync(join(HERE, 'regressions')).filter(
  (name) => /\.(txt|md|html?|xlsx|json)$/.test(name) && !name.endsWith('.job.json'),
);

describe('kept inputs (regressions/)', () => {
  it.skipIf(kept.length === 0)('every kept input keeps the contract', async () => {
    for (const name of kept) {
      const path = join(HERE, 'regressions', name);
      const extension = name.split('.').pop()!;
      if (extension === 'json') {
        await holds({
          kind: 'normalize',
          document: JSON.parse(readFileSync(path, 'utf8')) as SourceDocument,
        });
        continue;
      }
      let spec: { adapter?: AdapterName; options?: Record<string, unknown> } = {};
      try {
        spec = JSON.parse(readFileSync(`${path}.job.json`, 'utf8'));
      } catch {
        // no job file: the extension decides
      }
      await holds({
        kind: 'read',
        adapter: spec.adapter ?? ADAPTER_OF[extension]!,
        bytes: new Uint8Array(readFileSync(path)),
        options: { fileName: name, ...spec.options },
      });
    }
  });
});
