/**
 * Synthetic reports: an agency, a year, a format, consistent random table values, narrative sections,
 * and optionally injected defects, with the findings those defects must produce.
 *
 * Values are what a real report prints: mostly zeros and small counts, natural persons dominating the
 * applicants, a few large T2 counts, amounts in 万元 with up to four decimals. Every identity of the
 * templates holds unless a defect breaks it: 一 + 二 = 三（七）+ 四 per T3 column, （七）= the sum of the
 * result rows, the 总计 column = the six applicant columns, T4 总计 = the four results.
 */
import {
  formatKeys,
  SECTION_HEADINGS,
  type T3Variant,
  T4_LAYOUT,
  t2Layout,
  t3Layout,
  t3ResultRows,
} from '@xxgk/core';
import { Random } from './random.js';

export type Format = '2021' | '2019';
export type TableId = 'T2' | 'T3' | 'T4';
export const TABLE_IDS: readonly TableId[] = ['T2', 'T3', 'T4'];

/** What can be injected. */
export type DefectKind = 'arithmetic' | 'blank-total' | 'missing-table' | 'format-year' | 'unit';
export const DEFECT_KINDS: readonly DefectKind[] = [
  'arithmetic',
  'blank-total',
  'missing-table',
  'format-year',
  'unit',
];

/**
 * One thing the checks must say about the report because of an injected defect: the rule and the keys
 * of the finding (for sums the total first, then the parts). `rule: null` (a cell printed with a unit)
 * means no finding: the reader must strip the unit and give the cell status `unit`.
 */
export interface Defect {
  kind: DefectKind;
  rule: string | null;
  keys: string[];
  /** The cell the defect was injected in (the total off by one, the blank total, the cell with a unit). */
  cell?: string;
  /** The value that cell held before the defect (an off-by-one's true total, a blank's value). */
  original?: number;
}

export interface Sections {
  intro: string;
  /** 一、总体情况: sub-headings and paragraphs, in order. */
  overview: string[];
  problems: string[];
  other: string[];
  /** A sentence printed in place of a missing table, under its heading. */
  missing: Partial<Record<TableId, string>>;
}

export interface SyntheticReport {
  agency: string;
  year: number;
  /** The layout the tables follow (decided by the printed labels, whatever the year). */
  format: Format;
  variant: T3Variant;
  title: string;
  /** Date of publication, e.g. 2022年1月20日. */
  published: string;
  /** The text each cell prints ('' for a blank cell); keys of a missing table are absent. */
  printed: Record<string, string>;
  /** The value a reader must return for each cell: the printed number, null for a blank. */
  cells: Record<string, number | null>;
  /** Cells whose status must not be `ok`: `unit` (a unit printed in the cell), `blank`. */
  statuses: Record<string, 'unit' | 'blank'>;
  /** Tables the report leaves out. */
  missingTables: TableId[];
  sections: Sections;
  /** Every error or warning the checks must report, each with the defect that causes it. */
  defects: Defect[];
}

export interface ReportOptions {
  format?: Format;
  /** Defects to inject (each at most once). */
  defects?: readonly DefectKind[];
  /** Which tables a `missing-table` defect may remove (default all three). */
  missingTables?: readonly TableId[];
  /** Probability that a 2021-format report prints （六）其他处理 as one row (default 0.1). */
  singleVariant?: number;
  /** How the title is worded (default: by the seed, year-first one time in ten). */
  titleStyle?: TitleStyle;
  /** 2019 format: 本年增/减 may be negative (default true). */
  negativeChanges?: boolean;
}

export type TitleStyle = 'agency-year' | 'agency-year-niandu' | 'year-agency';

/* ------------------------------------------------------------------------------------------------ */
/* Names and text                                                                                    */
/* ------------------------------------------------------------------------------------------------ */

