/**
 * Running a fuzz target: fast-check over the target's cases, every job in the isolate, every outcome
 * held to the contract and the time bound. The CI run and the longer campaign (`npm run fuzz`) are the
 * same code with different budgets, read from the environment the campaign script sets.
 */
import fc from 'fast-check';
import { type Isolate, jobSize, type Outcome, TIME_MARGIN, verdict } from './isolate.js';
import { saveInput, type Target } from './targets.js';

export interface Budget {
  /** Runs per unit of target weight (CI), or per target (campaign). */
  runs: number;
  perWeight: boolean;
  /** Wall-clock limit of the whole campaign, ms (`--seconds`), split between the targets run. */
  timeLimitMs?: number;
  seed: number;
  /** Replay one failure: the `path` fast-check printed with the seed. */
  path?: string;
  /** Only targets whose name contains this. */
  only?: string;
  campaign: boolean;
  /** fast-check's base size: how big generated inputs get (a replay needs the same). */
  size: 'small' | 'medium' | 'large';
}

export function budgetFromEnv(): Budget {
  const env = process.env;
  const campaign = env.XXGK_FUZZ_CAMPAIGN === '1';
  return {
    runs: Number(env.XXGK_FUZZ_RUNS ?? 40),
    perWeight: env.XXGK_FUZZ_RUNS === undefined,
    ...(env.XXGK_FUZZ_TOTAL_SECONDS ? { timeLimitMs: Number(env.XXGK_FUZZ_TOTAL_SECONDS) * 1000 } : {}),
    seed: Number(env.XXGK_FUZZ_SEED ?? 42),
    ...(env.XXGK_FUZZ_PATH ? { path: env.XXGK_FUZZ_PATH } : {}),
    ...(env.XXGK_FUZZ_TARGET ? { only: env.XXGK_FUZZ_TARGET } : {}),
    campaign,
    size: (env.XXGK_FUZZ_SIZE as Budget['size'] | undefined) ?? (campaign ? 'medium' : 'small'),
  };
}

/** What a target's runs came to, for the log. */
class Tally {
  runs = 0;
  outcomes = new Map<string, number>();
  slowest: { ms: number; bytes: number; case?: unknown } = { ms: 0, bytes: 0 };
  /** The worst ratio of time to the stated bound (1 = at the bound, before the margin). */
  worstShare = 0;

  record(outcome: Outcome, bytes: number, c: unknown): void {
    this.runs++;
    const key = outcome.outcome === 'adapter-error' ? `refused:${outcome.code}` : outcome.outcome;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
    const ms = (outcome.readMs ?? 0) + (outcome.normalizeMs ?? 0) || outcome.ms;
    if (ms > this.slowest.ms) this.slowest = { ms, bytes, case: c };
    this.worstShare = Math.max(this.worstShare, ms / (1000 + (2000 * bytes) / (1024 * 1024)));
  }

  toString(): string {
    const outcomes = [...this.outcomes.entries()]
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    return (
      `${this.runs} inputs: ${outcomes}; slowest ${this.slowest.ms.toFixed(0)} ms for ` +
      `${(this.slowest.bytes / 1024).toFixed(0)} KiB; worst ${(this.worstShare * 100).toFixed(1)}% of the bound`
    );
  }
}

function short(value: unknown): string {
  const text = fc.stringify(value);
  return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text;
}

/**
 * Fuzz one target. Returns the log line; throws with the seed, the path, the shrunk case, the error and
 * the saved input when a case breaks the contract.
 */
export async function fuzz(target: Target, isolate: Isolate, budget: Budget): Promise<string> {
  const tally = new Tally();
  const numRuns = budget.perWeight ? budget.runs * target.weight : budget.runs;
  const started = performance.now();
  const property = fc.asyncProperty(target.arb, async (c) => {
    const job = target.job(c);
    const bytes = jobSize(job);
    const outcome = await isolate.run(job);
    tally.record(outcome, bytes, c);
    const problem = verdict(outcome, bytes);
    if (problem) throw new Error(problem);
  });
  const details = await fc.check(property, {
    numRuns: budget.timeLimitMs ? Number.MAX_SAFE_INTEGER : numRuns,
    seed: budget.seed,
    ...(budget.path ? { path: budget.path } : {}),
    ...(budget.timeLimitMs
      ? { interruptAfterTimeLimit: budget.timeLimitMs, markInterruptAsFailure: false }
      : {}),
  });
  // An interrupted campaign (`--seconds`) may leave its last job running in the isolate.
  await isolate.idle();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const line = `${target.name} (seed ${budget.seed}, ${seconds} s): ${tally}`;
  if (!details.failed) {
    if (!budget.campaign || tally.slowest.case === undefined) return line;
    return `${line}\n  slowest case: ${short(tally.slowest.case).slice(0, 600)}`;
  }
  const [counterexample] = details.counterexample ?? [];
  const job = counterexample === undefined ? undefined : target.job(counterexample);
  const saved = job ? saveInput(target.name, job) : '(none)';
  const error =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : details.interrupted
        ? 'interrupted'
        : String(details.errorInstance);
  throw new Error(
    [
      `${target.name}: a case breaks the contract (time margin ×${TIME_MARGIN}).`,
      `  reproduce: npm run fuzz -- --target ${target.name} --size ${budget.size} --seed ${details.seed} --path "${details.counterexample ? details.counterexamplePath : ''}"`,
      `  case (shrunk ${details.numShrinks} times): ${short(counterexample)}`,
      `  input saved to ${saved}`,
      `  ${error.split('\n').join('\n  ')}`,
      `  ${line}`,
    ].join('\n'),
  );
}
