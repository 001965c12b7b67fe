/**
 * Shared helpers of the rules: reading cell values, summing, the T3 shape of a report (variant, optional
 * 法人或其他组织小计 column), the arithmetic identities (勾稽关系) and Chinese labels for messages.
 *
 * Everything that depends only on the layouts is built once, at module load: rules run on every report
 * of large batches.
 */

import type { Severity } from '../document.js';
import {
  type ColumnDef,
  describeKey,
  type RowDef,
  SECTION_HEADINGS,
  T2_LAYOUT_2019,
  T2_LAYOUT_2021,
  T3_COLUMN_KEYS,
  T3_ORG_SUBTOTAL,
  type T3Variant,
  T4_LAYOUT,
  type TableLayout,
  t3Layout,
  t3ResultRows,
  type ValueKind,
} from '../layouts.js';
import type { Cell, Finding, Report } from '../schema.js';

export type TableId = 'T2' | 'T3' | 'T4';
export type ArithmeticRuleId = 't3-balance' | 't3-total-row' | 't3-total-column' | 't4-total';

/* ------------------------------------------------------------------------------------------------ */
/* Reading values                                                                                    */
/* ------------------------------------------------------------------------------------------------ */

/** The printed value of a cell; null when the cell is blank, a placeholder, ambiguous or absent. */
export function cellValue(report: Report, key: string): number | null {
  return report.cells[key]?.value ?? null;
}

/** Sum of numbers (no rounding: counts are integers, and identities compare with a small tolerance). */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Two printed numbers are the same (tolerant of binary floating point on decimal amounts). */
export function same(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}

/** A cell is ambiguous: a reading problem (a diagnostic), never a blank nor a bad value. */
export function isAmbiguous(cell: Cell | undefined): boolean {
  return cell?.status === 'ambiguous';
}

/**
 * A cell the report leaves empty: absent from `cells`, or with no value and not ambiguous (status
 * `blank` or `placeholder`; a null value under any other status is treated the same way).
 */
export function isBlank(cell: Cell | undefined): boolean {
  return cell === undefined || (cell.value === null && cell.status !== 'ambiguous');
}

/** Format a number for a message (no float noise such as 0.30000000000000004). */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/* ------------------------------------------------------------------------------------------------ */
/* Labels                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

const ORG_COLUMN_KEYS = ['commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'] as const;
/** The six applicant columns that the T3 总计 column adds up. */
export const T3_APPLICANT_COLUMNS: readonly string[] = T3_COLUMN_KEYS.filter((c) => c !== 'total');
/** The five 法人或其他组织 columns that an 法人或其他组织小计 column adds up. */
export const T3_ORG_COLUMNS: readonly string[] = ORG_COLUMN_KEYS;
export const ORG_SUBTOTAL = T3_ORG_SUBTOTAL.key;

const T3_ALL_COLUMNS = [...T3_COLUMN_KEYS, ORG_SUBTOTAL];
const T3_SPLIT = t3Layout('split');
const T3_SINGLE = t3Layout('single');

const rowLabels = new Map<string, string>();
const columnLabels = new Map<string, string>();
const cellLabels = new Map<string, string>();
const cellKinds = new Map<string, ValueKind>();

/** T3 rows inside 三、本年度办理结果 print their numbering from 三: 三（一）予以公开, 三（七）总计. */
function t3RowLabel(label: string, group: string | undefined, numbered: boolean): string {
  const full = numbered && group ? `${group} ${label}` : label;
  return full.startsWith('（') ? `三${full}` : full;
}

function layoutRowLabel(layout: TableLayout, row: RowDef): string {
  return layout.table === 'T3' ? t3RowLabel(row.label, row.group, /^\d/.test(row.label)) : row.label;
}

