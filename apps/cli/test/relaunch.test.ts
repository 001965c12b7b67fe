import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELAUNCH_FLAGS } from '../src/relaunch.js';
import { alive, childOf, copyCorpus, garbage, startRun, tempDir, waitFor, write, xxgk } from './helpers.js';

/** `count` copies of a real report, and one file no adapter reads (so the exit code is 1). */
function batch(count: number): string {
  const folder = tempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`r${String(i).padStart(3, '0')}.txt`] = 'text/pingtan-2021.txt';
  copyCorpus(folder, files);
  write(folder, 'zz-garbage.txt', garbage());
  return folder;
}

/** Every output file by name, as a digest: `toEqual` on the bytes themselves takes seconds. */
function outputs(out: string): Record<string, string> {
  const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  const files: Record<string, string> = {};
  for (const name of ['reports.csv', 'cells.csv', 'findings.csv']) files[name] = digest(join(out, name));
  for (const name of readdirSync(join(out, 'reports'))) files[name] = digest(join(out, 'reports', name));
  return files;
}

/** A run stopped by a signal leaves only complete outputs: no CSV, every report whole. */
function assertStoppedClean(out: string) {
  for (const name of ['reports.csv', 'cells.csv', 'findings.csv', 'summary.json'])
    expect(existsSync(join(out, name)), name).toBe(false);
  expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  // A worker stopped mid-write may leave a report's temp file (the next run removes it), never a
  // truncated report.
  for (const name of readdirSync(join(out, 'reports')).filter((n) => n.endsWith('.json'))) {
    expect(() => JSON.parse(readFileSync(join(out, 'reports', name), 'utf8')), name).not.toThrow();
  }
}

/** Start a 300-input run and wait until it has written `reports` reports in the process it started. */
function startBatch(reports = 20) {
  return startRun(batch(300), join(tempDir(), 'out'), reports);
}

/** The process the run started for its batch (Linux), once it is there. */
async function batchProcessOf(run: Awaited<ReturnType<typeof startBatch>>): Promise<number> {
  let started: number | null = null;
  await waitFor(() => {
    started = childOf(run.child.pid!);
    return started !== null || run.child.exitCode !== null;
  });
  expect(started).not.toBeNull();
  return started!;
}

describe('a batch read in worker threads', () => {
  it('runs in a new Node process with a single-threaded collector, and gives the same outputs and exit code', () => {
    const input = batch(60);
    const out = join(tempDir(), 'out');
    const here = join(tempDir(), 'here');
    const relaunched = xxgk(['normalize', input, '--out', out, '--jobs', '2', '--json']);
    const notRelaunched = xxgk(['normalize', input, '--out', here, '--jobs', '2', '--json'], {
      env: { XXGK_RELAUNCH: '0' },
    });
    expect(relaunched.code).toBe(1);
    expect(notRelaunched.code).toBe(1);
    const summary = JSON.parse(relaunched.stdout);
    expect(summary.runtime.execArgv).toEqual([...RELAUNCH_FLAGS]);
    expect(JSON.parse(notRelaunched.stdout).runtime.execArgv).toEqual([]);
    expect(summary.inputs).toBe(61);
    expect(summary.byStatus.failed).toBe(1);
    // The summary is printed once, by the process that ran the batch.
    expect(relaunched.stderr.match(/^xxgk: 61 inputs/gm)).toHaveLength(1);
    expect(outputs(out)).toEqual(outputs(here));
  });

  it('stays in this process for a small batch, or when Node was started with options of its own', () => {
    const input = batch(5);
    const small = xxgk(['normalize', input, '--out', join(tempDir(), 'out'), '--json']);
    expect(small.code).toBe(1);
    expect(JSON.parse(small.stdout).runtime.execArgv).toEqual([]);

    const own = xxgk(['normalize', batch(60), '--out', join(tempDir(), 'out'), '--jobs', '2', '--json'], {
      nodeOptions: ['--stack-size=2000'],
    });
    expect(own.code).toBe(1);
    expect(JSON.parse(own.stdout).runtime.execArgv).toEqual(['--stack-size=2000']);
  });

  it('passes SIGTERM on: the run stops as it would alone, with exit code 143', async () => {
    const run = await startBatch();
    const started = childOf(run.child.pid!);
    run.child.kill('SIGTERM');
    const [code] = await run.exited;
    expect(code).toBe(143);
    expect(run.stderr()).toMatch(/interrupted; run the same command again/);
    if (started !== null) expect(alive(started)).toBe(false);
    assertStoppedClean(run.out);
  });

  it('passes SIGHUP on: a closed terminal stops the run as SIGTERM does, with exit code 129', async () => {
    const run = await startBatch();
    run.child.kill('SIGHUP');
    const [code] = await run.exited;
    expect(code).toBe(129);
    assertStoppedClean(run.out);
    // The cache was saved: the next run reuses what was done.
    expect(existsSync(join(run.out, '.cache', 'index.json'))).toBe(true);
  });

  it.skipIf(process.platform !== 'linux')(
    'ends by the same signal as the process it started, so the shell can tell',
    async () => {
      const run = await startBatch();
      // As the out-of-memory killer would.
      process.kill(await batchProcessOf(run), 'SIGKILL');
      const [code, signal] = await run.exited;
      expect(code).toBeNull();
      expect(signal).toBe('SIGKILL');
    },
    30000,
  );

  it.skipIf(process.platform !== 'linux')(
    'stops when the process that started it is killed the moment it has started it',
    async () => {
      const run = await startBatch(0);
      const started = await batchProcessOf(run);
      run.child.kill('SIGKILL');
      await run.exited;
      expect(await waitFor(() => !alive(started))).toBe(true);
      expect(existsSync(join(run.out, 'summary.json'))).toBe(false);
    },
    30000,
  );

  it('counts the inputs without its own outputs when --out sits among them', () => {
    const input = batch(44);
    // What an interrupted run leaves in --out: reports and the cache, no CSV yet.
    for (let i = 0; i < 60; i++) write(input, `out/reports/old${i}.json`, '{}');
    write(input, 'out/.cache/index.json', '{}');
    const run = xxgk(['normalize', input, '--out', join(input, 'out'), '--json']);
    const summary = JSON.parse(run.stdout);
    expect(summary.inputs).toBe(45);
    expect(summary.jobs).toBe(1);
    expect(summary.runtime.execArgv).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')(
    'stops when the process that started it is killed outright',
    async () => {
      const run = await startBatch();
      const started = await batchProcessOf(run);
      run.child.kill('SIGKILL');
      await run.exited;
      expect(await waitFor(() => !alive(started))).toBe(true);
      // It stopped as on SIGTERM, so the batch did not finish behind the user's back.
      assertStoppedClean(run.out);
    },
    30000,
  );
});
