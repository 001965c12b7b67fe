/**
 * The synthetic corpus: seeded, deterministic reports of both formats rendered in the shapes real reports
 * circulate in, each with its truth (agency, year, format, every cell's value, the findings its injected
 * defects must produce).
 *
 *   generate(42, { style: 'layout', defects: ['arithmetic'] })
 *     → { files: [{ name: 'text/r42.txt', bytes, style: 'layout', … }], truth: { agency, year, … } }
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderPortal, renderSplit, renderWord } from './html.js';
import { Random } from './random.js';
import {
  DEFECT_KINDS,
  type Defect,
  type DefectKind,
  type Format,
  generateReport,
  type ReportOptions,
  type SyntheticReport,
  type TableId,
} from './report.js';
import { type LayoutOptions, renderCells, renderLayout, renderMarkdown, renderRunTogether } from './text.js';
import { renderWorkbook, workbookStatuses } from './xlsx.js';

export { Random } from './random.js';
export type {
  Defect,
  DefectKind,
  Format,
  ReportOptions,
  SyntheticReport,
  TableId,
  TitleStyle,
} from './report.js';
export { DEFECT_KINDS, expectedFindings, generateReport } from './report.js';
export type { LayoutOptions } from './text.js';

export type Style =
  | 'markdown'
  | 'layout'
  | 'cells'
  | 'run-together'
  | 'word'
  | 'portal'
  | 'split'
  | 'xlsx'
  | 'xls'
  | 'xlsx-flat';

export interface StyleInfo {
  /** The adapter that reads it. */
  adapter: 'text' | 'html' | 'xlsx';
  /** Folder and extension of the file. */
  folder: string;
  extension: string;
  /** Defects the rendering can carry. */
  defects: readonly DefectKind[];
}

const ALL = DEFECT_KINDS;
const NO_MISSING = DEFECT_KINDS.filter((d) => d !== 'missing-table');

export const STYLES: Readonly<Record<Style, StyleInfo>> = {
  markdown: { adapter: 'text', folder: 'text', extension: 'md', defects: ALL },
  layout: { adapter: 'text', folder: 'text', extension: 'txt', defects: ALL },
  cells: { adapter: 'text', folder: 'text', extension: 'txt', defects: ALL },
  // A blank or a unit cannot be told apart in digits run together; nothing real prints them so.
  'run-together': {
    adapter: 'text',
    folder: 'text',
    extension: 'txt',
    defects: ['arithmetic', 'missing-table', 'format-year'],
  },
  word: { adapter: 'html', folder: 'html', extension: 'htm', defects: ALL },
  portal: { adapter: 'html', folder: 'html', extension: 'html', defects: ALL },
  split: { adapter: 'html', folder: 'html', extension: 'html', defects: ALL },
  // The workbook generator always writes the three tables.
  xlsx: { adapter: 'xlsx', folder: 'xlsx', extension: 'xlsx', defects: NO_MISSING },
  xls: { adapter: 'xlsx', folder: 'xlsx', extension: 'xls', defects: NO_MISSING },
  'xlsx-flat': { adapter: 'xlsx', folder: 'xlsx', extension: 'xlsx', defects: NO_MISSING },
};

/** A workbook has the three tables under their captions (二、三、四) and no narrative sections. */
function workbookFindings(report: SyntheticReport): Array<{ rule: string; keys: string[] }> {
  const findings = [0, 1, 2].map(() => ({ rule: 'section-missing', keys: [] as string[] }));
  const unpaid = Object.keys(report.cells).filter(
    (key) => key.startsWith('T3.otherHandling.feeUnpaid.') && (report.cells[key] ?? 0) > 0,
  );
  if (report.format === '2021' && unpaid.length > 0) findings.push({ rule: 'fee-unreported', keys: unpaid });
  return findings;
}

export const STYLE_NAMES = Object.keys(STYLES) as Style[];

export interface SyntheticFile {
  /** Relative path, e.g. `text/r42.txt`. */
  name: string;
  bytes: Uint8Array;
  style: Style;
  adapter: StyleInfo['adapter'];
  /** Expected cell statuses of this rendering (the truth's, plus any the rendering adds). */
  statuses: Record<string, 'unit' | 'blank'>;
  /**
   * Findings the rendering itself causes, beyond the truth's defects: a workbook holds only the tables,
   * so the headings of sections 一, 五 and 六 are absent (`section-missing`), and a 2021-format report
   * that dropped requests for unpaid fees says nothing of the 信息处理费 (`fee-unreported`, info).
   */
  findings: Array<{ rule: string; keys: string[] }>;
}

export interface Truth {
  agency: string;
  year: number;
  format: Format;
  variant: 'split' | 'single';
  title: string;
  /** Every cell's value as a reader must return it (null: blank); a missing table's keys are absent. */
  cells: Record<string, number | null>;
  /** Cells whose status must be `unit` or `blank`. */
  statuses: Record<string, 'unit' | 'blank'>;
  missingTables: TableId[];
  /** Each error/warning the checks must report (rule and keys), with the defect causing it. */
  defects: Defect[];
}