const CITIES = [
  '清河',
  '临江',
  '青山',
  '东湖',
  '南屏',
  '白石',
  '云溪',
  '金川',
  '平阳',
  '安澜',
  '长丰',
  '兴宁',
];
const MORE_CITIES = ['宁远', '丰泽', '永宁', '瑞昌', '嘉禾', '泰和', '明溪', '福川', '桐柏', '松阳', '柳河'];
const DISTRICTS = ['东城', '西城', '新华', '城关', '河东', '江北', '鼓楼', '滨海', '桥西', '龙湖'];
const TOWNS = ['黄岗', '石桥', '龙泉', '新塘', '白沙', '马坊', '柳林', '高庄'];
const BUREAUS = [
  '发展和改革委员会',
  '教育局',
  '公安局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源和规划局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '商务局',
  '文化广电和旅游局',
  '卫生健康委员会',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '政务服务和大数据管理局',
];

function agencyName(rng: Random): string {
  const city = rng.pick([...CITIES, ...MORE_CITIES]);
  switch (rng.int(0, 6)) {
    case 0:
      return `${city}市人民政府`;
    case 1:
      return `${city}市人民政府办公室`;
    case 2:
    case 3:
      return `${city}市${rng.pick(BUREAUS)}`;
    case 4:
      return `${city}市${rng.pick(DISTRICTS)}区人民政府`;
    case 5:
      return `${city}市${rng.pick(DISTRICTS)}区${rng.pick(BUREAUS)}`;
    default:
      return `${city}县${rng.pick(TOWNS)}镇人民政府`;
  }
}

function titleOf(rng: Random, agency: string, year: number, style?: TitleStyle): string {
  const r = rng.next();
  const chosen = style ?? (r < 0.6 ? 'agency-year' : r < 0.9 ? 'agency-year-niandu' : 'year-agency');
  if (chosen === 'agency-year') return `${agency}${year}年政府信息公开工作年度报告`;
  if (chosen === 'agency-year-niandu') return `${agency}${year}年度政府信息公开工作年度报告`;
  return `${year}年${agency}政府信息公开工作年度报告`;
}

const OVERVIEW_TOPICS = [
  '（一）主动公开情况',
  '（二）依申请公开情况',
  '（三）政府信息管理情况',
  '（四）平台建设情况',
  '（五）监督保障情况',
];

const OVERVIEW_SENTENCES = [
  '坚持以公开为常态、不公开为例外，推进行政决策公开、执行公开、管理公开、服务公开和结果公开。',
  '全年通过政府网站主动公开政府信息{n}条，其中政策文件{m}件。',
  '围绕重点领域深化信息公开，及时发布财政预决算、重大建设项目、公共资源配置等信息。',
  '严格落实政府信息公开申请登记、审核、办理、答复、归档等工作流程，确保依法按时答复。',
  '全年共受理政府信息公开申请{a}件，均在法定期限内予以答复。',
  '健全政府信息公开保密审查机制，坚持“先审查、后公开”和“一事一审”原则。',
  '加强政府网站和政务新媒体管理，及时更新栏目内容，全年未发生重大差错。',
  '将政务公开工作纳入年度绩效考核，组织开展业务培训{k}次，参训人员{p}人次。',
  '规范政策解读工作，对{d}件重要政策文件同步开展图文解读。',
  '持续做好政府信息公开专栏维护，按要求调整完善栏目设置。',
];

const PROBLEM_SENTENCES = [
  '（一）存在的主要问题：政策解读的形式还不够丰富，个别单位信息更新不够及时，依申请公开答复的规范性有待提升。',
  '一是部分栏目信息更新频率不高；二是政策解读的针对性和可读性还需增强；三是工作人员业务水平有待进一步提高。',
  '（二）改进措施：加强业务培训，规范答复文书格式，完善信息发布审核机制，丰富政策解读形式。',
  '下一步，将进一步健全工作机制，强化监督考核，推动政务公开工作提质增效。',
  '针对上述问题，将加大对基层单位的指导力度，定期开展栏目内容检查，发现问题及时整改。',
];

const OTHER_SENTENCES = [
  '本年度未收取政府信息公开信息处理费。',
  '依据《政府信息公开信息处理费管理办法》，本机关本年度未发出收费通知，未收取信息处理费。',
  '本年度无其他需要报告的事项，未收取信息处理费。',
  '全年收取政府信息公开信息处理费0元。',
];

const MISSING_SENTENCES: Record<TableId, string> = {
  T2: '本年度主动公开政府信息情况详见本机关政府信息公开专栏。',
  T3: '本年度依申请公开工作情况已在总体情况中说明。',
  T4: '本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。',
};

