/**
 * The official layouts of 国办公开办函〔2019〕60号 and 〔2021〕30号 as data: every row and column with its
 * key, its printed label and the variants real reports print instead.
 */
import type { ReportFormat } from './schema.js';

export type ValueKind = 'count' | 'signed' | 'amount';

// The layouts are read-only, in their types: every read shares them, and what the reader derives
// from a layout is cached by it. Freezing them as well was measured at 2–4 % of a text report's
// normalize (frozen arrays iterate more slowly), for a guarantee the types already give.
export interface ColumnDef {
  readonly key: string;
  readonly label: string;
  readonly kind: ValueKind;
}

export interface RowDef {
  /** Row key, possibly nested (`denied.stateSecret`). */
  readonly key: string;
  /** The label as the template prints it, numbering included. */
  readonly label: string;
  /** The distinctive text the row is recognised by, after label normalisation. */
  readonly match: string;
  /** Other texts real reports print for this row (typos, old wording). */
  readonly aliases?: readonly string[];
  /** The numbering printed before the text: `一、`, `（一）`, `1.`. */
  readonly ordinal?: string;
  /** The text alone is too common to identify the row; only count it with its numbering. */
  readonly needsOrdinal?: boolean;
  /** Label of the group the row sits in, e.g. `（三）不予公开`. */
  readonly group?: string;
  readonly columns: readonly ColumnDef[];
}

export interface TableLayout {
  readonly table: 'T2' | 'T3' | 'T4';
  readonly caption: string;
  readonly rows: readonly RowDef[];
}

const T3_COLUMNS: ColumnDef[] = [
  { key: 'naturalPerson', label: '自然人', kind: 'count' },
  { key: 'commercial', label: '商业企业', kind: 'count' },
  { key: 'research', label: '科研机构', kind: 'count' },
  { key: 'publicInterest', label: '社会公益组织', kind: 'count' },
  { key: 'legalService', label: '法律服务机构', kind: 'count' },
  { key: 'otherOrg', label: '其他', kind: 'count' },
  { key: 'total', label: '总计', kind: 'count' },
];

/** A template's extra 「法人或其他组织小计」 column (format.md §7 V15). */
export const T3_ORG_SUBTOTAL: ColumnDef = { key: 'orgSubtotal', label: '法人或其他组织小计', kind: 'count' };

export const T3_COLUMN_KEYS = T3_COLUMNS.map((c) => c.key);

const t3 = (
  key: string,
  ordinal: string,
  label: string,
  group?: string,
  extra: Partial<RowDef> = {},
): RowDef => ({
  key,
  label: `${ordinal}${label}`,
  match: label,
  ordinal,
  columns: T3_COLUMNS,
  ...(group ? { group } : {}),
  ...extra,
});

