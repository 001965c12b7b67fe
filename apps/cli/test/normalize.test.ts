import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportSchema } from '@xxgk/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyCorpus, garbage, readTable, tempDir, write, xxgk } from './helpers.js';

const GOOD = {
  'text/chuanhui-dsj-2021.txt': 'text/chuanhui-dsj-2021.txt',
  'text/huaian-hongze-2023.layout.txt': 'text/huaian-hongze-2023.layout.txt',
  'text/pingtan-2021.txt': 'text/pingtan-2021.txt',
  // Differs from the one above only by case: the ids must still differ on a case-insensitive disk.
  'text/PINGTAN-2021.TXT': 'text/pingtan-2021.txt',
  'md/shuyang-2025.md': 'text/shuyang-2025.md',
  'html/shanghai-office-2019.html': 'html/shanghai-office-2019.html',
  '中文 目录/平潭 2023.txt': 'text/pingtan-2023.txt',
};
const UNREAD = {
  'bad/garbage.html': { status: 'failed', reason: /binary/ },
  'bad/empty.txt': { status: 'failed', reason: /empty/ },
  // A zip signature and nothing else: the xlsx adapter takes it and says what is wrong.
  'bad/broken.xlsx': { status: 'failed', reason: /xlsx adapter/ },
  'pdf/huaian-2024.pdf': {
    status: 'skipped',
    reason: /PDF input is not supported yet; convert with pdftotext/,
  },
};
const FILES = [...Object.keys(GOOD), ...Object.keys(UNREAD)].sort();
const CSV_FILES = ['reports.csv', 'cells.csv', 'findings.csv'];

let root: string;
let input: string;
let out: string;
let first: ReturnType<typeof xxgk>;

const readOut = (folder: string, name: string) => readFileSync(join(folder, name), 'utf8');
const summaryOf = (folder: string) => JSON.parse(readOut(folder, 'summary.json'));

beforeAll(() => {
  root = tempDir();
  input = join(root, 'in');
  out = join(root, 'out');
  copyCorpus(input, { ...GOOD, 'pdf/huaian-2024.pdf': 'pdf/huaian-2024.pdf' });
  write(input, 'bad/garbage.html', garbage());
  write(input, 'bad/empty.txt', '');
  write(input, 'bad/broken.xlsx', Buffer.from('PK\x03\x04 not really a workbook', 'latin1'));
  // Never inputs: dotfiles, dot folders, node_modules, and a second way to reach the same files.
  write(input, '.hidden.txt', 'hidden');
  write(input, '.git/config.txt', 'hidden');
  write(input, 'node_modules/pkg/readme.txt', 'dependency');
  write(input, 'README.md', '# the reports of 2023');
  symlinkSync('..', join(input, 'text', 'loop'));
  symlinkSync('pingtan-2021.txt', join(input, 'text', 'a-link.txt'));
  first = xxgk(['normalize', input, '--out', out, '--jobs', '2']);
});