const FILL_RANGES: Record<string, [number, number]> = {
  n: [200, 8000],
  m: [5, 300],
  a: [1, 400],
  k: [1, 12],
  p: [20, 600],
  d: [1, 40],
};

function fill(rng: Random, sentence: string): string {
  return sentence.replace(/\{(\w)\}/g, (_, name: string) => {
    const [min, max] = FILL_RANGES[name] ?? [1, 100];
    return String(rng.int(min, max));
  });
}

function sections(rng: Random, agency: string, year: number): Sections {
  const intro =
    `本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室有关要求编制。` +
    `全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。` +
    `本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。如对本报告有疑问，请与${agency}办公室联系。`;
  const overview: string[] = [];
  const topics = OVERVIEW_TOPICS.slice(0, rng.int(2, OVERVIEW_TOPICS.length));
  overview.push(`${year}年，${agency}认真贯彻落实《条例》，扎实推进政务公开各项工作。`);
  for (const topic of topics) {
    overview.push(topic);
    const sentences = rng.shuffle(OVERVIEW_SENTENCES).slice(0, rng.int(1, 4));
    overview.push(sentences.map((s) => fill(rng, s)).join(''));
  }
  const problems = rng.shuffle(PROBLEM_SENTENCES).slice(0, rng.int(2, 4));
  const other = [rng.pick(OTHER_SENTENCES)];
  return { intro, overview, problems, other, missing: MISSING_SENTENCES };
}

/* ------------------------------------------------------------------------------------------------ */
/* Values                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

const APPLICANTS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'];
const T4_PARTS = ['upheld', 'corrected', 'other', 'pending'];

/** How active each applicant column is: the chance it has any requests, and a typical size. */
const ACTIVITY: Record<string, [number, number]> = {
  naturalPerson: [0.9, 400],
  commercial: [0.45, 40],
  research: [0.12, 5],
  publicInterest: [0.15, 6],
  legalService: [0.3, 15],
  otherOrg: [0.35, 12],
};

/** How the processed requests of a column spread over the result rows (relative weights). */
function resultWeight(row: string): number {
  if (row === 'granted') return 10;
  if (row === 'partiallyGranted') return 2;
  if (row === 'unavailable.notHeld') return 6;
  if (row.startsWith('unavailable.')) return 1.5;
  if (row.startsWith('notProcessed.')) return 1;
  if (row.startsWith('otherHandling')) return 1;
  return 0.5;
}

/** An amount in 万元 with up to four decimals, as an exact decimal string and its value. */
function amount(rng: Random, max: number): number {
  if (rng.chance(0.35)) return 0;
  const tenThousandths = rng.skewed(max * 10000, 2);
  const decimals = rng.pick([0, 1, 2, 4]);
  const step = 10 ** (4 - decimals);
  return Math.round(tenThousandths / step) / 10 ** decimals;
}

function t2Values(rng: Random, format: Format, negative: boolean): Record<string, number> {
  const v: Record<string, number> = {};
  const count = (max: number, p = 0.7) => (rng.chance(p) ? rng.skewed(max, 2) : 0);
  if (format === '2021') {
    v['T2.regulations.issued'] = count(3, 0.2);
    v['T2.regulations.repealed'] = count(2, 0.1);
    v['T2.regulations.inForce'] = count(40, 0.3);
    v['T2.normativeDocuments.issued'] = count(60);
    v['T2.normativeDocuments.repealed'] = count(20, 0.4);
    v['T2.normativeDocuments.inForce'] = count(400);
    v['T2.licensing.decisions'] = count(30000);
    v['T2.punishment.decisions'] = count(5000);
    v['T2.coercion.decisions'] = count(300, 0.5);
    v['T2.fees.amount'] = amount(rng, 30000);
  } else {
    for (const row of ['regulations', 'normativeDocuments']) {
      const made = count(row === 'regulations' ? 3 : 60, row === 'regulations' ? 0.2 : 0.7);
      v[`T2.${row}.newlyMade`] = made;
      v[`T2.${row}.newlyPublished`] = made;
      v[`T2.${row}.totalPublished`] = made + count(row === 'regulations' ? 40 : 400);
    }
    for (const row of ['licensing', 'otherServices', 'punishment', 'coercion', 'fees']) {
      const previous = count(row === 'fees' ? 30 : 800);
      v[`T2.${row}.previousYear`] = previous;
      v[`T2.${row}.change`] = rng.chance(0.6) ? 0 : rng.int(negative ? -Math.min(previous, 30) : 0, 30);
      if (row !== 'fees') v[`T2.${row}.decisions`] = count(row === 'otherServices' ? 2000 : 20000);
    }
    v['T2.procurement.projects'] = count(200, 0.5);
    v['T2.procurement.amount'] = v['T2.procurement.projects'] === 0 ? 0 : amount(rng, 50000);
  }
  return v;
}

