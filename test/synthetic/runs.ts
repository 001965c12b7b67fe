/**
 * What a reader can know from digits run together (`640020470`): every way of cutting a row's printed
 * values back into numbers, and the ones the row's own identity allows (T3: 总计 = the six applicant
 * columns; T4: each group's 总计 = its four results; T2 has none). A row whose true reading is the only
 * one that fits must be read right; any other row may be left ambiguous. Stray spaces in the text only
 * remove readings, so counting without them is safe in both directions.
 */
import { T4_LAYOUT, t2Layout, t3Layout } from '@xxgk/core';
import type { SyntheticReport } from './report.js';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * Every way to cut `text` into `n` printed numbers (no leading zeros, a sign only at the start) whose
 * groups of `group` numbers each pass `fits` (checked as soon as a group is complete, which keeps a
 * 15-value T4 row cheap).
 */
export function cuts(
  text: string,
  n: number,
  group = n,
  fits: (values: number[]) => boolean = () => true,
  limit = 5000,
): number[][] {
  const out: number[][] = [];
  const pieces: number[] = [];
  const walk = (from: number) => {
    if (out.length >= limit) return;
    if (pieces.length > 0 && pieces.length % group === 0 && !fits(pieces.slice(-group))) return;
    if (pieces.length === n) {
      if (from === text.length) out.push([...pieces]);
      return;
    }
    const left = n - pieces.length;
    for (let to = from + 1; to <= text.length - (left - 1); to++) {
      const piece = text.slice(from, to);
      if (!NUMBER.test(piece)) continue;
      pieces.push(Number(piece));
      walk(to);
      pieces.pop();
    }
  };
  walk(0);
  return out;
}

export interface RowReadings {
  keys: string[];
  /** The values the report prints, in order. */
  truth: number[];
  /** Readings that fit the row's identity (all readings for a T2 row). */
  fitting: number[][];
}

const same = (a: number[], b: number[]) =>
  a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-9);

/** The rows of a run-together rendering and their fitting readings. */
export function runTogetherRows(report: SyntheticReport): RowReadings[] {
  const sums = (v: number[]) => Math.abs(v.slice(0, -1).reduce((a, b) => a + b, 0) - v[v.length - 1]!) < 1e-9;
  const rows: Array<{ keys: string[]; group?: number; fits?: (v: number[]) => boolean }> = [];
  if (!report.missingTables.includes('T2')) {
    for (const row of t2Layout(report.format).rows)
      rows.push({ keys: row.columns.map((c) => `T2.${row.key}.${c.key}`) });
  }
  if (!report.missingTables.includes('T3')) {
    for (const row of t3Layout(report.variant).rows) {
      rows.push({ keys: row.columns.map((c) => `T3.${row.key}.${c.key}`), fits: sums });
    }
  }
  if (!report.missingTables.includes('T4')) {
    rows.push({
      keys: T4_LAYOUT.rows.flatMap((row) => row.columns.map((c) => `T4.${row.key}.${c.key}`)),
      group: 5,
      fits: sums,
    });
  }
  return rows.map(({ keys, group, fits }) => {
    const text = keys.map((k) => report.printed[k]!).join('');
    const truth = keys.map((k) => report.cells[k]!);
    return { keys, truth, fitting: cuts(text, keys.length, group ?? keys.length, fits) };
  });
}

/** The true reading is the only one that fits: a reader must find it. */
export function decodable(row: RowReadings): boolean {
  return row.fitting.length === 1 && same(row.fitting[0]!, row.truth);
}
