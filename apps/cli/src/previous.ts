import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '@xxgk/core';

export interface PreviousEntry {
  agency: string;
  year: number | null;
  path: string;
}

/** Last year's reports by agency: what `--previous` loads, small enough to hand to every worker. */
export interface PreviousIndex {
  folder: string;
  /** Changes whenever any of the reports does, so cached results made against other ones are redone. */
  fingerprint: string;
  byAgency: Record<string, PreviousEntry[]>;
  count: number;
}

export function agencyKey(agency: string): string {
  return agency.replace(/\s+/g, '');
}

/** A `--previous` folder: an xxgk output folder (its `reports/`), a folder of report JSON, or one file. */
export async function loadPrevious(path: string): Promise<PreviousIndex> {
  const info = await stat(path);
  let files: string[];
  if (info.isDirectory()) {
    let folder = path;
    try {
      if ((await stat(join(path, 'reports'))).isDirectory()) folder = join(path, 'reports');
    } catch {
      // not an output folder: the reports are in it directly
    }
    files = (await readdir(folder))
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .sort()
      .map((name) => join(folder, name));
  } else {
    files = [path];
  }
  const hash = createHash('sha256');
  const byAgency: Record<string, PreviousEntry[]> = {};
  let count = 0;
  for (const file of files) {
    const bytes = await readFile(file);
    hash.update(file.slice(path.length)).update('\0').update(bytes).update('\0');
    let data: unknown;
    try {
      data = JSON.parse(bytes.toString('utf8'));
    } catch {
      continue;
    }
    const report = data as Partial<Report>;
    if (report?.schemaVersion !== 1 || typeof report.agency !== 'string' || typeof report.cells !== 'object')
      continue;
    const key = agencyKey(report.agency);
    if (key === '') continue;
    const entries = byAgency[key] ?? [];
    byAgency[key] = entries;
    entries.push({
      agency: report.agency,
      year: typeof report.year === 'number' ? report.year : null,
      path: file,
    });
    count++;
  }
  return { folder: path, fingerprint: hash.digest('hex'), byAgency, count };
}

/**
 * Last year's report for this one: same agency, and the year before when both years are known. With a
 * year missing on either side, only a single candidate is trusted: a wrong match would invent carryover
 * warnings.
 */
export function matchPrevious(
  index: PreviousIndex,
  agency: string | null,
  year: number | null,
): PreviousEntry | null {
  if (!agency) return null;
  const candidates = index.byAgency[agencyKey(agency)];
  if (!candidates || candidates.length === 0) return null;
  if (year !== null) {
    const exact = candidates.find((entry) => entry.year === year - 1);
    if (exact) return exact;
  }
  if (candidates.length === 1) {
    const only = candidates[0]!;
    if (year === null || only.year === null) return only;
  }
  return null;
}
