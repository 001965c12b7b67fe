/**
 * The accuracy evaluation (`npm run eval`) on the real-report corpus, through the built CLI: no gold cell
 * may be read wrong, and accuracy may not fall below today's figure. corpus.test.ts checks the same cells
 * in-process; this test checks what users get: the CLI's report JSON, reports.csv and cells.csv.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './csv.mjs';
import { CORPUS_GOLD, CORPUS_INPUT, type EvalResult, evaluate, formatTable, loadGolds } from './eval.mjs';

/**
 * Today's figures: 2,502 of 2,512 gold cells right, the other 10 ambiguous (the 复议诉讼 values of the
 * plain-pdftotext 淮安市 2024 file), none wrong. Raise them when the reader improves; never lower them.
 */
const BASELINE = { right: 2502, cells: 2512 };

describe('npm run eval on test/corpus', () => {
  let result: EvalResult;
  beforeAll(() => {
    result = evaluate();
  });

  it('reads no gold cell wrong', () => {
    const wrong = result.reports.flatMap((r) =>
      r.wrongCells.map((w) => `${r.file} ${w.key}: gold ${w.gold}, read ${w.read} (${w.raw})`),
    );
    expect(wrong).toEqual([]);
    expect(result.overall.wrong).toBe(0);
  });

  it(`keeps accuracy at or above ${BASELINE.right} of ${BASELINE.cells} gold cells`, () => {
    const { right, cells, accuracy } = result.overall;
    expect(cells).toBeGreaterThanOrEqual(BASELINE.cells);
    expect(right).toBeGreaterThanOrEqual(BASELINE.right);
    expect(accuracy).toBeGreaterThanOrEqual(BASELINE.right / BASELINE.cells);
    // Right, wrong and missing partition the gold cells; ambiguous ones are among the missing.
    expect(right + result.overall.wrong + result.overall.missing).toBe(cells);
    expect(result.overall.ambiguous).toBeLessThanOrEqual(result.overall.missing);
  });

  it('reads agency, year and format right in every scored report', () => {
    const wrong = result.reports.flatMap((r) =>
      (['agency', 'year', 'format'] as const)
        .filter((field) => !r[field].right)
        .map((field) => `${r.file} ${field}: gold ${r[field].gold}, read ${r[field].read}`),
    );
    expect(wrong).toEqual([]);
    const { reports, agencyRight, yearRight, formatRight } = result.overall;
    expect([agencyRight, yearRight, formatRight]).toEqual([reports, reports, reports]);
  });

  it('scores every gold file of a file the CLI read, and no PDF', () => {
    const golds = loadGolds(CORPUS_GOLD);
    expect(result.reports.map((r) => r.file).sort()).toEqual(golds.map((g) => g.file).sort());
    expect(result.reports.filter((r) => r.status === 'not-found' || r.status === 'failed')).toEqual([]);
    // The PDFs are in the input folder, skipped by the CLI (no PDF reader yet) and counted nowhere.
    const pdfs = result.cli.notRead.filter((p) => p.file.startsWith('pdf/'));
    expect(pdfs.map((p) => p.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(result.reports.some((r) => r.file.endsWith('.pdf'))).toBe(false);
    expect(result.cli.exitCode).toBe(1); // some inputs skipped
  });

  it('finds cells.csv, reports.csv and the report JSON in agreement', () => {
    expect(result.reports.flatMap((r) => r.inconsistencies)).toEqual([]);
  });

  it('prints a table with the overall line', () => {
    const table = formatTable(result);
    expect(table).toContain(`${result.overall.right} of ${result.overall.cells} gold cells right`);
    expect(table).toContain('text/pingtan-2021.txt');
  });
});

describe('the scoring itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-eval-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts a wrong value as wrong, a gold file without input as missing, and a skipped PDF not at all', () => {
    const inputs = join(dir, 'input');
    const golds = join(dir, 'gold');
    mkdirSync(join(inputs, 'text'), { recursive: true });
    mkdirSync(join(inputs, 'pdf'), { recursive: true });
    mkdirSync(golds);
    copyFileSync(join(CORPUS_INPUT, 'text', 'pingtan-2021.txt'), join(inputs, 'text', 'pingtan-2021.txt'));
    copyFileSync(join(CORPUS_INPUT, 'pdf', 'huaian-2024.pdf'), join(inputs, 'pdf', 'huaian-2024.pdf'));
    const gold = JSON.parse(readFileSync(join(CORPUS_GOLD, 'text__pingtan-2021.json'), 'utf8'));
    const right = Object.keys(gold.cells).length - 1;
    // One printed value altered by one, and the agency misspelt: the eval must call both wrong.
    gold.cells['T3.newReceived.total'] += 1;
    gold.agency = '平潭综合试验区';
    writeFileSync(join(golds, 'pingtan.json'), JSON.stringify(gold));
    writeFileSync(
      join(golds, 'absent.json'),
      JSON.stringify({ ...gold, file: 'text/absent.txt', cells: { 'T4.review.total': 1 } }),
    );
    writeFileSync(
      join(golds, 'pdf.json'),
      JSON.stringify({ ...gold, file: 'pdf/huaian-2024.pdf', cells: { 'T4.review.total': 1 } }),
    );

    const out = join(dir, 'out');
    const result = evaluate({ inputs, gold: golds, keep: out });
    const pingtan = result.reports.find((r) => r.file === 'text/pingtan-2021.txt')!;
    expect(pingtan).toMatchObject({ right, wrong: 1, missing: 0 });
    expect(pingtan.wrongCells).toEqual([
      {
        key: 'T3.newReceived.total',
        gold: 71,
        read: 70,
        raw: expect.any(String),
        status: expect.any(String),
      },
    ]);
    expect([pingtan.agency.right, pingtan.year.right, pingtan.format.right]).toEqual([false, true, true]);
    expect(result.reports.find((r) => r.file === 'text/absent.txt')).toMatchObject({
      status: 'not-found',
      cells: 1,
      missing: 1,
      right: 0,
    });
    expect(result.skipped).toEqual([{ file: 'pdf/huaian-2024.pdf', reason: 'skipped by the CLI', cells: 1 }]);
    expect(result.overall).toMatchObject({ reports: 2, cells: right + 2, right, wrong: 1, missing: 1 });

    // The CLI's own outputs are what was scored: cells.csv has the value the eval read.
    const cells = parseCsv(readFileSync(join(out, 'cells.csv'), 'utf8'));
    const row = cells.find((r) => r[0] === 'text/pingtan-2021.txt' && r[2] === 'T3.newReceived.total');
    expect(row?.[3]).toBe('70');
  });
});
