/**
 * Bugs the robustness suite found in core, adapter-text, adapter-xlsx and the CLI, each kept with the
 * input that showed it (the super-linear ones also run in complexity.test.ts). In adapter-xlsx, X1:
 * many <sheet> entries naming one worksheet part made SheetJS parse it once each (200 entries on a
 * 45 KB workbook: 8–10 s); X2: without xl/styles.xml, or with cell formats naming a missing fill,
 * SheetJS threw and caught a TypeError per cell, about 40 µs each (7–15 s per MB). The adapter's
 * vetting now takes repeated entries out and hands SheetJS a styles part whose fills all resolve
 * (packages/adapter-xlsx/src/vetting.test.ts asserts what is read).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block, SourceDocument, TableCell } from '@xxgk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_INPUT, REPO } from './inputs.js';
import { Isolate, type Job, jobSize, verdict } from './isolate.js';
import { workbookFiles, zip } from './xlsx.js';

const isolate = new Isolate();
afterAll(() => isolate.close());
const encoder = new TextEncoder();

async function withinBound(job: Job): Promise<void> {
  const outcome = await isolate.run(job);
  expect(verdict(outcome, jobSize(job))).toBeUndefined();
}

const paragraph = (text: string): Block => ({ type: 'paragraph', text, position: { line: 1 } });
const cell = (text: string): TableCell => ({ text, rowSpan: 1, colSpan: 1, position: { line: 1 } });
const doc = (blocks: Block[], metadata: SourceDocument['metadata'] = {}): Job => ({
  kind: 'normalize',
  document: { blocks, metadata, diagnostics: [], mediaType: 'text/plain' },
});

describe('adapter-text', () => {
  it('T1: a Markdown heading line with 4,000 spaces inside (4 KB) reads within the bound', async () => {
    await withinBound({ kind: 'read', adapter: 'text', bytes: encoder.encode(`# a${' '.repeat(4000)}b\n`) });
  });

  it('T2: 40,000 hard-wrapped lines of one paragraph (4 MB) read within the bound', async () => {
    const line = '这是一个很长的句子没有结束这是一个很长的句子没有结束这是一个很长的\n';
    await withinBound({ kind: 'read', adapter: 'text', bytes: encoder.encode(line.repeat(40_000)) });
  });
});

describe('core normalize', () => {
  it('C1: a section of 200,000 spaces between two words normalizes within the bound', async () => {
    await withinBound(doc([paragraph('一、总体情况'), paragraph(`a${' '.repeat(200_000)}b`)]));
  });

  it('C2: a metadata title of 2021年 and 80,000 spaces normalizes within the bound', async () => {
    await withinBound(doc([paragraph('x')], { title: `2021年${' '.repeat(80_000)}x` }));
  });

  it('C2 through the text adapter: a crawler 标题 line of the same', async () => {
    const text = `标题: 2021年${' '.repeat(80_000)}x\n==== 正文 ====\n正文\n`;
    await withinBound({ kind: 'read', adapter: 'text', bytes: encoder.encode(text) });
  });

  it('C3: a T4 row of one value and 40,000 blank cells (360 KB of HTML) within the bound', async () => {
    const html = `<p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td>1</td>${'<td></td>'.repeat(40_000)}</tr></table><p>本年制发件数 本年废止件数 现行有效件数 本列数据的勾稽关系</p>`;
    await withinBound({ kind: 'read', adapter: 'html', bytes: encoder.encode(html) });
  });

  it('C4: 80,000 table rows that are not template rows in T2 (2.4 MB of HTML) within the bound', async () => {
    const rows = Array.from({ length: 80_000 }, (_, i) => `<tr><td>行${i}</td><td>1</td></tr>`).join('');
    const html = `<p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>1</td></tr>${rows}</table><p>本年制发件数 本年废止件数 现行有效件数 本列数据的勾稽关系</p>`;
    await withinBound({ kind: 'read', adapter: 'html', bytes: encoder.encode(html) });
  });

  it('C3/C4 in documents: the same shapes handed to normalize directly', async () => {
    await withinBound(
      doc([
        paragraph('本年制发件数 本年废止件数 现行有效件数 本列数据的勾稽关系'),
        paragraph('四、政府信息公开行政复议、行政诉讼情况'),
        {
          type: 'table',
          emptyCells: 'blank',
          position: {},
          rows: [[cell('1'), ...Array.from({ length: 40_000 }, () => cell(''))]],
        },
      ]),
    );
  });
});

describe('adapter-xlsx', () => {
  it('X1: 200 <sheet> entries naming one 10,000-cell worksheet (45 KB) read within the bound', async () => {
    const files = workbookFiles({
      sheets: [{ name: 'S', rows: Array.from({ length: 2000 }, (_, i) => [`行${i}`, i, i, i, i]) }],
    });
    const book = files.find((f) => f.name === 'xl/workbook.xml')!;
    const entries = Array.from(
      { length: 200 },
      (_, i) => `<sheet name="S${i}" sheetId="${i + 1}" r:id="rId1"/>`,
    ).join('');
    book.data = String(book.data).replace(/<sheets>.*<\/sheets>/, `<sheets>${entries}</sheets>`);
    await withinBound({ kind: 'read', adapter: 'xlsx', bytes: zip(files) });
  });

  /**
   * 300,000 cells of two-digit numbers without cell references (360 KB): many cells per byte, so that
   * a cost per cell shows against the bound per byte. `cell` opens each cell; `styles` rewrites the
   * styles part.
   */
  function denseWorkbook(noStyles: boolean, cell = '<c>', styles = (xml: string) => xml): Uint8Array {
    const files = workbookFiles({ noStyles, sheets: [{ name: 'S', rows: [] }] });
    let seed = 1;
    const rows = Array.from({ length: 30_000 }, () => {
      const cells = Array.from({ length: 10 }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return `${cell}<v>${seed % 100}</v></c>`;
      });
      return `<row>${cells.join('')}</row>`;
    });
    for (const file of files) {
      if (file.name === 'xl/worksheets/sheet1.xml')
        file.data = String(file.data).replace(
          '<sheetData></sheetData>',
          `<sheetData>${rows.join('')}</sheetData>`,
        );
      if (file.name === 'xl/styles.xml') file.data = styles(String(file.data));
    }
    return zip(files);
  }

  it('X2: 300,000 cells without xl/styles.xml (360 KB) read within the bound', async () => {
    await withinBound({ kind: 'read', adapter: 'xlsx', bytes: denseWorkbook(true) });
  });

  it('X2: 300,000 cells in a format whose fill is missing (360 KB) read within the bound', async () => {
    const bytes = denseWorkbook(false, '<c s="1">', (xml) => {
      const edited = xml.replace(
        /<cellXfs count="1">(.*?)<\/cellXfs>/,
        '<cellXfs count="2">$1<xf numFmtId="0" fontId="0" fillId="99" borderId="0" xfId="0"/></cellXfs>',
      );
      expect(edited).not.toBe(xml);
      return edited;
    });
    await withinBound({ kind: 'read', adapter: 'xlsx', bytes });
  });
});

describe('cli', () => {
  it('L1: an input named __proto__ is reused from the cache like any other', () => {
    const root = mkdtempSync(join(tmpdir(), 'xxgk-pending-'));
    mkdirSync(join(root, 'in'));
    writeFileSync(
      join(root, 'in', '__proto__'),
      readFileSync(join(CORPUS_INPUT, 'text', 'pingtan-2021.txt')),
    );
    writeFileSync(join(root, 'in', 'ok.txt'), readFileSync(join(CORPUS_INPUT, 'text', 'pingtan-2023.txt')));
    const bin = join(REPO, 'apps', 'cli', 'bin', 'xxgk.js');
    const run = () =>
      JSON.parse(
        spawnSync(process.execPath, [bin, 'normalize', 'in', '--out', 'out', '--json', '--no-progress'], {
          cwd: root,
          encoding: 'utf8',
        }).stdout,
      );
    run();
    expect(run().reused).toBe(2);
    expect(
      Object.keys(JSON.parse(readFileSync(join(root, 'out', '.cache', 'index.json'), 'utf8')).entries),
    ).toContain('__proto__');
  });
});