export interface GenerateOptions {
  /** Renderings to produce (default: one, chosen by the seed). */
  styles?: readonly Style[];
  format?: Format;
  /** Defects to inject; 'random' picks some (a third of reports get one or two). Default none. */
  defects?: readonly DefectKind[] | 'random';
  /** Base name of the files (default `r<seed>`). */
  name?: string;
  /** Options of the report itself (title wording, negative 本年增/减). */
  report?: Omit<ReportOptions, 'defects' | 'format'>;
  /** Pin options of the `layout` rendering (by default drawn from the seed). */
  layout?: Partial<LayoutOptions>;
}

export function render(
  report: SyntheticReport,
  style: Style,
  rng: Random,
  layout: Partial<LayoutOptions> = {},
): Uint8Array {
  const text = (s: string) => new TextEncoder().encode(s);
  switch (style) {
    case 'markdown':
      return text(renderMarkdown(report, rng));
    case 'layout':
      return text(renderLayout(report, rng, layout));
    case 'cells':
      return text(renderCells(report));
    case 'run-together':
      return text(renderRunTogether(report, rng));
    case 'word':
      return renderWord(report);
    case 'portal':
      return renderPortal(report, rng);
    case 'split':
      return renderSplit(report, rng);
    case 'xlsx':
      return renderWorkbook(report, rng.chance(0.5) ? 'single-sheet' : 'notes-first', 'xlsx');
    case 'xls':
      return renderWorkbook(report, rng.chance(0.5) ? 'single-sheet' : 'notes-first', 'xls');
    case 'xlsx-flat':
      return renderWorkbook(report, 'sheet-per-table', 'xlsx');
  }
}

function randomDefects(rng: Random, allowed: readonly DefectKind[]): DefectKind[] {
  if (!rng.chance(1 / 3)) return [];
  const first = rng.pick(allowed);
  if (!rng.chance(0.3)) return [first];
  const second = rng.pick(allowed);
  return second === first ? [first] : [first, second];
}

/** One synthetic report, rendered in the given styles, and its truth. */
export function generate(
  seed: number,
  options: GenerateOptions = {},
): { files: SyntheticFile[]; truth: Truth } {
  const rng = new Random(seed ^ 0x5eed);
  const styles = options.styles ?? [rng.pick(STYLE_NAMES)];
  const allowed = DEFECT_KINDS.filter((d) => styles.every((s) => STYLES[s].defects.includes(d)));
  const defects = options.defects === 'random' ? randomDefects(rng, allowed) : (options.defects ?? []);
  for (const d of defects) {
    if (!allowed.includes(d)) throw new Error(`defect ${d} cannot be rendered as ${styles.join(', ')}`);
  }
  const report = generateReport(seed, {
    ...options.report,
    defects,
    ...(options.format ? { format: options.format } : {}),
  });
  const name = options.name ?? `r${seed}`;
  const files = styles.map((style, i) => {
    const info = STYLES[style];
    const statuses = { ...report.statuses, ...(info.adapter === 'xlsx' ? workbookStatuses(report) : {}) };
    const suffix = styles.length > 1 ? `.${style}` : '';
    return {
      name: `${info.folder}/${name}${suffix}.${info.extension}`,
      bytes: render(report, style, rng.fork(100 + i), options.layout),
      style,
      adapter: info.adapter,
      statuses,
      findings: info.adapter === 'xlsx' ? workbookFindings(report) : [],
    };
  });
  const truth: Truth = {
    agency: report.agency,
    year: report.year,
    format: report.format,
    variant: report.variant,
    title: report.title,
    cells: report.cells,
    statuses: report.statuses,
    missingTables: report.missingTables,
    defects: report.defects,
  };
  return { files, truth };
}

export interface CorpusOptions {
  reports: number;
  seed?: number;
  styles?: readonly Style[];
  /** Defects as in `generate` (default 'random'). */
  defects?: readonly DefectKind[] | 'random';
  /** Also write `gold/<name>.json` files for `npm run eval` (default true). */
  gold?: boolean;
}

/**
 * Write a corpus: `<dir>/input/{text,html,xlsx}/…` and `<dir>/gold/*.json` in the corpus's gold format
 * (`{file, agency, year, format, cells}`). Returns the number of files and bytes written per style.
 */
export function writeCorpus(
  dir: string,
  options: CorpusOptions,
): { files: number; bytes: number; byStyle: Record<string, { files: number; bytes: number }> } {
  const rng = new Random(options.seed ?? 1);
  const styles = options.styles ?? STYLE_NAMES;
  const byStyle: Record<string, { files: number; bytes: number }> = {};
  let bytes = 0;
  for (let i = 0; i < options.reports; i++) {
    const seed = rng.uint32();
    const style = styles[i % styles.length]!;
    const name = `r${String(i).padStart(6, '0')}`;
    const { files, truth } = generate(seed, { styles: [style], defects: options.defects ?? 'random', name });
    for (const file of files) {
      const path = join(dir, 'input', file.name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.bytes);
      bytes += file.bytes.byteLength;
      const entry = byStyle[style] ?? { files: 0, bytes: 0 };
      byStyle[style] = entry;
      entry.files++;
      entry.bytes += file.bytes.byteLength;
      if (options.gold !== false) {
        mkdirSync(join(dir, 'gold'), { recursive: true });
        const gold = {
          file: file.name,
          agency: truth.agency,
          year: truth.year,
          format: truth.format,
          cells: truth.cells,
        };
        writeFileSync(join(dir, 'gold', `${name}.json`), JSON.stringify(gold));
      }
    }
  }
  return { files: options.reports, bytes, byStyle };
}