function t3Values(rng: Random, variant: T3Variant): Record<string, number> {
  const v: Record<string, number> = {};
  const results = t3ResultRows(variant);
  const quiet = rng.chance(0.15);
  for (const column of APPLICANTS) {
    const [p, size] = ACTIVITY[column]!;
    const processed = quiet ? (rng.chance(0.2) ? rng.int(0, 2) : 0) : rng.chance(p) ? rng.skewed(size, 2) : 0;
    // Spread the processed requests over a few result rows by weight (most rows stay 0), a request at a
    // time for what rounding leaves.
    const active = results.filter((r) => r === 'granted' || rng.chance(0.3));
    const counts = new Map<string, number>(results.map((r) => [r, 0]));
    const weights = active.map((r) => resultWeight(r) * (0.3 + rng.next()));
    const total = weights.reduce((a, b) => a + b, 0);
    let left = processed;
    active.forEach((row, i) => {
      const share = Math.min(left, Math.floor((processed * weights[i]!) / total));
      counts.set(row, share);
      left -= share;
    });
    while (left > 0) {
      const row = rng.chance(0.6) ? 'granted' : rng.pick(active);
      counts.set(row, counts.get(row)! + 1);
      left--;
    }
    for (const [row, n] of counts) v[`T3.${row}.${column}`] = n;
    v[`T3.total.${column}`] = processed;
    const forward = rng.chance(0.3) ? rng.skewed(Math.max(1, Math.round(processed / 8)), 2) : 0;
    const over = rng.chance(0.3) ? rng.int(0, Math.min(processed + forward, 6)) : 0;
    v[`T3.carriedForward.${column}`] = forward;
    v[`T3.carriedOver.${column}`] = over;
    v[`T3.newReceived.${column}`] = processed + forward - over;
  }
  for (const row of t3Layout(variant).rows) {
    v[`T3.${row.key}.total`] = APPLICANTS.reduce((n, c) => n + v[`T3.${row.key}.${c}`]!, 0);
  }
  return v;
}

function t4Values(rng: Random): Record<string, number> {
  const v: Record<string, number> = {};
  const busy = rng.chance(0.4);
  for (const row of T4_LAYOUT.rows) {
    let total = 0;
    for (const part of T4_PARTS) {
      const n = busy && rng.chance(0.5) ? rng.skewed(row.key === 'review' ? 12 : 6, 2) : 0;
      v[`T4.${row.key}.${part}`] = n;
      total += n;
    }
    v[`T4.${row.key}.total`] = total;
  }
  return v;
}

/** The text a value prints as. */
export function printNumber(value: number): string {
  return String(value);
}

/* ------------------------------------------------------------------------------------------------ */
/* The checks' expected findings (an oracle independent of @xxgk/core's rules)                       */
/* ------------------------------------------------------------------------------------------------ */

interface Identity {
  rule: 't3-balance' | 't3-total-row' | 't3-total-column' | 't4-total';
  total: string;
  plus: string[];
  minus: string[];
}

