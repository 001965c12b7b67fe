import type { Diagnostic, SourceDocument, SourcePosition } from '../document.js';
import { normalizeLabel } from '../labels.js';
import {
  type ColumnDef,
  FINGERPRINTS,
  formatKeys,
  type RowDef,
  T3_COLUMN_KEYS,
  T3_ORG_SUBTOTAL,
  type T3Variant,
  T4_LAYOUT,
  t2Layout,
  t3Layout,
} from '../layouts.js';
import { check } from '../rules/index.js';
import type { Cell, Report, ReportFormat, SectionId } from '../schema.js';
import { SCHEMA_VERSION } from '../version.js';
import { readMetadata } from './metadata.js';
import { sumGroups } from './readings.js';
import { findHeadings, type HeadingHit, sectionText } from './sections.js';
import { buildStream, foldedToText, positionAt, type Stream } from './stream.js';
import {
  findAnchors,
  hasOrgSubtotal,
  type Region,
  readLabelledTable,
  readT4,
  type TableOutput,
} from './tables.js';

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

const FOLDED_FINGERPRINTS = {
  '2021': FINGERPRINTS['2021'].map(normalizeLabel),
  '2019': FINGERPRINTS['2019'].map(normalizeLabel),
  post2019: FINGERPRINTS.post2019.map(normalizeLabel),
  legacy: FINGERPRINTS.legacy.map(normalizeLabel),
};

const SPLIT_MARKERS = ['申请人无正当理由', '申请人逾期未按'].map(normalizeLabel);

function countPresent(text: string, labels: string[]): number {
  let count = 0;
  for (const label of labels) if (text.includes(label)) count++;
  return count;
}

/** Interpret a document as a report: metadata, sections and the three tables, by their labels. */
export function normalize(document: SourceDocument, options: NormalizeOptions = {}): Report {
  const diagnostics: Diagnostic[] = [...document.diagnostics];
  const stream = buildStream(document.blocks);
  const hits = findHeadings(stream);
  const hit = (id: SectionId) => hits.find((h) => h.id === id);
  const headEnd = hits[0] ? foldedToText(stream, hits[0].start) : 4000;
  const meta = readMetadata(stream, headEnd, document.metadata, diagnostics);

  const folded = stream.folded;
  const regions = tableRegions(stream, hits);
  const t3Variant: T3Variant =
    regions.T3 && SPLIT_MARKERS.some((m) => folded.slice(regions.T3!.start, regions.T3!.end).includes(m))
      ? 'split'
      : 'single';
  const format = detectFormat(folded, meta.year, t3Variant, regions, diagnostics);

  const cells: Record<string, Cell> = keyedObject();
  const positions: Record<string, SourcePosition> = keyedObject();
  if (format === '2021' || format === '2019') {
    const outputs: Array<[string, TableOutput | undefined]> = [
      ['T2', regions.T2 ? readT2(stream, regions.T2, format, diagnostics) : undefined],
      ['T3', regions.T3 ? readT3(stream, regions.T3, t3Variant, diagnostics) : undefined],
      ['T4', regions.T4 ? readT4(stream, regions.T4, T4_LAYOUT, sumGroups(3, 5), diagnostics) : undefined],
    ];
    for (const [table, output] of outputs) {
      if (!output || output.rowsFound === 0) {
        diagnostics.push({
          code: 'table-not-found',
          severity: 'warning',
          message: `${table}: the table could not be located`,
        });
        continue;
      }
      for (const [key, position] of output.positions) positions[key] = position;
      const keys = tableKeys(format, t3Variant, table);
      for (const key of keys)
        cells[key] = output.cells.get(key) ?? { value: null, raw: null, status: 'blank' };
      for (const [key, cell] of output.cells) if (!Object.hasOwn(cells, key)) cells[key] = cell;
    }
    inferBlankTotals(cells, totalKeys(format, t3Variant));
  }

  const headings = {} as Record<SectionId, SourcePosition | null>;
  for (const id of ['overview', 'proactive', 'requests', 'reviews', 'problems', 'other'] as const) {
    const h = hit(id);
    headings[id] = h ? (positionAt(stream, foldedToText(stream, h.start)) ?? {}) : null;
  }

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    agency: meta.agency,
    year: meta.year,
    format,
    title: meta.title,
    sections: {
      overview: sectionText(stream, hits, 'overview'),
      problems: sectionText(stream, hits, 'problems'),
      other: sectionText(stream, hits, 'other'),
    },
    cells,
    findings: [],
    source: {
      path: options.path ?? null,
      adapter: options.adapter ?? null,
      sha256: options.sha256 ?? null,
      headings,
      cells: positions,
      diagnostics,
    },
  };
  if (options.check !== false)
    report.findings = check(report, options.previous ? { previous: options.previous } : {});
  return report;
}

