/** Hand-built documents for normalize tests: a few lines per construct, no file format involved. */
import type { Block, SourceDocument, TableBlock, TableCell } from '../src/document.js';

export type Row = Array<string | { text: string; colSpan?: number; rowSpan?: number }>;

/** A grid from rows of cells, spans resolved the way adapters resolve them. */
export function table(rows: Row[], emptyCells: TableBlock['emptyCells'] = 'blank'): TableBlock {
  const grid: TableCell[][] = [];
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const spec of row) {
      while (grid[r]![c]) c++;
      const cell = typeof spec === 'string' ? { text: spec } : spec;
      const rowSpan = cell.rowSpan ?? 1;
      const colSpan = cell.colSpan ?? 1;
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) {
          grid[r + dr] ??= [];
          grid[r + dr]![c + dc] = {
            text: cell.text,
            rowSpan,
            colSpan,
            position: { line: r + 1, column: c + 1 },
            ...(dr || dc ? { spanOf: [r, c] as [number, number] } : {}),
          };
        }
      }
      c += colSpan;
    }
  });
  return { type: 'table', rows: grid, emptyCells, position: { line: 1 } };
}

export const p = (text: string): Block => ({ type: 'paragraph', text, position: { line: 1 } });
export const h = (text: string): Block => ({ type: 'heading', text, position: { line: 1 } });

export function doc(...blocks: Block[]): SourceDocument {
  return { blocks, metadata: {}, diagnostics: [], mediaType: 'text/plain' };
}

export const T3_LABELS_2021 = [
  '一、本年新收政府信息公开申请数量',
  '二、上年结转政府信息公开申请数量',
  '（一）予以公开',
  '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  '1.属于国家秘密',
  '2.其他法律行政法规禁止公开',
  '3.危及“三安全一稳定”',
  '4.保护第三方合法权益',
  '5.属于三类内部事务信息',
  '6.属于四类过程性信息',
  '7.属于行政执法案卷',
  '8.属于行政查询事项',
  '1.本机关不掌握相关政府信息',
  '2.没有现成信息需要另行制作',
  '3.补正后申请内容仍不明确',
  '1.信访举报投诉类申请',
  '2.重复申请',
  '3.要求提供公开出版物',
  '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息',
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '3.其他',
  '（七）总计',
  '四、结转下年度继续办理',
];

/** A consistent set of T3 rows: 10 applications, 8 granted, 2 carried forward. */
export function t3Values(): number[][] {
  const rows = T3_LABELS_2021.map(() => [0, 0, 0, 0, 0, 0, 0]);
  rows[0] = [7, 2, 0, 0, 1, 0, 10];
  rows[2] = [5, 2, 0, 0, 1, 0, 8];
  rows[23] = [5, 2, 0, 0, 1, 0, 8];
  rows[24] = [2, 0, 0, 0, 0, 0, 2];
  return rows;
}

export const SECTION_TEXT = {
  overview: '一、总体情况',
  proactive: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  reviews: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
};

export function t2Table2021(): TableBlock {
  return table([
    [{ text: '第二十条第（一）项', colSpan: 4 }],
    ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
    ['规章', '0', '0', '3'],
    ['行政规范性文件', '4', '1', '20'],
    [{ text: '第二十条第（五）项', colSpan: 4 }],
    ['信息内容', { text: '本年处理决定数量', colSpan: 3 }],
    ['行政许可', { text: '1,200', colSpan: 3 }],
    [{ text: '第二十条第（六）项', colSpan: 4 }],
    ['信息内容', { text: '本年处理决定数量', colSpan: 3 }],
    ['行政处罚', { text: '35', colSpan: 3 }],
    ['行政强制', { text: '0', colSpan: 3 }],
    [{ text: '第二十条第（八）项', colSpan: 4 }],
    ['信息内容', { text: '本年收费金额（单位：万元）', colSpan: 3 }],
    ['行政事业性收费', { text: '12.5', colSpan: 3 }],
  ]);
}

export function t3Table2021(values = t3Values(), emptyCells: TableBlock['emptyCells'] = 'blank'): TableBlock {
  const header: Row[] = [
    [
      {
        text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
        colSpan: 3,
        rowSpan: 3,
      },
      { text: '申请人情况', colSpan: 7 },
    ],
    [
      { text: '自然人', rowSpan: 2 },
      { text: '法人或其他组织', colSpan: 5 },
      { text: '总计', rowSpan: 2 },
    ],
    ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
  ];
  const body: Row[] = T3_LABELS_2021.map((label, i) => [
    { text: label, colSpan: 3 },
    ...values[i]!.map(String),
  ]);
  return table([...header, ...body], emptyCells);
}

export function t4Table(values = [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]): TableBlock {
  return table([
    [
      { text: '行政复议', colSpan: 5 },
      { text: '行政诉讼', colSpan: 10 },
    ],
    [
      { text: '结果维持', rowSpan: 2 },
      { text: '结果纠正', rowSpan: 2 },
      { text: '其他结果', rowSpan: 2 },
      { text: '尚未审结', rowSpan: 2 },
      { text: '总计', rowSpan: 2 },
      { text: '未经复议直接起诉', colSpan: 5 },
      { text: '复议后起诉', colSpan: 5 },
    ],
    [
      '结果维持',
      '结果纠正',
      '其他结果',
      '尚未审结',
      '总计',
      '结果维持',
      '结果纠正',
      '其他结果',
      '尚未审结',
      '总计',
    ],
    values.map(String),
  ]);
}

/** A complete, consistent 2021-format report as blocks. */
export function report2021(
  overrides: { t3?: TableBlock; t2?: TableBlock; t4?: TableBlock } = {},
): SourceDocument {
  return doc(
    h('某某区人民政府2023年政府信息公开工作年度报告'),
    p('本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。'),
    h(SECTION_TEXT.overview),
    p('2023年，我区扎实推进政务公开。'),
    h(SECTION_TEXT.proactive),
    overrides.t2 ?? t2Table2021(),
    h(SECTION_TEXT.requests),
    overrides.t3 ?? t3Table2021(),
    h(SECTION_TEXT.reviews),
    overrides.t4 ?? t4Table(),
    h(SECTION_TEXT.problems),
    p('政策解读形式还不够丰富。'),
    h(SECTION_TEXT.other),
    p('本年度未收取信息处理费。'),
  );
}