describe('xxgk normalize', () => {
  it('exits 1 when some inputs were not read, and prints nothing on stdout', () => {
    expect(first.stderr).toContain('outputs');
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('');
  });

  it('accounts for every input in reports.csv, sorted by file, with its status', () => {
    const table = readTable(readOut(out, 'reports.csv'));
    expect(table.header.slice(0, 8)).toEqual([
      'file',
      'id',
      'status',
      'agency',
      'year',
      'format',
      'errors',
      'warnings',
    ]);
    expect(table.header).toContain('T3.newReceived.naturalPerson');
    expect(table.header).toContain('T2.procurement.amount');
    expect(table.header).toContain('T3.otherHandling.total');
    expect(table.header).toContain('T3.otherHandling.feeUnpaid.total');
    expect(new Set(table.header).size).toBe(table.header.length);
    expect(table.rows.map((row) => row.file)).toEqual(FILES);
    const ids = table.rows.map((row) => row.id);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
    const byFile = Object.fromEntries(table.rows.map((row) => [row.file, row]));
    for (const file of Object.keys(GOOD)) expect(['ok', 'warning', 'error']).toContain(byFile[file]!.status);
    for (const [file, expected] of Object.entries(UNREAD)) {
      expect(byFile[file]!.status).toBe(expected.status);
      expect(byFile[file]!.agency).toBe('');
    }
    expect(byFile['text/chuanhui-dsj-2021.txt']).toMatchObject({
      id: 'text__chuanhui-dsj-2021',
      agency: '川汇区政务服务和大数据管理局',
      year: '2021',
      format: '2021',
    });
    expect(byFile['中文 目录/平潭 2023.txt']!.id).toBe('中文_目录__平潭_2023');
    expect(byFile['html/shanghai-office-2019.html']).toMatchObject({
      format: '2019',
      'T2.procurement.amount': '25.1',
    });
    // A status follows from the findings counted beside it.
    for (const row of table.rows.filter((r) => Object.hasOwn(GOOD, r.file))) {
      const expected = Number(row.errors) > 0 ? 'error' : Number(row.warnings) > 0 ? 'warning' : 'ok';
      expect(row.status).toBe(expected);
    }
  });

  it('writes one valid report JSON per read input, named by its id, inside --out', () => {
    const table = readTable(readOut(out, 'reports.csv'));
    const read = table.rows.filter((row) => Object.hasOwn(GOOD, row.file));
    expect(readdirSync(join(out, 'reports')).sort()).toEqual(read.map((row) => `${row.id}.json`).sort());
    for (const row of read) {
      const report = reportSchema.parse(JSON.parse(readOut(out, `reports/${row.id}.json`)));
      expect(report.source.path).toBe(row.file);
      expect(report.agency ?? '').toBe(row.agency);
      expect(report.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('writes cells.csv and findings.csv consistent with the reports', () => {
    const reports = readTable(readOut(out, 'reports.csv')).rows.filter((row) =>
      Object.hasOwn(GOOD, row.file),
    );
    const cells = readTable(readOut(out, 'cells.csv'));
    const findings = readTable(readOut(out, 'findings.csv'));
    expect(cells.header).toEqual(['file', 'id', 'key', 'value', 'raw', 'status', 'inferred']);
    expect(findings.header).toEqual(['file', 'id', 'rule', 'severity', 'message', 'keys']);
    for (const row of reports) {
      const report = JSON.parse(readOut(out, `reports/${row.id}.json`));
      const own = cells.rows.filter((cell) => cell.file === row.file);
      expect(own.length).toBe(Object.keys(report.cells).length);
      for (const cell of own) {
        const source = report.cells[cell.key];
        expect(cell.value).toBe(source.value === null ? '' : String(source.value));
        expect(cell.raw).toBe(source.raw ?? '');
        expect(cell.status).toBe(source.status);
        expect(cell.id).toBe(row.id);
      }
      const ownFindings = findings.rows.filter((finding) => finding.file === row.file);
      expect(ownFindings.map((f) => f.rule)).toEqual(report.findings.map((f: { rule: string }) => f.rule));
      expect(ownFindings.map((f) => f.keys)).toEqual(
        report.findings.map((f: { keys: string[] }) => f.keys.join(' ')),
      );
      expect(ownFindings.filter((f) => f.severity === 'error').length).toBe(Number(row.errors));
    }
    const files = cells.rows.map((row) => row.file);
    expect(files).toEqual([...files].sort());
  });

  it('summarizes counts and every input not read, with the reason', () => {
    const summary = summaryOf(out);
    expect(summary.xxgk).toMatch(/^\d+\.\d+\.\d+/);
    expect(summary.inputs).toBe(FILES.length);
    const statuses = summary.byStatus;
    expect(statuses.ok + statuses.warning + statuses.error + statuses.failed + statuses.skipped).toBe(
      FILES.length,
    );
    expect(statuses.failed).toBe(3);
    expect(statuses.skipped).toBe(1);
    expect(summary.read).toBe(Object.keys(GOOD).length);
    expect(summary.byFormat['2019']).toBe(1);
    expect(Object.values(summary.byFormat).reduce((a: number, b) => a + (b as number), 0)).toBe(summary.read);
    const findings = readTable(readOut(out, 'findings.csv')).rows;
    for (const [rule, count] of Object.entries(summary.byRule)) {
      expect(findings.filter((f) => f.rule === rule).length).toBe(count);
    }
    expect(summary.problems.map((p: { file: string }) => p.file)).toEqual(Object.keys(UNREAD).sort());
    for (const problem of summary.problems) {
      const expected = UNREAD[problem.file as keyof typeof UNREAD];
      expect(problem.status).toBe(expected.status);
      expect(problem.reason).toMatch(expected.reason);
    }
    expect(summary.timing.seconds).toBeGreaterThan(0);
    expect(summary.reused).toBe(0);
  });

  it('closes with a summary on stderr: statuses, findings, where the outputs are', () => {
    expect(first.stderr).toMatch(/xxgk: 11 inputs in/);
    expect(first.stderr).toMatch(/failed 3 · skipped 1/);
    expect(first.stderr).toContain('pdf/huaian-2024.pdf: PDF input is not supported yet');
  });

  it('leaves no temp file behind', () => {
    const all = [...readdirSync(out), ...readdirSync(join(out, 'reports'))];
    expect(all.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('reuses unchanged inputs on a second run and writes the same bytes', () => {
    const reportFiles = readdirSync(join(out, 'reports'));
    const mtimes = reportFiles.map((name) => statSync(join(out, 'reports', name)).mtimeMs);
    const csvs = CSV_FILES.map((name) => readOut(out, name));
    const again = xxgk(['normalize', input, '--out', out, '--jobs', '2', '--json']);
    expect(again.code).toBe(1);
    const summary = JSON.parse(again.stdout);
    expect(summary.reused).toBe(Object.keys(GOOD).length);
    expect(summary).toEqual(summaryOf(out));
    expect(reportFiles.map((name) => statSync(join(out, 'reports', name)).mtimeMs)).toEqual(mtimes);
    expect(CSV_FILES.map((name) => readOut(out, name))).toEqual(csvs);
  });

  it('reads a changed input again, and everything with --force', () => {
    const work = tempDir();
    copyCorpus(join(work, 'in'), { 'a.txt': 'text/pingtan-2021.txt', 'b.txt': 'text/chuanhui-dsj-2021.txt' });
    expect(xxgk(['normalize', join(work, 'in'), '--out', join(work, 'out'), '--jobs', '1']).code).toBe(0);
    copyCorpus(join(work, 'in'), { 'b.txt': 'text/pingtan-2023.txt' });
    const changed = JSON.parse(
      xxgk(['normalize', join(work, 'in'), '--out', join(work, 'out'), '--json']).stdout,
    );
    expect(changed.reused).toBe(1);
    const report = JSON.parse(readOut(join(work, 'out'), 'reports/b.json'));
    expect(report.year).toBe(2023);
    const forced = JSON.parse(
      xxgk(['normalize', join(work, 'in'), '--out', join(work, 'out'), '--json', '--force']).stdout,
    );
    expect(forced.reused).toBe(0);
    expect(forced.read).toBe(2);
  });

  it('drops the reports of inputs no longer given', () => {
    const work = tempDir();
    copyCorpus(join(work, 'in'), { 'a.txt': 'text/pingtan-2021.txt', 'b.txt': 'text/chuanhui-dsj-2021.txt' });
    xxgk(['normalize', join(work, 'in'), '--out', join(work, 'out')]);
    expect(readdirSync(join(work, 'out', 'reports')).sort()).toEqual(['a.json', 'b.json']);
    xxgk(['normalize', join(work, 'in', 'a.txt'), '--out', join(work, 'out')]);
    expect(readdirSync(join(work, 'out', 'reports'))).toEqual(['a.json']);
    expect(readTable(readOut(join(work, 'out'), 'reports.csv')).rows.map((row) => row.file)).toEqual([
      'a.txt',
    ]);
  });

  it('writes byte-identical CSVs with --jobs 1 and --jobs 2', () => {
    const one = join(root, 'jobs1');
    const two = join(root, 'jobs2');
    expect(xxgk(['normalize', input, '--out', one, '--jobs', '1', '--no-progress']).code).toBe(1);
    expect(xxgk(['normalize', input, '--out', two, '--jobs', '2', '--no-progress']).code).toBe(1);
    for (const name of CSV_FILES) {
      expect(readFileSync(join(one, name)).equals(readFileSync(join(two, name))), name).toBe(true);
      expect(readFileSync(join(one, name)).equals(readFileSync(join(out, name))), name).toBe(true);
    }
  });

  it('exits 0 when every input was read', () => {
    const work = tempDir();
    copyCorpus(join(work, 'in'), { 'a.txt': 'text/pingtan-2021.txt', 'b.md': 'text/shuyang-2025.md' });
    const run = xxgk(['normalize', join(work, 'in'), '--out', join(work, 'out'), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).byStatus).toMatchObject({ failed: 0, skipped: 0 });
  });

  it('takes files as arguments, named by their base name', () => {
    const work = tempDir();
    const run = xxgk([
      'normalize',
      join(input, 'text', 'pingtan-2021.txt'),
      join(input, 'md', 'shuyang-2025.md'),
      '--out',
      join(work, 'out'),
    ]);
    expect(run.code).toBe(0);
    const rows = readTable(readOut(join(work, 'out'), 'reports.csv')).rows;
    expect(rows.map((row) => row.file)).toEqual(['pingtan-2021.txt', 'shuyang-2025.md']);
  });

  it('does not read its own outputs when --out is inside the input folder', () => {
    const work = tempDir();
    copyCorpus(work, { 'a.txt': 'text/pingtan-2021.txt' });
    xxgk(['normalize', work, '--out', join(work, 'out')]);
    const again = JSON.parse(xxgk(['normalize', work, '--out', join(work, 'out'), '--json']).stdout);
    expect(again.inputs).toBe(1);
    // Nor another run's output folder beside the reports, nor --out the input folder itself.
    xxgk(['normalize', work, '--out', join(work, 'out-2')]);
    xxgk(['normalize', work, '--out', work]);
    const same = JSON.parse(xxgk(['normalize', work, '--out', work, '--json']).stdout);
    expect(same.inputs).toBe(1);
    expect(same.reused).toBe(1);
  });

  it('feeds --previous reports to the carryover rule, matched by agency', () => {
    const work = tempDir();
    copyCorpus(join(work, '2023'), { 'hongze.txt': 'text/huaian-hongze-2023.layout.txt' });
    copyCorpus(join(work, '2024'), { 'hongze.txt': 'text/huaian-hongze-2024.layout.txt' });
    xxgk(['normalize', join(work, '2023'), '--out', join(work, 'out2023')]);
    const plain = JSON.parse(
      xxgk(['normalize', join(work, '2024'), '--out', join(work, 'out2024'), '--json']).stdout,
    );
    expect(plain.previous).toBeNull();
    const run = xxgk([
      'normalize',
      join(work, '2024'),
      '--out',
      join(work, 'out2024'),
      '--previous',
      join(work, 'out2023'),
      '--json',
    ]);
    const summary = JSON.parse(run.stdout);
    expect(summary.previous).toMatchObject({ reports: 1, matched: 1 });
    // Another --previous is another result: the cached report is not reused.
    expect(summary.reused).toBe(0);
    // A previous report that disagrees: the carryover rule must see it.
    const last = JSON.parse(readOut(join(work, 'out2023'), 'reports/hongze.json'));
    last.cells['T3.carriedForward.total'].value = 999;
    write(work, 'edited/hongze-2023.json', JSON.stringify(last));
    const edited = xxgk([
      'normalize',
      join(work, '2024'),
      '--out',
      join(work, 'out2024'),
      '--previous',
      join(work, 'edited'),
      '--json',
    ]);
    expect(JSON.parse(edited.stdout)).toMatchObject({ reused: 0, previous: { reports: 1, matched: 1 } });
    const reusedRun = xxgk([
      'normalize',
      join(work, '2024'),
      '--out',
      join(work, 'out2024'),
      '--previous',
      join(work, 'edited'),
      '--json',
    ]);
    expect(JSON.parse(reusedRun.stdout)).toMatchObject({ reused: 1, previous: { matched: 1 } });
    const report = JSON.parse(readOut(join(work, 'out2024'), 'reports/hongze.json'));
    const carryover = report.findings.filter((f: { rule: string }) => f.rule === 'carryover');
    expect(carryover).toContainEqual(
      expect.objectContaining({ keys: ['T3.carriedOver.total'], expected: 999 }),
    );
    const findings = readTable(readOut(join(work, 'out2024'), 'findings.csv')).rows;
    expect(findings.some((f) => f.rule === 'carryover' && f.keys === 'T3.carriedOver.total')).toBe(true);
  });
});

describe('xxgk normalize, usage errors and fatal problems', () => {
  it('exits 2 when --out cannot be written, before doing any work', () => {
    const work = tempDir();
    writeFileSync(join(work, 'a-file'), '');
    const run = xxgk(['normalize', input, '--out', join(work, 'a-file', 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot write to --out/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 on a bad option', () => {
    expect(xxgk(['normalize', input, '--out', join(root, 'x'), '--jobs', '0']).code).toBe(2);
    expect(xxgk(['normalize', input, '--out', join(root, 'x'), '--bogus']).code).toBe(2);
    expect(xxgk(['normalize', input]).code).toBe(2);
    expect(xxgk(['frobnicate']).code).toBe(2);
  });

  it('exits 2 when there is no input', () => {
    const empty = tempDir();
    const run = xxgk(['normalize', empty, '--out', join(root, 'none')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no input files/);
    expect(xxgk(['normalize', join(root, 'does-not-exist'), '--out', join(root, 'none')]).code).toBe(2);
  });

  it('exits 2 when --previous cannot be read', () => {
    const run = xxgk([
      'normalize',
      input,
      '--out',
      join(root, 'x'),
      '--previous',
      join(root, 'no-such-folder'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read --previous/);
  });

  it('exits 2 when an --adapter module exports no adapter', () => {
    const run = xxgk([
      'normalize',
      input,
      '--out',
      join(root, 'x'),
      '--adapter',
      './test/fixtures/not-an-adapter.mjs',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exports no adapter/);
  });
});

describe('xxgk normalize with a third-party adapter', () => {
  /** `normalize <work>/in --out <work>/out --jobs 2 --adapter <fixture>`, then `extra`. */
  const withAdapter = (work: string, fixture: string, extra: string[] = []) =>
    xxgk([
      'normalize',
      join(work, 'in'),
      '--out',
      join(work, 'out'),
      '--jobs',
      '2',
      '--adapter',
      `./test/fixtures/${fixture}`,
      ...extra,
    ]);

  it('uses it, lets it win ties, and attributes its crashes and hangs to their files', () => {
    const work = tempDir();
    write(work, 'in/a.fake', 'FAKE 测试局2021年政府信息公开工作年度报告');
    write(work, 'in/b.fake', 'FAKE CRASH');
    // process.exit inside an adapter ends its worker thread, not the run.
    write(work, 'in/c.fake', 'FAKE EXIT');
    // An adapter that never returns: its thread is stopped after --timeout.
    write(work, 'in/h.fake', 'FAKE HANG');
    write(work, 'in/tie.txt', 'FAKE a text file this adapter claims too');
    for (let i = 0; i < 6; i++) write(work, `in/more-${i}.fake`, `FAKE report ${i}`);
    const run = withAdapter(work, 'fake-adapter.mjs', ['--json', '--timeout', '1']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary.inputs).toBe(11);
    // The inputs whose thread died have no adapter on record: only the thread knew it.
    expect(summary.byAdapter.fake).toBe(9);
    const problems = Object.fromEntries(
      summary.problems.map((p: { file: string; reason: string }) => [p.file, p.reason]),
    );
    expect(Object.keys(problems).sort()).toEqual(['b.fake', 'c.fake', 'h.fake']);
    expect(problems['b.fake']).toMatch(/fake adapter crashed: fake adapter bug/);
    expect(problems['c.fake']).toMatch(/worker thread died/);
    expect(problems['h.fake']).toMatch(/timed out: still reading after 1 s/);
    const tie = JSON.parse(readOut(join(work, 'out'), 'reports/tie.json'));
    expect(tie.source.adapter).toBe('fake');
    expect(existsSync(join(work, 'out', 'reports', 'more-5.json'))).toBe(true);
  });

  it('stops with exit 2, blaming no input, when the worker threads cannot load an adapter', () => {
    const work = tempDir();
    for (let i = 0; i < 60; i++) write(work, `in/r-${i}.txt`, `测试局2021年政府信息公开工作年度报告 ${i}`);
    const run = withAdapter(work, 'thread-shy-adapter.mjs');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/worker thread could not start: .*refuses to load in a worker thread/);
    expect(existsSync(join(work, 'out', 'summary.json'))).toBe(false);
  });

  it('reads an input that outgrows a worker heap cap again in a thread without one', () => {
    const work = tempDir();
    write(work, 'in/heavy.fake', 'FAKE HEAVY 测试局2021年政府信息公开工作年度报告');
    for (let i = 0; i < 3; i++) write(work, `in/light-${i}.fake`, `FAKE report ${i}`);
    const run = withAdapter(work, 'fake-adapter.mjs', ['--json']);
    const summary = JSON.parse(run.stdout);
    expect(summary.problems).toEqual([]);
    expect(summary.byAdapter.fake).toBe(4);
    const heavy = JSON.parse(readOut(join(work, 'out'), 'reports/heavy.json'));
    expect(heavy.title).toMatch(/测试局2021年/);
  });
});