for (const layout of [T2_LAYOUT_2021, T2_LAYOUT_2019, T3_SPLIT, T3_SINGLE, T4_LAYOUT]) {
  for (const row of layout.rows) {
    const rowId = `${layout.table}.${row.key}`;
    const label = layoutRowLabel(layout, row);
    if (!rowLabels.has(rowId)) rowLabels.set(rowId, label);
    const columns = layout.table === 'T3' ? [...row.columns, T3_ORG_SUBTOTAL] : row.columns;
    for (const column of columns) {
      const key = `${rowId}.${column.key}`;
      if (cellLabels.has(key)) continue;
      if (!columnLabels.has(`${layout.table}.${column.key}`))
        columnLabels.set(`${layout.table}.${column.key}`, column.label);
      cellLabels.set(key, `${label} · ${column.label}`);
      cellKinds.set(key, describeKey(key)?.column.kind ?? column.kind);
    }
  }
}

/** Chinese label of a cell key for messages, e.g. `三（七）总计 · 自然人`; the key itself when unknown. */
export function cellLabel(key: string): string {
  return cellLabels.get(key) ?? key;
}

/** Chinese label of a row (`T3.granted` → `三（一）予以公开`). */
export function rowLabel(table: TableId, row: string): string {
  return rowLabels.get(`${table}.${row}`) ?? `${table}.${row}`;
}

/** Chinese label of a T3 or T4 column (`T3`, `naturalPerson` → `自然人`); T2 labels differ by format. */
export function columnLabel(table: TableId, column: string): string {
  return columnLabels.get(`${table}.${column}`) ?? column;
}

/** The value kind of a known cell key (T3 `orgSubtotal` cells included); undefined for an unknown key. */
export function cellKind(key: string): ValueKind | undefined {
  return cellKinds.get(key);
}

/** `T2` → `二、主动公开政府信息情况`. */
export const TABLE_LABELS: Readonly<Record<TableId, string>> = {
  T2: headingLabel('proactive'),
  T3: headingLabel('requests'),
  T4: headingLabel('reviews'),
};

function headingLabel(id: string): string {
  const heading = SECTION_HEADINGS.find((h) => h.id === id)!;
  return `${heading.numeral}、${heading.label}`;
}

/* ------------------------------------------------------------------------------------------------ */
/* The T3 shape of a report                                                                          */
/* ------------------------------------------------------------------------------------------------ */

/** Keys whose presence makes a report's T3 the single-row （六）其他处理 variant. */
const SINGLE_VARIANT_KEYS = T3_ALL_COLUMNS.map((c) => `T3.otherHandling.${c}`);
/** Keys whose presence means the report's T3 has an 法人或其他组织小计 column. */
const ORG_SUBTOTAL_KEYS = [
  ...new Set([...T3_SPLIT.rows, ...T3_SINGLE.rows].map((r) => `T3.${r.key}.${ORG_SUBTOTAL}`)),
];

/** 'single' when the report has a one-row （六）其他处理, else 'split'. */
export function t3Variant(report: Report): T3Variant {
  for (const key of SINGLE_VARIANT_KEYS) if (key in report.cells) return 'single';
  return 'split';
}

/** The report prints an extra 法人或其他组织小计 column in T3. */
export function hasOrgSubtotal(report: Report): boolean {
  for (const key of ORG_SUBTOTAL_KEYS) if (key in report.cells) return true;
  return false;
}

/* ------------------------------------------------------------------------------------------------ */
/* Arithmetic identities                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/**
 * One identity `total = Σ plus − Σ minus`. `keys` lists every cell involved, the total first.
 * For `t3-balance` (一 + 二 = 三（七） + 四) the total is 三（七）总计 and 四 is the one `minus` term.
 */
export interface Identity {
  rule: ArithmeticRuleId;
  total: string;
  plus: readonly string[];
  minus: readonly string[];
  keys: readonly string[];
  /** T3 column or row (or T4 row) the identity is about. */
  column?: string;
  row?: string;
}

function identity(
  rule: ArithmeticRuleId,
  total: string,
  plus: string[],
  minus: string[] = [],
  where: { column?: string; row?: string } = {},
): Identity {
  return { rule, total, plus, minus, keys: [total, ...plus, ...minus], ...where };
}

