#!/usr/bin/env node
/**
 * The long fuzz campaign: the targets of fuzz.test.ts with a bigger budget.
 *
 *   npm run fuzz                                  1000 runs per target, a random seed
 *   npm run fuzz -- --runs 5000 --seed 42         5000 runs per target
 *   npm run fuzz -- --seconds 120                 120 s in all, split between the targets
 *   npm run fuzz -- --target html/ --size small --seed 7 --path "12:3"   replay a failure (as printed)
 *   npm run fuzz -- --size large                  bigger generated inputs (default medium; CI small)
 *   npm run fuzz -- --list                        the targets and what they feed
 *
 * It prints, per target, what it tried, how the inputs ended (read, refused and why), the slowest input
 * against the bound, and for a failure the seed, the path, the shrunk case and the saved input. Build
 * first (`npm run build`): the workers run the packages' dist/.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const usage =
  'usage: npm run fuzz -- [--runs N | --seconds S] [--seed N] [--size small|medium|large] [--target NAME] [--path P] [--list]';

const args = process.argv.slice(2);
const options = {};
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const [flag, inline] = arg.split('=', 2);
  const value = () => inline ?? args[++i];
  if (flag === '--runs') options.runs = value();
  else if (flag === '--seconds') options.seconds = value();
  else if (flag === '--seed') options.seed = value();
  else if (flag === '--target') options.target = value();
  else if (flag === '--path') options.path = value();
  else if (flag === '--size') options.size = value();
  else if (flag === '--list') options.list = true;
  else if (flag === '--help' || flag === '-h') {
    console.log(usage);
    process.exit(0);
  } else {
    console.error(`unknown option ${arg}\n${usage}`);
    process.exit(2);
  }
}
for (const key of ['runs', 'seconds', 'seed']) {
  if (options[key] !== undefined && !/^\d+$/.test(options[key])) {
    console.error(`--${key} needs a whole number\n${usage}`);
    process.exit(2);
  }
}

const seed = options.seed ?? String(Math.floor(Math.random() * 2 ** 31));
const env = { ...process.env, XXGK_FUZZ_CAMPAIGN: '1', XXGK_FUZZ_SEED: seed };
if (options.target) env.XXGK_FUZZ_TARGET = options.target;
if (options.path) env.XXGK_FUZZ_PATH = options.path;
if (options.size) {
  if (!['small', 'medium', 'large'].includes(options.size)) {
    console.error(`--size is small, medium or large\n${usage}`);
    process.exit(2);
  }
  env.XXGK_FUZZ_SIZE = options.size;
}
if (options.list) env.XXGK_FUZZ_LIST = '1';

if (options.seconds) {
  // Split the time between the targets; the test file divides by the number it selects.
  env.XXGK_FUZZ_TOTAL_SECONDS = options.seconds;
  env.XXGK_FUZZ_RUNS = options.runs ?? '1000000000';
} else if (!options.list) {
  env.XXGK_FUZZ_RUNS = options.runs ?? '1000';
}

if (!options.list) {
  console.log(
    `xxgk fuzz: seed ${seed}, ${options.seconds ? `${options.seconds} s in all` : `${env.XXGK_FUZZ_RUNS} runs per target`}` +
      `${options.target ? `, targets matching "${options.target}"` : ''}`,
  );
}
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const result = spawnSync(
  process.execPath,
  [vitest, 'run', 'robustness/fuzz.test.ts', '--reporter=verbose', '--silent=false'],
  { cwd: join(here, '..'), env, stdio: 'inherit' },
);
if (result.error) console.error(`xxgk fuzz: cannot run vitest: ${result.error.message}`);
process.exit(result.status ?? 1);
