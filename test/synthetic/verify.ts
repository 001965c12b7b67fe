/**
 * Read a synthetic file back with its adapter, normalize it, and list every way the report differs from
 * the truth: metadata, cell values and statuses, and the findings (precision and recall of the rules).
 */
import { htmlAdapter } from '@xxgk/adapter-html';
import { textAdapter } from '@xxgk/adapter-text';
import { xlsxAdapter } from '@xxgk/adapter-xlsx';
import { type Adapter, normalize, type Report } from '@xxgk/core';
import type { SyntheticFile, Truth } from './index.js';
import type { SyntheticReport } from './report.js';
import { decodable, runTogetherRows } from './runs.js';

const ADAPTERS: Record<SyntheticFile['adapter'], Adapter> = {
  text: textAdapter,
  html: htmlAdapter,
  xlsx: xlsxAdapter,
};

export async function readBack(file: SyntheticFile): Promise<Report> {
  const adapter = ADAPTERS[file.adapter];
  const document = await adapter.read(file.bytes, { fileName: file.name });
  return normalize(document, { path: file.name, adapter: adapter.name });
}

const findingId = (f: { rule: string; keys: readonly string[] }) =>
  `${f.rule} [${[...f.keys].sort().join(' ')}]`;
const same = (a: number | null | undefined, b: number | null) =>
  a === b || (typeof a === 'number' && b !== null && Math.abs(a - b) < 1e-9);

export interface VerifyOptions {
  /**
   * Digits run together: a cell whose row cannot be decoded from its own digits (several readings fit,
   * or none because a defect broke the row) may be ambiguous, and the findings that need it may be absent.
   * Needs the report the file was rendered from.
   */
  runTogether?: SyntheticReport;
  /**
   * Text without cell boundaries (one cell per line, aligned columns): a row with a blank cell prints
   * exactly like a row that lost a cell, and the reader may take it for that: the cell then holds the
   * value the identities give it (the value it had before it was blanked), with status inferred, and
   * there is no cell-blank finding; or it may leave the row ambiguous. When an arithmetic defect breaks
   * the identities too, the value they give may differ from the one the cell had (still inferred).
   * Anything else (status ok, a wrong value in another cell) is still wrong.
   */
  blanksMayBeLost?: boolean;
}

/** The keys printed on the same text row as a cell: its T3 row, or the whole T4 (one row of 15). */
function rowOf(key: string, keys: readonly string[]): string[] {
  if (key.startsWith('T4.')) return keys.filter((k) => k.startsWith('T4.'));
  const prefix = key.slice(0, key.lastIndexOf('.') + 1);
  const depth = key.split('.').length;
  return keys.filter((k) => k.startsWith(prefix) && k.split('.').length === depth);
}

/** Every difference between what was read and the truth; empty when the report was read right. */
export function differences(
  file: SyntheticFile,
  truth: Truth,
  report: Report,
  options: VerifyOptions = {},
): string[] {
  const out: string[] = [];
  for (const field of ['agency', 'year', 'format'] as const) {
    if (report[field] !== truth[field]) out.push(`${field}: read ${report[field]}, truth ${truth[field]}`);
  }

  // Cells a run-together rendering may leave undecided, and the values they may take.
  const loose = new Map<string, Set<number>>();
  const hasDefect = truth.defects.some((d) => d.kind === 'arithmetic');
  if (options.runTogether) {
    for (const row of runTogetherRows(options.runTogether)) {
      if (decodable(row)) continue;
      row.keys.forEach((key, i) => {
        const allowed = new Set<number>([row.truth[i]!]);
        // With a broken identity a wrong reading may be the only one that fits: no reader can know.
        if (hasDefect && row.fitting.length === 1) allowed.add(row.fitting[0]![i]!);
        loose.set(key, allowed);
      });
    }
  }

  // Cells read otherwise than printed, where the input allows it: findings that need them may change.
  const unsure = new Set<string>();
  const lost = new Map<string, number>();
  const inferredRows = new Set<string>();
  if (options.blanksMayBeLost) {
    for (const d of truth.defects) {
      if (d.kind !== 'blank-total' || d.original === undefined || !d.cell) continue;
      lost.set(d.cell, d.original);
      for (const key of rowOf(d.cell, Object.keys(truth.cells))) inferredRows.add(key);
    }
  }
  for (const [key, expected] of Object.entries(truth.cells)) {
    const cell = report.cells[key];
    if (!cell) {
      out.push(`${key}: not read (truth ${expected})`);
      continue;
    }
    if (cell.status === 'ambiguous') {
      unsure.add(key);
      // A row that may have lost a cell may also be left undecided.
      if (!loose.has(key) && !inferredRows.has(key))
        out.push(`${key}: ambiguous (truth ${expected}; readings ${JSON.stringify(cell.readings)})`);
      continue;
    }
    const allowed = loose.get(key);
    if (lost.has(key) && cell.status === 'inferred' && (hasDefect || cell.value === lost.get(key))) {
      unsure.add(key);
      continue;
    }
    // With an arithmetic error too, the identities that place a lost cell are broken: any cell of that
    // row may be inferred wrongly, but only as inferred.
    if (hasDefect && inferredRows.has(key) && cell.status === 'inferred') {
      if (!same(cell.value, expected)) unsure.add(key);
      continue;
    }
    if (allowed && cell.value !== null && allowed.has(cell.value)) {
      if (!same(cell.value, expected)) unsure.add(key);
    } else if (!same(cell.value, expected))
      out.push(
        `${key}: read ${cell.value} (raw ${JSON.stringify(cell.raw)}, ${cell.status}), truth ${expected}`,
      );
    const status = file.statuses[key];
    // Digits run together are split by the identities: such values are `inferred` by nature.
    const plain = options.runTogether || inferredRows.has(key) ? ['ok', 'inferred'] : ['ok'];
    if (status && cell.status !== status) out.push(`${key}: status ${cell.status}, expected ${status}`);
    if (!status && !plain.includes(cell.status))
      out.push(`${key}: status ${cell.status} (raw ${JSON.stringify(cell.raw)}), expected ok`);
  }
  for (const key of Object.keys(report.cells)) {
    if (!(key in truth.cells)) out.push(`${key}: read but not in the report (${report.cells[key]!.value})`);
  }

  // Findings: exactly the expected ones (none on a defect-free report), info included.
  const expected = [...truth.defects, ...file.findings].filter(
    (d): d is { rule: string; keys: string[] } => d.rule !== null,
  );
  const actual = report.findings;
  const remaining = [...actual];
  for (const finding of expected) {
    const at = remaining.findIndex((f) => findingId(f) === findingId(finding));
    if (at >= 0) remaining.splice(at, 1);
    else if (!finding.keys.some((k) => unsure.has(k))) out.push(`missing finding ${findingId(finding)}`);
  }
  for (const f of remaining)
    if (!f.keys.some((k) => unsure.has(k))) out.push(`unexpected finding ${findingId(f)}`);
  // Sums name their total first.
  for (const f of actual) {
    const match = expected.find((e) => findingId(e) === findingId(f));
    if (match && match.keys[0] !== f.keys[0])
      out.push(`${f.rule}: keys start with ${f.keys[0]}, expected ${match.keys[0]}`);
  }
  return out;
}
