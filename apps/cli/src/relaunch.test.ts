import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRelaunched, jobsFor, mayRelaunch, usesWorkerThreads } from './relaunch.js';
import { collectInputs } from './walk.js';

describe('where a batch runs', () => {
  it('in this thread up to 50 inputs with the default jobs, in worker threads above', () => {
    expect(usesWorkerThreads(1, { jobs: 2 })).toBe(false);
    expect(usesWorkerThreads(50, { jobs: 2 })).toBe(false);
    expect(usesWorkerThreads(51, { jobs: 2 })).toBe(true);
    expect(jobsFor(51, { jobs: 2 })).toBe(2);
    expect(jobsFor(51, { jobs: 8 })).toBe(2);
    expect(jobsFor(10_000, { jobs: 8 })).toBe(8);
  });

  it('in worker threads for any batch of two or more when --jobs is given, and one worker for a long batch with --jobs 1', () => {
    expect(usesWorkerThreads(2, { jobs: 2, jobsExplicit: true })).toBe(true);
    expect(jobsFor(2, { jobs: 4, jobsExplicit: true })).toBe(2);
    expect(usesWorkerThreads(1, { jobs: 2, jobsExplicit: true })).toBe(false);
    expect(usesWorkerThreads(50, { jobs: 1, jobsExplicit: true })).toBe(false);
    expect(usesWorkerThreads(51, { jobs: 1, jobsExplicit: true })).toBe(true);
  });

  it('is handed to a new process only from a plain, first process that was not told otherwise', () => {
    expect(mayRelaunch({}, [])).toBe(true);
    expect(mayRelaunch({ XXGK_RELAUNCHED: '1' }, [])).toBe(false);
    expect(mayRelaunch({ XXGK_RELAUNCH: '0' }, [])).toBe(false);
    expect(mayRelaunch({ XXGK_RELAUNCH: '1' }, [])).toBe(true);
    expect(mayRelaunch({}, ['--inspect'])).toBe(false);
    // NODE_OPTIONS reaches the new process too; a debugger or profiler would attach to the wrong one.
    expect(mayRelaunch({ NODE_OPTIONS: '--max-old-space-size=4096' }, [])).toBe(true);
    expect(mayRelaunch({ NODE_OPTIONS: '--inspect=127.0.0.1:9339' }, [])).toBe(false);
    expect(mayRelaunch({ NODE_OPTIONS: '--require x.cjs --cpu-prof' }, [])).toBe(false);
    expect(isRelaunched({ XXGK_RELAUNCHED: '1' })).toBe(true);
    expect(isRelaunched({})).toBe(false);
  });
});

describe('collectInputs with a limit', () => {
  it('stops once it has found that many inputs, and finds them all when there are fewer', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'xxgk-walk-'));
    for (let d = 0; d < 3; d++) {
      mkdirSync(join(folder, `d${d}`));
      for (let f = 0; f < 30; f++) writeFileSync(join(folder, `d${d}`, `r${f}.txt`), 'x');
    }
    expect(await collectInputs([folder], { limit: 51 })).toHaveLength(51);
    expect(await collectInputs([folder], { limit: 1000 })).toHaveLength(90);
    expect(await collectInputs([folder])).toHaveLength(90);
    expect(await collectInputs([join(folder, 'd0', 'r1.txt'), folder], { limit: 1 })).toHaveLength(1);
  });
});