function identities(variant: T3Variant): Identity[] {
  const out: Identity[] = [];
  const columns = [...APPLICANTS, 'total'];
  for (const c of columns) {
    out.push({
      rule: 't3-balance',
      total: `T3.total.${c}`,
      plus: [`T3.newReceived.${c}`, `T3.carriedOver.${c}`],
      minus: [`T3.carriedForward.${c}`],
    });
  }
  for (const c of columns) {
    out.push({
      rule: 't3-total-row',
      total: `T3.total.${c}`,
      plus: t3ResultRows(variant).map((r) => `T3.${r}.${c}`),
      minus: [],
    });
  }
  for (const row of t3Layout(variant).rows) {
    out.push({
      rule: 't3-total-column',
      total: `T3.${row.key}.total`,
      plus: APPLICANTS.map((c) => `T3.${row.key}.${c}`),
      minus: [],
    });
  }
  for (const row of T4_LAYOUT.rows) {
    out.push({
      rule: 't4-total',
      total: `T4.${row.key}.total`,
      plus: T4_PARTS.map((p) => `T4.${row.key}.${p}`),
      minus: [],
    });
  }
  return out;
}

/** Rows of each table as the layout requires them: the keys of one row. */
function tableRows(format: Format, variant: T3Variant): Array<{ table: TableId; keys: string[] }> {
  const rows: Array<{ table: TableId; keys: string[] }> = [];
  for (const layout of [t2Layout(format), t3Layout(variant), T4_LAYOUT]) {
    for (const row of layout.rows)
      rows.push({ table: layout.table, keys: row.columns.map((c) => `${layout.table}.${row.key}.${c.key}`) });
  }
  return rows;
}

/** The formats the year calls for: 2019 and 2020 the 2019 format, 2021 on the 2021 format. */
export function formatForYear(year: number): Format {
  return year <= 2020 ? '2019' : '2021';
}

/**
 * Every error and warning the rules must report on a report with these printed values: broken
 * identities (all their cells printed), blank cells (one finding per row of a present table), missing
 * tables, a format that does not fit the year.
 */
export function expectedFindings(report: {
  format: Format;
  variant: T3Variant;
  year: number;
  cells: Record<string, number | null>;
  missingTables: readonly TableId[];
}): Array<{ rule: string; keys: string[] }> {
  const out: Array<{ rule: string; keys: string[] }> = [];
  const read = (key: string) => (key in report.cells ? report.cells[key]! : null);
  for (const id of identities(report.variant)) {
    const total = read(id.total);
    const parts = [...id.plus, ...id.minus].map(read);
    if (total === null || parts.some((p) => p === null)) continue;
    let expected = 0;
    id.plus.forEach((_, i) => {
      expected += parts[i]!;
    });
    id.minus.forEach((_, i) => {
      expected -= parts[id.plus.length + i]!;
    });
    if (Math.abs(expected - total) > 1e-9)
      out.push({ rule: id.rule, keys: [id.total, ...id.plus, ...id.minus] });
  }
  for (const row of tableRows(report.format, report.variant)) {
    if (report.missingTables.includes(row.table)) continue;
    const blanks = row.keys.filter((key) => read(key) === null);
    if (blanks.length > 0) out.push({ rule: 'cell-blank', keys: blanks });
  }
  for (const _ of report.missingTables) out.push({ rule: 'table-missing', keys: [] });
  if (formatForYear(report.year) !== report.format) out.push({ rule: 'format-year', keys: [] });
  return out;
}

/* ------------------------------------------------------------------------------------------------ */
/* The report                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

/** Total cells an arithmetic or blank defect may hit: T3 row totals, the （七）总计 row, T4 totals. */
function totalCells(variant: T3Variant, tables: readonly TableId[]): string[] {
  const out: string[] = [];
  if (tables.includes('T3')) {
    for (const row of t3Layout(variant).rows) out.push(`T3.${row.key}.total`);
    for (const c of APPLICANTS) out.push(`T3.total.${c}`);
  }
  if (tables.includes('T4')) for (const row of T4_LAYOUT.rows) out.push(`T4.${row.key}.total`);
  return out;
}