// Rows are recognised by the opening words of their label: a narrow label column wraps the rest onto
// lines of its own, often after the row's values (「5.要求行政机关确认或重新 0 1 … / 出具已获取信息」).
const T3_HEAD: RowDef[] = [
  t3('newReceived', '一、', '本年新收', undefined, { label: '一、本年新收政府信息公开申请数量' }),
  t3('carriedOver', '二、', '上年结转', undefined, { label: '二、上年结转政府信息公开申请数量' }),
  t3('granted', '（一）', '予以公开', '三、本年度办理结果'),
  t3('partiallyGranted', '（二）', '部分公开', '三、本年度办理结果', {
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  }),
  t3('denied.stateSecret', '1.', '属于国家秘密', '（三）不予公开'),
  t3('denied.prohibitedByLaw', '2.', '其他法律行政法规禁止', '（三）不予公开', {
    label: '2.其他法律行政法规禁止公开',
    aliases: ['其他法律行政止公开', '其他法律法规禁止公开'],
  }),
  t3('denied.endangersSafety', '3.', '危及三安全一稳定', '（三）不予公开', { label: '3.危及“三安全一稳定”' }),
  t3('denied.thirdPartyRights', '4.', '保护第三方', '（三）不予公开', { label: '4.保护第三方合法权益' }),
  t3('denied.internalAffairs', '5.', '属于三类内部', '（三）不予公开', { label: '5.属于三类内部事务信息' }),
  t3('denied.processInformation', '6.', '属于四类过程', '（三）不予公开', { label: '6.属于四类过程性信息' }),
  t3('denied.enforcementFiles', '7.', '属于行政执法', '（三）不予公开', { label: '7.属于行政执法案卷' }),
  t3('denied.administrativeQuery', '8.', '属于行政查询', '（三）不予公开', { label: '8.属于行政查询事项' }),
  t3('unavailable.notHeld', '1.', '本机关不掌握', '（四）无法提供', { label: '1.本机关不掌握相关政府信息' }),
  t3('unavailable.needsCreation', '2.', '没有现成信息', '（四）无法提供', {
    label: '2.没有现成信息需要另行制作',
  }),
  t3('unavailable.stillUnclear', '3.', '补正后申请内容', '（四）无法提供', {
    label: '3.补正后申请内容仍不明确',
  }),
  t3('notProcessed.petition', '1.', '信访举报投诉', '（五）不予处理', { label: '1.信访举报投诉类申请' }),
  t3('notProcessed.duplicate', '2.', '重复申请', '（五）不予处理'),
  t3('notProcessed.publication', '3.', '要求提供公开出版', '（五）不予处理', {
    label: '3.要求提供公开出版物',
  }),
  t3('notProcessed.excessive', '4.', '无正当理由大量反复', '（五）不予处理', {
    label: '4.无正当理由大量反复申请',
  }),
  t3('notProcessed.confirmation', '5.', '要求行政机关确认', '（五）不予处理', {
    label: '5.要求行政机关确认或重新出具已获取信息',
  }),
];

const T3_TAIL: RowDef[] = [
  t3('total', '（七）', '总计', '三、本年度办理结果', { needsOrdinal: true }),
  t3('carriedForward', '四、', '结转下年度', undefined, { label: '四、结转下年度继续办理' }),
];

/** 三（六）其他处理 as three numbered rows (2021 format). */
export const T3_OTHER_HANDLING_2021: RowDef[] = [
  // Matched by the words before the wrap a narrow label column makes (「1.申请人无正当理由」/「逾期不补正…」).
  t3('otherHandling.noCorrection', '1.', '申请人无正当理由', '（六）其他处理', {
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  }),
  t3('otherHandling.feeUnpaid', '2.', '申请人逾期未按', '（六）其他处理', {
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  }),
  t3('otherHandling.other', '3.', '其他', '（六）其他处理', { needsOrdinal: true }),
];

/** 三（六）其他处理 as one row (2019 format, and some 2021-format templates). */
export const T3_OTHER_HANDLING_2019: RowDef[] = [
  t3('otherHandling', '（六）', '其他处理', '三、本年度办理结果', { needsOrdinal: true }),
];

export type T3Variant = 'split' | 'single';

function buildT3Layout(variant: T3Variant): TableLayout {
  return {
    table: 'T3',
    caption: '收到和处理政府信息公开申请情况',
    rows: [
      ...T3_HEAD,
      ...(variant === 'split' ? T3_OTHER_HANDLING_2021 : T3_OTHER_HANDLING_2019),
      ...T3_TAIL,
    ],
  };
}

const T3_LAYOUTS: Record<T3Variant, TableLayout> = {
  split: buildT3Layout('split'),
  single: buildT3Layout('single'),
};

/** One object per variant, as {@link t2Layout} gives: what the reader derives from a layout is cached by it. */
export function t3Layout(variant: T3Variant): TableLayout {
  return T3_LAYOUTS[variant];
}

/** The leaf result rows that （七）总计 adds up. */
export function t3ResultRows(variant: T3Variant): string[] {
  const rows = t3Layout(variant).rows.map((r) => r.key);
  return rows.filter((k) => !['newReceived', 'carriedOver', 'total', 'carriedForward'].includes(k));
}

