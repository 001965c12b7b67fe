import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREFETCH } from '../src/normalize-command.js';
import { alive, childOf, copyCorpus, readTable, startRun, tempDir, waitFor, xxgk } from './helpers.js';

const COPIES = 300;

function corpus(): string {
  const folder = tempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < COPIES; i++) {
    files[`d${String(i).padStart(3, '0')}/a.txt`] = 'text/pingtan-2021.txt';
  }
  copyCorpus(folder, files);
  return folder;
}

/** Start a run and stop it with `signal` once some reports are written. */
async function interrupt(input: string, out: string, signal: NodeJS.Signals) {
  const { child, exited, stderr } = await startRun(input, out);
  // A batch in worker threads runs in a process the CLI started (relaunch.ts): wait for that one too,
  // so the next run does not meet it still saving.
  const started = childOf(child.pid!);
  child.kill(signal);
  const [code, killedBy] = await exited;
  if (started !== null) await waitFor(() => !alive(started));
  return { code, killedBy, stderr: stderr() };
}

function assertNoTruncatedFile(out: string) {
  for (const name of readdirSync(join(out, 'reports')).filter((n) => n.endsWith('.json'))) {
    expect(() => JSON.parse(readFileSync(join(out, 'reports', name), 'utf8')), name).not.toThrow();
  }
  // The CSVs appear only complete: an interrupted first run has none.
  for (const name of ['reports.csv', 'cells.csv', 'findings.csv', 'summary.json']) {
    expect(existsSync(join(out, name)), name).toBe(false);
  }
}

describe('an interrupted run', () => {
  it('on SIGINT exits 130, keeps what is done, and the next run finishes the job', async () => {
    const input = corpus();
    const out = join(tempDir(), 'out');
    const stopped = await interrupt(input, out, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted; run the same command again/);
    assertNoTruncatedFile(out);
    const finished = readdirSync(join(out, 'reports')).filter((n) => n.endsWith('.json')).length;

    const again = xxgk(['normalize', input, '--out', out, '--json']);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary.inputs).toBe(COPIES);
    // Every finished report is reused, also those that were waiting behind a slower one to be written in
    // input order. Lost may be only the ones whose results were still on their way: each of the two
    // workers holds up to PREFETCH tasks, and may have written all their reports before the main thread
    // read one answer.
    expect(summary.reused).toBeGreaterThanOrEqual(finished - 2 * PREFETCH);
    expect(readTable(readFileSync(join(out, 'reports.csv'), 'utf8')).rows.length).toBe(COPIES);
    expect(readdirSync(join(out, 'reports')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('on SIGKILL leaves no truncated file, and the next run gives what an uninterrupted one gives', async () => {
    const input = corpus();
    const out = join(tempDir(), 'out');
    const stopped = await interrupt(input, out, 'SIGKILL');
    expect(stopped.killedBy).toBe('SIGKILL');
    assertNoTruncatedFile(out);

    expect(xxgk(['normalize', input, '--out', out]).code).toBe(0);
    const clean = join(tempDir(), 'clean');
    expect(xxgk(['normalize', input, '--out', clean]).code).toBe(0);
    for (const name of ['reports.csv', 'cells.csv', 'findings.csv']) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join(clean, name))), name).toBe(true);
    }
    expect(readdirSync(join(out, 'reports')).sort()).toEqual(readdirSync(join(clean, 'reports')).sort());
  });
});
