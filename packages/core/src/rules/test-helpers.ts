/**
 * Test helpers: consistent hand-built reports of the 2021 and 2019 formats, with every T2/T3/T4 key of
 * the format, and small mutations to make them invalid. Used by the rules' colocated tests only.
 */
import {
  SECTION_HEADINGS,
  T3_ORG_SUBTOTAL,
  type T3Variant,
  T4_LAYOUT,
  t2Layout,
  t3Layout,
  t3ResultRows,
} from '../layouts.js';
import { type Cell, type CellStatus, type Finding, type Report, SCHEMA_VERSION } from '../schema.js';
import type { Rule } from './types.js';

export interface ReportSpec {
  format?: Report['format'];
  /** T3 （六）其他处理: 'split' (three rows) or 'single' (one row). Default: split for 2021, single for 2019. */
  variant?: T3Variant;
  /** Add the template's extra 法人或其他组织小计 column to T3. */
  orgSubtotal?: boolean;
  /** Default 2022 for the 2021 format, 2020 for the 2019 format, null otherwise. */
  year?: number | null;
  agency?: string | null;
  /** 二、上年结转 of the six applicant columns. */
  carriedOver?: readonly number[];
  /** 四、结转下年度继续办理 of the six applicant columns. */
  carriedForward?: readonly number[];
  /** Section 六 text (default: a sentence on the 信息处理费). */
  other?: string | null;
  overview?: string | null;
  problems?: string | null;
}

export const APPLICANTS = [
  'naturalPerson',
  'commercial',
  'research',
  'publicInterest',
  'legalService',
  'otherOrg',
];

const ok = (value: number): Cell => ({ value, raw: String(value), status: 'ok' });

/** A report whose every identity holds, every required cell is printed and every heading is found. */
export function buildReport(spec: ReportSpec = {}): Report {
  const format = spec.format ?? '2021';
  const official = format === '2021' || format === '2019';
  const year =
    spec.year !== undefined ? spec.year : format === '2021' ? 2022 : format === '2019' ? 2020 : null;
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    agency: spec.agency !== undefined ? spec.agency : '某某市某某局',
    year,
    format,
    title: year === null ? null : `某某市某某局${year}年政府信息公开工作年度报告`,
    sections: {
      overview:
        spec.overview !== undefined
          ? spec.overview
          : '本机关认真贯彻落实《中华人民共和国政府信息公开条例》。',
      problems:
        spec.problems !== undefined ? spec.problems : '政府信息公开工作仍存在不足，下一步将加强培训。',
      other:
        spec.other !== undefined
          ? spec.other
          : format === '2021'
            ? '依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。'
            : '无其他需要报告的事项。',
    },
    cells: {},
    findings: [],
    source: {
      path: 'test/report.txt',
      adapter: 'test',
      sha256: null,
      headings: {
        overview: null,
        proactive: null,
        requests: null,
        reviews: null,
        problems: null,
        other: null,
      },
      cells: {},
      diagnostics: [],
    },
  };
  if (!official) return report;

  SECTION_HEADINGS.forEach((h, i) => {
    report.source.headings[h.id] = { line: 10 * (i + 1) };
  });
  const put = (key: string, value: number, position: { table: number; row: number; col: number }) => {
    report.cells[key] = ok(value);
    report.source.cells[key] = position;
  };

  // T2: small counts, a negative 本年增/减, a decimal amount.
  t2Layout(format).rows.forEach((row, r) => {
    row.columns.forEach((column, c) => {
      const value =
        column.kind === 'amount'
          ? 12.5
          : column.kind === 'signed'
            ? r % 2
              ? -1
              : 2
            : (r * 3 + c * 2 + 1) % 7;
      put(`T2.${row.key}.${column.key}`, value, { table: 0, row: r, col: c });
    });
  });

  // T3: leaf results by pattern, totals and 一、本年新收 computed so that every identity holds.
  const variant = spec.variant ?? (format === '2021' ? 'split' : 'single');
  const results = t3ResultRows(variant);
  const rowValues = new Map<string, number[]>();
  results.forEach((row, j) => {
    rowValues.set(
      row,
      APPLICANTS.map((_, i) => (i === 0 ? (j % 4) * 3 : (i + j) % 3)),
    );
  });
  const columnTotals = APPLICANTS.map((_, i) => results.reduce((s, row) => s + rowValues.get(row)![i]!, 0));
  const carriedOver = spec.carriedOver ?? APPLICANTS.map((_, i) => (i === 0 ? 4 : i % 2));
  const carriedForward = spec.carriedForward ?? APPLICANTS.map((_, i) => (i === 0 ? 3 : (i + 1) % 2));
  rowValues.set('carriedOver', [...carriedOver]);
  rowValues.set('total', columnTotals);
  rowValues.set('carriedForward', [...carriedForward]);
  rowValues.set(
    'newReceived',
    APPLICANTS.map((_, i) => columnTotals[i]! + carriedForward[i]! - carriedOver[i]!),
  );
  t3Layout(variant).rows.forEach((row, r) => {
    const values = rowValues.get(row.key)!;
    const at = (col: number) => ({ table: 1, row: r, col });
    values.forEach((value, i) => {
      put(`T3.${row.key}.${APPLICANTS[i]}`, value, at(i));
    });
    put(
      `T3.${row.key}.total`,
      values.reduce((s, v) => s + v, 0),
      at(6),
    );
    if (spec.orgSubtotal) {
      put(
        `T3.${row.key}.${T3_ORG_SUBTOTAL.key}`,
        values.slice(1).reduce((s, v) => s + v, 0),
        at(7),
      );
    }
  });

  // T4: three rows whose totals add up.
  const t4: Record<string, number[]> = {
    review: [2, 1, 0, 1],
    litigationDirect: [1, 0, 1, 0],
    litigationAfterReview: [0, 0, 0, 0],
  };
  T4_LAYOUT.rows.forEach((row, r) => {
    const parts = t4[row.key]!;
    ['upheld', 'corrected', 'other', 'pending'].forEach((column, c) => {
      put(`T4.${row.key}.${column}`, parts[c]!, { table: 2, row: 0, col: r * 5 + c });
    });
    put(
      `T4.${row.key}.total`,
      parts.reduce((s, v) => s + v, 0),
      { table: 2, row: 0, col: r * 5 + 4 },
    );
  });
  return report;
}