const T4_COLUMNS: ColumnDef[] = [
  { key: 'upheld', label: '结果维持', kind: 'count' },
  { key: 'corrected', label: '结果纠正', kind: 'count' },
  { key: 'other', label: '其他结果', kind: 'count' },
  { key: 'pending', label: '尚未审结', kind: 'count' },
  { key: 'total', label: '总计', kind: 'count' },
];

export const T4_LAYOUT: TableLayout = {
  table: 'T4',
  caption: '政府信息公开行政复议、行政诉讼情况',
  rows: [
    { key: 'review', label: '行政复议', match: '行政复议', columns: T4_COLUMNS },
    {
      key: 'litigationDirect',
      label: '行政诉讼·未经复议直接起诉',
      match: '未经复议直接起诉',
      columns: T4_COLUMNS,
    },
    { key: 'litigationAfterReview', label: '行政诉讼·复议后起诉', match: '复议后起诉', columns: T4_COLUMNS },
  ],
};

const count = (key: string, label: string): ColumnDef => ({ key, label, kind: 'count' });

const DOCUMENTS_2021 = [
  count('issued', '本年制发件数'),
  count('repealed', '本年废止件数'),
  count('inForce', '现行有效件数'),
];
const DECISIONS_2021 = [count('decisions', '本年处理决定数量')];

export const T2_LAYOUT_2021: TableLayout = {
  table: 'T2',
  caption: '主动公开政府信息情况',
  rows: [
    {
      key: 'regulations',
      label: '规章',
      match: '规章',
      group: '第二十条第（一）项',
      columns: DOCUMENTS_2021,
    },
    {
      key: 'normativeDocuments',
      label: '行政规范性文件',
      match: '行政规范性文件',
      aliases: ['规范性文件'],
      group: '第二十条第（一）项',
      columns: DOCUMENTS_2021,
    },
    {
      key: 'licensing',
      label: '行政许可',
      match: '行政许可',
      group: '第二十条第（五）项',
      columns: DECISIONS_2021,
    },
    {
      key: 'punishment',
      label: '行政处罚',
      match: '行政处罚',
      group: '第二十条第（六）项',
      columns: DECISIONS_2021,
    },
    {
      key: 'coercion',
      label: '行政强制',
      match: '行政强制',
      group: '第二十条第（六）项',
      columns: DECISIONS_2021,
    },
    {
      key: 'fees',
      label: '行政事业性收费',
      match: '行政事业性收费',
      group: '第二十条第（八）项',
      columns: [{ key: 'amount', label: '本年收费金额（单位：万元）', kind: 'amount' }],
    },
  ],
};

const ITEMS_2019 = [
  count('previousYear', '上一年项目数量'),
  { key: 'change', label: '本年增/减', kind: 'signed' as const },
];
const ITEMS_DECIDED_2019 = [...ITEMS_2019, count('decisions', '处理决定数量')];
const DOCUMENTS_2019 = [
  count('newlyMade', '本年新制作数量'),
  count('newlyPublished', '本年新公开数量'),
  count('totalPublished', '对外公开总数量'),
];

export const T2_LAYOUT_2019: TableLayout = {
  table: 'T2',
  caption: '主动公开政府信息情况',
  rows: [
    {
      key: 'regulations',
      label: '规章',
      match: '规章',
      group: '第二十条第（一）项',
      columns: DOCUMENTS_2019,
    },
    {
      key: 'normativeDocuments',
      label: '规范性文件',
      match: '规范性文件',
      group: '第二十条第（一）项',
      columns: DOCUMENTS_2019,
    },
    {
      key: 'licensing',
      label: '行政许可',
      match: '行政许可',
      group: '第二十条第（五）项',
      columns: ITEMS_DECIDED_2019,
    },
    {
      key: 'otherServices',
      label: '其他对外管理服务事项',
      match: '其他对外管理服务事项',
      group: '第二十条第（五）项',
      columns: ITEMS_DECIDED_2019,
    },
    {
      key: 'punishment',
      label: '行政处罚',
      match: '行政处罚',
      group: '第二十条第（六）项',
      columns: ITEMS_DECIDED_2019,
    },
    {
      key: 'coercion',
      label: '行政强制',
      match: '行政强制',
      group: '第二十条第（六）项',
      columns: ITEMS_DECIDED_2019,
    },
    {
      key: 'fees',
      label: '行政事业性收费',
      match: '行政事业性收费',
      group: '第二十条第（八）项',
      columns: ITEMS_2019,
    },
    {
      key: 'procurement',
      label: '政府集中采购',
      match: '政府集中采购',
      group: '第二十条第（九）项',
      columns: [count('projects', '采购项目数量'), { key: 'amount', label: '采购总金额', kind: 'amount' }],
    },
  ],
};

