import cliProgress from 'cli-progress';

export type ProgressMode = 'bar' | 'lines' | 'none';

/** How often plain progress lines appear when stderr is not a terminal (logs, CI). */
const LINE_INTERVAL_MS = 2000;
const RATE_WINDOW_MS = 5000;

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

/** Progress on stderr only: a bar on a terminal, a line every 2 s or 10 % otherwise. */
export class Progress {
  private readonly mode: ProgressMode;
  private readonly total: number;
  private readonly started = Date.now();
  private bar: cliProgress.SingleBar | undefined;
  private done = 0;
  private failures = 0;
  private lastLine = Date.now();
  private lastDecile = 0;
  /** Recent [time, done] samples: the rate of the last few seconds, not diluted by start-up. */
  private samples: [number, number][] = [];

  constructor(mode: ProgressMode, total: number) {
    this.mode = mode;
    this.total = total;
    if (mode === 'bar') {
      this.bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format:
            'xxgk {bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | {failures} failed or skipped',
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 200,
          fps: 8,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0, { rate: '0', failures: 0 });
    }
  }

  private rate(): number {
    const now = Date.now();
    while (this.samples.length > 2 && now - this.samples[0]![0] > RATE_WINDOW_MS) this.samples.shift();
    const [since, doneThen] = this.samples[0]!;
    const seconds = (now - since) / 1000;
    if (seconds < 0.5) {
      const total = (now - this.started) / 1000;
      return total > 0 ? this.done / total : 0;
    }
    return (this.done - doneThen) / seconds;
  }

  tick(unread: boolean): void {
    this.done++;
    if (unread) this.failures++;
    if (this.mode === 'none') return;
    this.samples.push([Date.now(), this.done]);
    if (this.bar) {
      this.bar.update(this.done, { rate: Math.round(this.rate()), failures: this.failures });
    } else if (this.mode === 'lines') {
      const now = Date.now();
      const decile = Math.floor((this.done * 10) / this.total);
      const since = now - this.lastLine;
      // Every 2 s, or at each 10 % if a second has passed: a short run prints nothing but the summary.
      if (
        this.done < this.total &&
        (since >= LINE_INTERVAL_MS || (decile > this.lastDecile && since >= 1000))
      ) {
        this.lastLine = now;
        this.lastDecile = decile;
        const rate = this.rate();
        const eta = rate > 0 ? (this.total - this.done) / rate : Number.POSITIVE_INFINITY;
        process.stderr.write(
          `xxgk: ${this.done}/${this.total} (${Math.floor((this.done * 100) / this.total)}%), ${Math.round(rate)}/s, ` +
            `ETA ${formatDuration(eta)}, ${this.failures} failed or skipped\n`,
        );
      }
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