/** Last year's report of the same agency whose 结转下年度 matches this report's 上年结转. */
export function previousFor(report: Report, spec: ReportSpec = {}): Report {
  return buildReport({
    format: report.format,
    year: report.year === null ? null : report.year - 1,
    agency: report.agency,
    carriedForward: APPLICANTS.map((c) => report.cells[`T3.carriedOver.${c}`]?.value ?? 0),
    ...spec,
  });
}

/** Print another value in a cell (status ok). */
export function setValue(report: Report, key: string, value: number, raw = String(value)): void {
  if (!(key in report.cells)) throw new Error(`test report has no cell ${key}`);
  report.cells[key] = { value, raw, status: 'ok' };
}

/** Add to a cell's printed value. */
export function adjust(report: Report, key: string, delta: number): void {
  const value = report.cells[key]?.value;
  if (value === undefined || value === null) throw new Error(`test report has no value in ${key}`);
  setValue(report, key, value + delta);
}

/** Leave a cell blank (`''`) or print a placeholder (`/`). */
export function setBlank(
  report: Report,
  key: string,
  status: Extract<CellStatus, 'blank' | 'placeholder'> = 'blank',
) {
  if (!(key in report.cells)) throw new Error(`test report has no cell ${key}`);
  report.cells[key] = { value: null, raw: status === 'blank' ? '' : '/', status };
}

/** Make a cell ambiguous, as a digit run with several readings. */
export function setAmbiguous(report: Report, key: string): void {
  if (!(key in report.cells)) throw new Error(`test report has no cell ${key}`);
  report.cells[key] = {
    value: null,
    raw: '1234',
    status: 'ambiguous',
    readings: [
      [1, 234],
      [12, 34],
    ],
  };
}

/** Drop a cell from the report altogether. */
export function removeCell(report: Report, key: string): void {
  if (!(key in report.cells)) throw new Error(`test report has no cell ${key}`);
  delete report.cells[key];
  delete report.source.cells[key];
}

/** Run one rule. */
export function run(rule: Rule, report: Report, previous?: Report): Finding[] {
  return rule.check(previous ? { report, previous } : { report });
}

/** The valid reports every rule must stay silent on (with `previous` where the rule needs one). */
export function validReports(): { name: string; report: Report; previous?: Report }[] {
  const split2021 = buildReport({ format: '2021' });
  const single2019 = buildReport({ format: '2019' });
  return [
    { name: '2021 format, split （六）', report: split2021, previous: previousFor(split2021) },
    { name: '2021 format, single （六） row', report: buildReport({ format: '2021', variant: 'single' }) },
    {
      name: '2021 format with 法人或其他组织小计',
      report: buildReport({ format: '2021', orgSubtotal: true }),
    },
    { name: '2019 format', report: single2019, previous: previousFor(single2019) },
    {
      name: '2019 format with 法人或其他组织小计',
      report: buildReport({ format: '2019', orgSubtotal: true }),
    },
    { name: '2019 format, year 2019', report: buildReport({ format: '2019', year: 2019 }) },
    { name: 'legacy report', report: buildReport({ format: 'legacy', year: 2015 }) },
  ];
}