/**
 * An empty plain object in V8's dictionary mode, for the report's two objects of ~200 cell keys. Built
 * from `{}`, each of the first keys would add a hidden class to a transition tree shared by every
 * report, which differs from report to report with the keys found, before the object turns into a
 * dictionary anyway; deleting a key that is not the last one added turns it into one at once.
 */
function keyedObject<T>(): Record<string, T> {
  const object: Record<string, unknown> = { a: 0, b: 0 };
  delete object.a;
  delete object.b;
  return object as Record<string, T>;
}

const TABLE_KEYS = new Map<string, string[]>();

/** The keys of one table of a format, computed once. */
function tableKeys(format: '2021' | '2019', variant: T3Variant, table: string): string[] {
  const id = `${format}/${variant}/${table}`;
  let keys = TABLE_KEYS.get(id);
  if (!keys) {
    keys = formatKeys(format, variant).filter((key) => key.startsWith(`${table}.`));
    TABLE_KEYS.set(id, keys);
  }
  return keys;
}

interface Regions {
  T2?: Region;
  T3?: Region;
  T4?: Region;
}

/** Where each table sits: between its section heading and the next, with label fallbacks. */
function tableRegions(stream: Stream, hits: HeadingHit[]): Regions {
  const folded = stream.folded;
  const find = (id: SectionId) => hits.find((h) => h.id === id);
  const indexOf = (text: string, from = 0) => {
    const at = folded.indexOf(normalizeLabel(text), from);
    return at < 0 ? undefined : at;
  };
  const problems = find('problems')?.start ?? find('other')?.start ?? folded.length;
  const t2Start = find('proactive')?.end ?? indexOf('第二十条第');
  const t3Start =
    find('requests')?.end ?? indexOf('本列数据的勾稽关系') ?? indexOf('本年新收政府信息公开申请数量');
  const t4Start =
    find('reviews')?.end ?? (t3Start !== undefined ? indexOf('行政复议', t3Start) : indexOf('行政复议'));
  const regions: Regions = {};
  if (t2Start !== undefined) {
    const end = find('requests')?.start ?? t3Start ?? find('reviews')?.start ?? problems;
    if (end > t2Start) regions.T2 = { start: t2Start, end };
  }
  if (t3Start !== undefined) {
    const end = find('reviews')?.start ?? (t4Start !== undefined && t4Start > t3Start ? t4Start : problems);
    if (end > t3Start) regions.T3 = { start: t3Start, end };
  }
  if (t4Start !== undefined && problems > t4Start) regions.T4 = { start: t4Start, end: problems };
  return regions;
}

function detectFormat(
  folded: string,
  year: number | null,
  t3Variant: T3Variant,
  regions: Regions,
  diagnostics: Diagnostic[],
): ReportFormat {
  const s2021 = countPresent(folded, FOLDED_FINGERPRINTS['2021']);
  const s2019 = countPresent(folded, FOLDED_FINGERPRINTS['2019']);
  const post = countPresent(folded, FOLDED_FINGERPRINTS.post2019);
  const legacy = countPresent(folded, FOLDED_FINGERPRINTS.legacy);
  // Without the template's own table labels, words like 政府集中采购 in a narrative prove nothing.
  const templateTables = post > 0 || folded.includes('第二十条第');
  if (!templateTables) {
    if (legacy > 0 || (year !== null && year <= 2018)) return 'legacy';
    return 'unknown';
  }
  if (s2021 > 0 && s2019 > 0) {
    diagnostics.push({
      code: 'format-mixed',
      severity: 'warning',
      message: `labels of both formats: ${s2021} of the 2021 format, ${s2019} of the 2019 format; the majority decides`,
    });
  }
  if (s2021 > s2019) return '2021';
  if (s2019 > s2021) return '2019';
  if (post > 0 || (regions.T3 && s2021 + s2019 > 0)) return t3Variant === 'split' ? '2021' : '2019';
  if (legacy > 0 || (year !== null && year <= 2018)) return 'legacy';
  return 'unknown';
}