/** A table row as the layout requires it: its label and its cell keys. */
export interface RequiredRow {
  table: TableId;
  row: string;
  /** The row's label in this layout, e.g. `三（一）予以公开`, `规范性文件` (2019). */
  label: string;
  keys: readonly string[];
  /** The column label of each key, in the same order. */
  columnLabels: readonly string[];
}

/** Everything layout-derived that one report shape needs. */
export interface Shape {
  variant: T3Variant;
  orgSubtotal: boolean;
  /** T3 columns, 法人或其他组织小计 included when the report has it. */
  t3Columns: readonly string[];
  /** Every arithmetic identity of T3 and T4, in table order. */
  identities: readonly Identity[];
  /** Identities by the cells they involve. */
  identitiesByKey: ReadonlyMap<string, readonly Identity[]>;
  /** The cell keys of each table (T2 only for the 2021/2019 formats). */
  tableKeys: Readonly<Record<'2021' | '2019', Readonly<Record<TableId, readonly string[]>>>>;
  /** Rows the layout requires, by format, in table order. */
  requiredRows: Readonly<Record<'2021' | '2019', readonly RequiredRow[]>>;
}

function tableRows(layout: TableLayout, extraColumns: readonly ColumnDef[] = []): RequiredRow[] {
  return layout.rows.map((row) => {
    const columns = [...row.columns, ...extraColumns];
    return {
      table: layout.table,
      row: row.key,
      label: layoutRowLabel(layout, row),
      keys: columns.map((c) => `${layout.table}.${row.key}.${c.key}`),
      columnLabels: columns.map((c) => c.label),
    };
  });
}

function buildShape(variant: T3Variant, orgSubtotal: boolean): Shape {
  const layout = variant === 'split' ? T3_SPLIT : T3_SINGLE;
  const t3Columns = orgSubtotal ? [...T3_COLUMN_KEYS, ORG_SUBTOTAL] : [...T3_COLUMN_KEYS];
  const results = t3ResultRows(variant);
  const identities: Identity[] = [];
  for (const c of t3Columns) {
    identities.push(
      identity(
        't3-balance',
        `T3.total.${c}`,
        [`T3.newReceived.${c}`, `T3.carriedOver.${c}`],
        [`T3.carriedForward.${c}`],
        {
          column: c,
        },
      ),
    );
  }
  for (const c of t3Columns) {
    identities.push(
      identity(
        't3-total-row',
        `T3.total.${c}`,
        results.map((r) => `T3.${r}.${c}`),
        [],
        { column: c },
      ),
    );
  }
  for (const row of layout.rows) {
    identities.push(
      identity(
        't3-total-column',
        `T3.${row.key}.total`,
        T3_APPLICANT_COLUMNS.map((c) => `T3.${row.key}.${c}`),
        [],
        { row: row.key, column: 'total' },
      ),
    );
    if (orgSubtotal) {
      identities.push(
        identity(
          't3-total-column',
          `T3.${row.key}.${ORG_SUBTOTAL}`,
          T3_ORG_COLUMNS.map((c) => `T3.${row.key}.${c}`),
          [],
          { row: row.key, column: ORG_SUBTOTAL },
        ),
      );
    }
  }
  for (const row of T4_LAYOUT.rows) {
    const parts = row.columns.filter((c) => c.key !== 'total').map((c) => `T4.${row.key}.${c.key}`);
    identities.push(identity('t4-total', `T4.${row.key}.total`, parts, [], { row: row.key }));
  }

  const identitiesByKey = new Map<string, Identity[]>();
  for (const id of identities) {
    for (const key of id.keys) {
      const list = identitiesByKey.get(key);
      if (list) list.push(id);
      else identitiesByKey.set(key, [id]);
    }
  }

  const t3Rows = tableRows(layout, orgSubtotal ? [T3_ORG_SUBTOTAL] : []);
  const t4Rows = tableRows(T4_LAYOUT);
  const rowsOf = (format: '2021' | '2019') => [
    ...tableRows(format === '2021' ? T2_LAYOUT_2021 : T2_LAYOUT_2019),
    ...t3Rows,
    ...t4Rows,
  ];
  const keysOf = (rows: RequiredRow[], table: TableId) =>
    rows.filter((r) => r.table === table).flatMap((r) => r.keys);
  const requiredRows = { '2021': rowsOf('2021'), '2019': rowsOf('2019') };
  const tableKeys = {
    '2021': {
      T2: keysOf(requiredRows['2021'], 'T2'),
      T3: keysOf(t3Rows, 'T3'),
      T4: keysOf(t4Rows, 'T4'),
    },
    '2019': {
      T2: keysOf(requiredRows['2019'], 'T2'),
      T3: keysOf(t3Rows, 'T3'),
      T4: keysOf(t4Rows, 'T4'),
    },
  };
  return { variant, orgSubtotal, t3Columns, identities, identitiesByKey, tableKeys, requiredRows };
}

