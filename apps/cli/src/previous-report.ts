import { readFileSync } from 'node:fs';
import { type Report, reportSchema } from '@xxgk/core';

// Apart from previous.ts, which the main thread loads: validating a report takes core's zod schema,
// needed only where previous reports are read (engine.ts loads this module for `--previous`) and
// where reports are checked (`xxgk check`).
const loaded = new Map<string, Report | null>();

/** Parsed and validated once per thread; an invalid file is ignored rather than trusted. */
export function readPreviousReport(path: string): Report | null {
  let report = loaded.get(path);
  if (report !== undefined) return report;
  try {
    const parsed = reportSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    report = parsed.success ? parsed.data : null;
  } catch {
    report = null;
  }
  loaded.set(path, report);
  return report;
}