function readT2(
  stream: Stream,
  region: Region,
  format: '2021' | '2019',
  diagnostics: Diagnostic[],
): TableOutput {
  const layout = t2Layout(format);
  return readLabelledTable(
    stream,
    region,
    { id: 'T2', layout, columnsOf: (row) => row.columns },
    diagnostics,
  );
}

const SUBTOTAL_COLUMNS = new WeakMap<RowDef, readonly ColumnDef[]>();

/** A T3 row's columns with 法人或其他组织小计 before 总计, one array per row (cell keys are cached by it). */
function withOrgSubtotal(row: RowDef): readonly ColumnDef[] {
  let columns = SUBTOTAL_COLUMNS.get(row);
  if (!columns) {
    columns = [...row.columns.slice(0, 6), T3_ORG_SUBTOTAL, row.columns[6]!];
    SUBTOTAL_COLUMNS.set(row, columns);
  }
  return columns;
}

function readT3(stream: Stream, region: Region, variant: T3Variant, diagnostics: Diagnostic[]): TableOutput {
  const layout = t3Layout(variant);
  const anchors = findAnchors(stream, region, layout.rows);
  const subtotal = hasOrgSubtotal(stream, region, anchors[0]?.start ?? region.end);
  const rowRule = sumGroups(1, 7);
  const columnsOf = (row: RowDef) => (subtotal ? withOrgSubtotal(row) : row.columns);
  if (subtotal) {
    diagnostics.push({
      code: 't3-subtotal-column',
      severity: 'info',
      message: 'T3 prints an extra 法人或其他组织小计 column',
    });
  }
  return readLabelledTable(
    stream,
    region,
    { id: 'T3', layout, columnsOf, ...(subtotal ? {} : { rule: () => rowRule }) },
    diagnostics,
  );
}

const TOTAL_KEYS = new Map<string, string[]>();

/** The T3 and T4 total keys of a format: no key the tables add beside their layout's is a total. */
function totalKeys(format: '2021' | '2019', variant: T3Variant): string[] {
  const id = `${format}/${variant}`;
  let keys = TOTAL_KEYS.get(id);
  if (!keys) {
    keys = [...tableKeys(format, variant, 'T3'), ...tableKeys(format, variant, 'T4')].filter((key) =>
      key.endsWith('.total'),
    );
    TOTAL_KEYS.set(id, keys);
  }
  return keys;
}

/** A blank total whose parts are all printed: report the sum beside it, never in place of it. */
function inferBlankTotals(cells: Record<string, Cell>, totals: readonly string[]): void {
  for (const key of totals) {
    const total = cells[key];
    if (
      total === undefined ||
      total.value !== null ||
      (total.status !== 'blank' && total.status !== 'placeholder') ||
      total.raw === null
    )
      continue;
    const row = key.slice(0, -'.total'.length);
    const parts = row.startsWith('T3.')
      ? T3_COLUMN_KEYS.filter((c) => c !== 'total').map((c) => cells[`${row}.${c}`])
      : ['upheld', 'corrected', 'other', 'pending'].map((c) => cells[`${row}.${c}`]);
    if (parts.some((cell) => !cell || cell.value === null)) continue;
    const sum = parts.reduce((acc, cell) => acc + cell!.value!, 0);
    total.inferred = { value: sum, reason: '总计栏空白，按同行各栏之和推算' };
  }
}
