import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, copyCorpus, garbage, tempDir, write, xxgk } from './helpers.js';

const HONGZE = join(CORPUS, 'text', 'huaian-hongze-2023.layout.txt');
const SHANGHAI = join(CORPUS, 'html', 'shanghai-office-2019.html');
const PDF = join(CORPUS, 'pdf', 'huaian-2024.pdf');
let work: string;

beforeAll(() => {
  work = tempDir();
  write(work, 'garbage.txt', garbage());
});

describe('xxgk check', () => {
  it('prints the findings with the cells’ Chinese labels and values, and the reading diagnostics apart', () => {
    const run = xxgk(['check', HONGZE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('淮安市洪泽区人民政府 · 2023 · format 2021 · read by text');
    expect(run.stdout).toMatch(/Findings \(\d+\) — problems of the report/);
    expect(run.stdout).toMatch(/Reading diagnostics \(\d+\) — problems of reading it/);
    // 洪泽区 2023 prints its section 4 totals as 0: the t4-total rule must say so, with labels.
    expect(run.stdout).toMatch(/error\s+t4-total/);
    expect(run.stdout).toMatch(/T4\.review\.total\s+行政复议 · 总计\s+printed 0/);
    expect(run.stdout).toMatch(/expected \d+, printed 0/);
  });

  it('gives the same as JSON, with labels', () => {
    const run = xxgk(['check', HONGZE, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      status: 'read',
      adapter: 'text',
      agency: '淮安市洪泽区人民政府',
      year: 2023,
    });
    const t4 = result.findings.find((f: { rule: string }) => f.rule === 't4-total');
    expect(t4.cells[0]).toMatchObject({ key: 'T4.review.total', label: '行政复议 · 总计', value: 0 });
    expect(Array.isArray(result.diagnostics)).toBe(true);
  });

  it('checks a normalized report JSON again', () => {
    const out = join(work, 'out-check');
    copyCorpus(join(work, 'in-check'), { 'hongze.txt': 'text/huaian-hongze-2023.layout.txt' });
    xxgk(['normalize', join(work, 'in-check'), '--out', out]);
    const run = xxgk(['check', join(out, 'reports', 'hongze.json'), '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.kind).toBe('report');
    const stored = JSON.parse(readFileSync(join(out, 'reports', 'hongze.json'), 'utf8'));
    expect(result.findings.map((f: { rule: string }) => f.rule)).toEqual(
      stored.findings.map((f: { rule: string }) => f.rule),
    );
  });

  it('exits 1 for a file it cannot read, with the reason', () => {
    const bad = xxgk(['check', join(work, 'garbage.txt')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/failed: .*binary/);
    const pdf = xxgk(['check', PDF, '--json']);
    expect(pdf.code).toBe(1);
    expect(JSON.parse(pdf.stdout)).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/pdftotext/),
    });
    expect(xxgk(['check', join(work, 'missing.txt')]).code).toBe(1);
  });
});

describe('xxgk inspect', () => {
  it('shows the blocks, the table grids and every cell with status and source', () => {
    const run = xxgk(['inspect', SHANGHAI]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Blocks \(\d+\) — what the html adapter read/);
    expect(run.stdout).toMatch(/#\d+ heading .*2019年上海市人民政府办公厅政府信息公开工作年度报告/);
    expect(run.stdout).toMatch(/#\d+ table 1 \(.*26×10; empty cells blank\)/);
    // A grid row as aligned text: label, then the values of the row.
    expect(run.stdout).toMatch(/一、本年新收政… +│ < +│ < +│ 821 +│ 35/);
    expect(run.stdout).toContain('T3 收到和处理政府信息公开申请情况');
    expect(run.stdout).toMatch(
      /T2\.procurement\.amount\s+政府集中采购 · 采购总金额\s+25\.1\s+251000元\s+unit\s+.*table 0 row 17/,
    );
    expect(run.stdout).toMatch(/T3\.newReceived\.naturalPerson .* 821 +821 +ok +.*table 1 row 3/);
  });

  it('gives the document and the report as JSON', () => {
    const run = xxgk(['inspect', HONGZE, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.adapter).toBe('text');
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.document.blocks.some((b: { type: string }) => b.type === 'table')).toBe(true);
    expect(result.report.cells['T4.review.total'].value).toBe(0);
  });

  it('exits 1 for a file it cannot read', () => {
    expect(xxgk(['inspect', join(work, 'garbage.txt')]).code).toBe(1);
  });
});

describe('xxgk adapters', () => {
  it('lists the adapters with their extensions', () => {
    const run = xxgk(['adapters']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^text +\.txt .*\.md/m);
    expect(run.stdout).toMatch(/^html +\.html \.htm/m);
    const json = JSON.parse(xxgk(['adapters', '--json']).stdout);
    expect(json.adapters.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['text', 'html']),
    );
  });

  it('includes an --adapter module, marked as such', () => {
    const run = xxgk(['adapters', '--adapter', './test/fixtures/fake-adapter.mjs']);
    expect(run.stdout).toMatch(/^fake +\.fake +.*fake-adapter\.mjs \(--adapter\)$/m);
  });
});

describe('help and version', () => {
  it('prints the version of the package', () => {
    const version = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
    const run = xxgk(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('has --help on every command, exit 0', () => {
    for (const command of [[], ['normalize'], ['check'], ['inspect'], ['adapters']]) {
      const run = xxgk([...command, '--help']);
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/Usage: xxgk/);
    }
    expect(xxgk(['normalize', '--help']).stdout).toMatch(/--previous <dir>/);
  });

  it('exits 2 without a command', () => {
    expect(xxgk([]).code).toBe(2);
  });
});