export function t2Layout(format: '2021' | '2019'): TableLayout {
  return format === '2021' ? T2_LAYOUT_2021 : T2_LAYOUT_2019;
}

/** Every cell key of a layout, in table order. */
export function layoutKeys(layout: TableLayout): string[] {
  return layout.rows.flatMap((row) => row.columns.map((col) => `${layout.table}.${row.key}.${col.key}`));
}

/** All cell keys of a format, with the T3 variant the format normally has. */
export function formatKeys(format: ReportFormat, t3Variant?: T3Variant): string[] {
  if (format !== '2021' && format !== '2019') return [];
  const variant = t3Variant ?? (format === '2021' ? 'split' : 'single');
  return [...layoutKeys(t2Layout(format)), ...layoutKeys(t3Layout(variant)), ...layoutKeys(T4_LAYOUT)];
}

export interface KeyInfo {
  key: string;
  table: 'T2' | 'T3' | 'T4';
  row: RowDef;
  column: ColumnDef;
  /** Chinese label for messages, e.g. `（三）不予公开 1.属于国家秘密 · 自然人`. */
  label: string;
}

const keyIndex = new Map<string, KeyInfo>();
for (const layout of [T2_LAYOUT_2021, T2_LAYOUT_2019, t3Layout('split'), t3Layout('single'), T4_LAYOUT]) {
  for (const row of layout.rows) {
    for (const column of row.columns) {
      const key = `${layout.table}.${row.key}.${column.key}`;
      if (keyIndex.has(key)) continue;
      const rowLabel =
        row.group && layout.table === 'T3' && /^\d/.test(row.label) ? `${row.group} ${row.label}` : row.label;
      keyIndex.set(key, { key, table: layout.table, row, column, label: `${rowLabel} · ${column.label}` });
    }
  }
}

/** Labels and kind of a cell key of either format; undefined for an unknown key. */
export function describeKey(key: string): KeyInfo | undefined {
  return keyIndex.get(key);
}

/** Section headings: the six parts of every post-2019 report. */
export const SECTION_HEADINGS = [
  { id: 'overview', numeral: '一', label: '总体情况' },
  { id: 'proactive', numeral: '二', label: '主动公开政府信息情况' },
  { id: 'requests', numeral: '三', label: '收到和处理政府信息公开申请情况' },
  { id: 'reviews', numeral: '四', label: '政府信息公开行政复议、行政诉讼情况' },
  { id: 'problems', numeral: '五', label: '存在的主要问题及改进情况' },
  { id: 'other', numeral: '六', label: '其他需要报告的事项' },
] as const;

/** Labels that tell the formats apart (format.md §8). Matched after label normalisation. */
export const FINGERPRINTS = {
  '2021': ['本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额'],
  '2019': [
    '本年新制作数量',
    '本年新公开数量',
    '对外公开总数量',
    '上一年项目数量',
    '本年增/减',
    '其他对外管理服务事项',
    '第二十条第(九)项',
    '政府集中采购',
    '采购总金额',
  ],
  post2019: ['本列数据的勾稽关系', '危及三安全一稳定', '第二十条第(一)项'],
  legacy: [
    '政府信息公开情况统计表',
    '统计指标',
    '不同渠道和方式公开相同信息计1条',
    '回应解读情况',
    '收费及减免情况',
  ],
} as const;