const SHAPES = {
  split: { plain: buildShape('split', false), org: buildShape('split', true) },
  single: { plain: buildShape('single', false), org: buildShape('single', true) },
} as const;

/** The report's shape: T3 variant and 小计 column, with their identities and required cells. */
export function shapeOf(report: Report): Shape {
  const byVariant = SHAPES[t3Variant(report)];
  return hasOrgSubtotal(report) ? byVariant.org : byVariant.plain;
}

/** Reads a value for an identity; null stops it. */
export type ValueReader = (key: string) => number | null;

export interface Evaluation {
  /** The total the parts call for. */
  expected: number;
  /** The printed total. */
  actual: number;
  holds: boolean;
}

/** Evaluate an identity; undefined when a cell it needs has no value. */
export function evaluate(id: Identity, read: ValueReader): Evaluation | undefined {
  const actual = read(id.total);
  if (actual === null) return undefined;
  let expected = 0;
  for (const key of id.plus) {
    const v = read(key);
    if (v === null) return undefined;
    expected += v;
  }
  for (const key of id.minus) {
    const v = read(key);
    if (v === null) return undefined;
    expected -= v;
  }
  return { expected, actual, holds: same(expected, actual) };
}

/** The report's printed values. */
export function printedValues(report: Report): ValueReader {
  return (key) => report.cells[key]?.value ?? null;
}

/** The report's values with blank, placeholder and absent cells read as 0 (ambiguous ones stay unknown). */
export function blanksAsZero(report: Report): ValueReader {
  return (key) => {
    const cell = report.cells[key];
    if (cell === undefined) return 0;
    if (cell.value !== null) return cell.value;
    return cell.status === 'ambiguous' ? null : 0;
  };
}

/**
 * The findings of one arithmetic rule: every identity of that rule whose cells all have values and
 * that does not hold. `message` words the finding.
 */
export function identityFindings(
  report: Report,
  rule: ArithmeticRuleId,
  severity: Severity,
  message: (id: Identity, evaluation: Evaluation, read: ValueReader) => string,
): Finding[] {
  const read = printedValues(report);
  const findings: Finding[] = [];
  for (const id of shapeOf(report).identities) {
    if (id.rule !== rule) continue;
    const evaluation = evaluate(id, read);
    if (!evaluation || evaluation.holds) continue;
    findings.push({
      rule,
      severity,
      message: message(id, evaluation, read),
      keys: [...id.keys],
      expected: evaluation.expected,
      actual: evaluation.actual,
    });
  }
  return findings;
}

/* ------------------------------------------------------------------------------------------------ */
/* Tables                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

export const TABLES: readonly TableId[] = ['T2', 'T3', 'T4'];

/** The report's format when it is one of the two official layouts, else undefined. */
export function officialFormat(report: Report): '2021' | '2019' | undefined {
  return report.format === '2021' || report.format === '2019' ? report.format : undefined;
}

/**
 * A table is present when at least one of its keys (of the report's format and T3 shape) is in `cells`
 * with source text, or is ambiguous. A table whose cells all lack source text was not found.
 */
export function tablePresent(report: Report, keys: readonly string[]): boolean {
  for (const key of keys) {
    const cell = report.cells[key];
    if (cell && (cell.raw !== null || cell.status === 'ambiguous')) return true;
  }
  return false;
}