export function generateReport(seed: number, options: ReportOptions = {}): SyntheticReport {
  const rng = new Random(seed);
  const defects = new Set(options.defects ?? []);
  const format: Format = options.format ?? (rng.chance(0.7) ? '2021' : '2019');
  let year = format === '2021' ? rng.int(2021, 2025) : rng.int(2019, 2020);
  if (defects.has('format-year')) year = format === '2021' ? rng.int(2019, 2020) : rng.int(2021, 2023);

  let missing: TableId | undefined;
  if (defects.has('missing-table')) missing = rng.pick(options.missingTables ?? TABLE_IDS);
  // Without T2, only （六）其他处理's three rows tell the 2021 format from the 2019 one.
  let variant: T3Variant = format === '2019' ? 'single' : 'split';
  if (format === '2021' && missing !== 'T2' && rng.chance(options.singleVariant ?? 0.1)) variant = 'single';

  const agency = agencyName(rng.fork(1));
  const title = titleOf(rng.fork(2), agency, year, options.titleStyle);
  const published = `${year + 1}年${rng.int(1, 3)}月${rng.int(1, 28)}日`;
  const values: Record<string, number> = {
    ...t2Values(rng.fork(3), format, options.negativeChanges ?? true),
    ...t3Values(rng.fork(4), variant),
    ...t4Values(rng.fork(5)),
  };
  const keys = formatKeys(format, variant);
  for (const key of keys) if (!(key in values)) throw new Error(`generator: no value for ${key}`);

  const missingTables: TableId[] = missing ? [missing] : [];
  const present = TABLE_IDS.filter((t) => t !== missing);
  const cells: Record<string, number | null> = {};
  const printed: Record<string, string> = {};
  for (const key of keys) {
    if (missing && key.startsWith(`${missing}.`)) continue;
    cells[key] = values[key]!;
    printed[key] = printNumber(values[key]!);
  }
  const statuses: Record<string, 'unit' | 'blank'> = {};
  const injected: Defect[] = [];
  const drng = rng.fork(6);
  const candidates = totalCells(variant, present);

  let blank: string | undefined;
  const original: Record<string, number> = {};
  if (defects.has('blank-total') && candidates.length > 0) {
    blank = drng.pick(candidates);
    original[blank] = cells[blank]!;
    cells[blank] = null;
    printed[blank] = '';
    statuses[blank] = 'blank';
  }
  let offByOne: string | undefined;
  if (defects.has('arithmetic') && candidates.length > 0) {
    offByOne = drng.pick(candidates.filter((k) => k !== blank));
    const value = cells[offByOne]!;
    original[offByOne] = value;
    const next = value > 0 && drng.chance(0.5) ? value - 1 : value + 1;
    cells[offByOne] = next;
    printed[offByOne] = printNumber(next);
  }
  let unit: string | undefined;
  if (defects.has('unit')) {
    const counts = Object.keys(cells).filter(
      (k) =>
        !k.endsWith('.total') &&
        !k.startsWith('T3.total.') &&
        cells[k] !== null &&
        !k.endsWith('.amount') &&
        !k.endsWith('.change'),
    );
    unit = drng.pick(counts);
    printed[unit] = `${printNumber(cells[unit]!)}件`;
    statuses[unit] = 'unit';
  }

  // What the checks must say, each finding tied to the defect that causes it.
  const kindOf = (rule: string): DefectKind =>
    rule === 'cell-blank'
      ? 'blank-total'
      : rule === 'table-missing'
        ? 'missing-table'
        : rule === 'format-year'
          ? 'format-year'
          : 'arithmetic';
  for (const finding of expectedFindings({ format, variant, year, cells, missingTables })) {
    const kind = kindOf(finding.rule);
    const cell = kind === 'arithmetic' ? offByOne : kind === 'blank-total' ? blank : undefined;
    injected.push({
      kind,
      rule: finding.rule,
      keys: finding.keys,
      ...(cell ? { cell, original: original[cell]! } : {}),
    });
  }
  if (unit) injected.push({ kind: 'unit', rule: null, keys: [unit], cell: unit });
  for (const kind of defects) {
    if (!injected.some((d) => d.kind === kind))
      throw new Error(`generator: defect ${kind} would not be reported (seed ${seed})`);
  }
  for (const d of injected) {
    if (d.kind === 'arithmetic' && !d.keys.includes(offByOne!))
      throw new Error(`generator: an identity broke without the off-by-one cell (seed ${seed})`);
  }

  return {
    agency,
    year,
    format,
    variant,
    title,
    published,
    printed,
    cells,
    statuses,
    missingTables,
    sections: sections(rng.fork(7), agency, year),
    defects: injected,
  };
}

/** The six section headings as printed: 一、总体情况 … */
export const HEADINGS: readonly string[] = SECTION_HEADINGS.map((h) => `${h.numeral}、${h.label}`);
