import type { Finding, Report, ReportFormat } from '@xxgk/core';
import { formatKeys } from '@xxgk/core/layouts';

/** Records end with CRLF, as RFC 4180 says; line breaks inside a quoted field are kept as the source has them. */
export const EOL = '\r\n';
/** Excel on a Chinese Windows reads a BOM-less CSV as GBK; the BOM makes it UTF-8. */
export const BOM = '\uFEFF';

export type InputStatus = 'ok' | 'warning' | 'error' | 'failed' | 'skipped';

/**
 * The cell columns of reports.csv: every 2021 key, then the 2019 keys the 2021 list lacks. Fixed, so a
 * spreadsheet keeps its columns whatever the inputs were.
 */
export const CELL_COLUMNS: readonly string[] = (() => {
  const keys = [...formatKeys('2021', 'split')];
  const seen = new Set(keys);
  for (const key of formatKeys('2019', 'single')) {
    if (!seen.has(key)) {
      seen.add(key);
      keys.push(key);
    }
  }
  return keys;
})();

export const REPORTS_HEADER = [
  'file',
  'id',
  'status',
  'agency',
  'year',
  'format',
  'errors',
  'warnings',
  ...CELL_COLUMNS,
];
export const CELLS_HEADER = ['file', 'id', 'key', 'value', 'raw', 'status', 'inferred'];
export const FINDINGS_HEADER = ['file', 'id', 'rule', 'severity', 'message', 'keys'];

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`) gets a leading
 * apostrophe in the CSVs only; the JSON reports keep the text exactly as printed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?[\d.,]+$/;

function defuse(text: string): string {
  return text.length > 1 && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? formatNumber(value) : defuse(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly (string | number | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += csvField(fields[i]);
  }
  return line + EOL;
}

/** A number as a person would print it: never an exponent, nothing for a non-finite value. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const text = String(value);
  if (!text.includes('e')) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

const comparators = new Map<string, (a: string, b: string) => number>();

/**
 * Key order for a report: its own format's layout order (a 2019 report lists its T2 as the 2019 table
 * does), then the reports.csv columns, then any other key alphabetically. Depends on nothing but the
 * format, so the rows come out the same on every run.
 */
export function keyComparator(format: ReportFormat): (a: string, b: string) => number {
  let comparator = comparators.get(format);
  if (!comparator) {
    const rank = new Map<string, number>();
    for (const key of [...formatKeys(format), ...CELL_COLUMNS]) if (!rank.has(key)) rank.set(key, rank.size);
    comparator = (a, b) => {
      const ra = rank.get(a);
      const rb = rank.get(b);
      if (ra !== undefined && rb !== undefined) return ra - rb;
      if (ra !== undefined) return -1;
      if (rb !== undefined) return 1;
      return a < b ? -1 : a > b ? 1 : 0;
    };
    comparators.set(format, comparator);
  }
  return comparator;
}

export function statusOf(findings: readonly Finding[]): 'ok' | 'warning' | 'error' {
  let warning = false;
  for (const finding of findings) {
    if (finding.severity === 'error') return 'error';
    if (finding.severity === 'warning') warning = true;
  }
  return warning ? 'warning' : 'ok';
}

export interface CsvRows {
  report: string;
  cells: string;
  findings: string;
}

/**
 * The same rows as UTF-8. A worker thread moves these to the main thread instead of copying strings
 * there: the main thread then holds no per-report strings for its collector to promote and keep, which
 * grew its heap with the corpus (10,000 reports: 158 MB), and writes the bytes as they are.
 */
export interface EncodedRows {
  report: Uint8Array<ArrayBuffer>;
  cells: Uint8Array<ArrayBuffer>;
  findings: Uint8Array<ArrayBuffer>;
}

const utf8 = new TextEncoder();

export function encodeRows(rows: CsvRows): EncodedRows {
  return {
    report: utf8.encode(rows.report),
    cells: utf8.encode(rows.cells),
    findings: utf8.encode(rows.findings),
  };
}

const KNOWN_FIELDS = new Map<string, string>();

/** A cell key or status as a CSV field, remembered: both come from the layouts and the schema. */
function knownField(text: string): string {
  let field = KNOWN_FIELDS.get(text);
  if (field === undefined) {
    field = csvField(text);
    // Bounded, should a future adapter hand normalize keys of its own.
    if (KNOWN_FIELDS.size < 10_000) KNOWN_FIELDS.set(text, field);
  }
  return field;
}

/** The rows one read report contributes to the three CSVs. */
export function reportRows(file: string, id: string, report: Report): CsvRows {
  let errors = 0;
  let warnings = 0;
  for (const finding of report.findings) {
    if (finding.severity === 'error') errors++;
    else if (finding.severity === 'warning') warnings++;
  }
  const fields: (string | number | null)[] = [
    file,
    id,
    statusOf(report.findings),
    report.agency,
    report.year,
    report.format,
    errors,
    warnings,
  ];
  for (const key of CELL_COLUMNS) fields.push(report.cells[key]?.value ?? null);

  // The same as csvRow field by field, but the file and id are quoted once per report, and keys and
  // statuses, which come from closed sets, once per process: ~200 rows per report.
  const prefix = `${csvField(file)},${csvField(id)},`;
  let cells = '';
  for (const key of Object.keys(report.cells).sort(keyComparator(report.format))) {
    const cell = report.cells[key]!;
    cells += `${prefix}${knownField(key)},${csvField(cell.value)},${csvField(cell.raw)},${knownField(cell.status)},${csvField(cell.inferred?.value)}${EOL}`;
  }
  let findings = '';
  for (const finding of report.findings) {
    findings += csvRow([file, id, finding.rule, finding.severity, finding.message, finding.keys.join(' ')]);
  }
  return { report: csvRow(fields), cells, findings };
}

const EMPTY_TAIL = ','.repeat(REPORTS_HEADER.length - 3);

/** The reports.csv row of an input that produced no report: every field present (RFC 4180), most empty. */
export function unreadRow(file: string, id: string, status: 'failed' | 'skipped'): string {
  return `${csvField(file)},${csvField(id)},${status}${EMPTY_TAIL}${EOL}`;
}
