import type { SourceDocument } from '../document.js';
import { check } from '../rules/index.js';
import { type Report, SCHEMA_VERSION } from '../schema.js';

export interface NormalizeOptions {
  /** The input's path as the caller names it (kept in `source.path`). */
  path?: string;
  /** Name of the adapter that read the document. */
  adapter?: string;
  /** sha256 of the input bytes, hex. */
  sha256?: string;
  /** Last year's report of the same agency, for the `carryover` rule. */
  previous?: Report;
  /** Run the rules and fill `findings` (default true). */
  check?: boolean;
}

/** Interpret a document as a report: metadata, sections and the three tables, by their labels. */
export function normalize(document: SourceDocument, options: NormalizeOptions = {}): Report {
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    agency: null,
    year: null,
    format: 'unknown',
    title: null,
    sections: { overview: null, problems: null, other: null },
    cells: {},
    findings: [],
    source: {
      path: options.path ?? null,
      adapter: options.adapter ?? null,
      sha256: options.sha256 ?? null,
      headings: { overview: null, proactive: null, requests: null, reviews: null, problems: null, other: null },
      cells: {},
      diagnostics: [...document.diagnostics],
    },
  };
  if (options.check !== false) report.findings = check(report, options.previous ? { previous: options.previous } : {});
  return report;
}
