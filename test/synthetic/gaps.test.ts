/**
 * Reading gaps the synthetic corpus found, each kept as the smallest input that showed it: regression
 * tests of the behaviour the schema promises. A new gap goes here first, and its shape into
 * properties.test.ts's KNOWN_GAPS until it is fixed.
 */
import { textAdapter } from '@xxgk/adapter-text';
import { normalize, type Report, T3_COLUMN_KEYS, t3Layout } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import { generate } from './index.js';

async function read(text: string, fileName = 'report.txt'): Promise<Report> {
  const document = await textAdapter.read(new TextEncoder().encode(text), { fileName });
  return normalize(document, { path: fileName, adapter: textAdapter.name });
}

const T3_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

describe('blank cells in text tables (schema §3: a blank total stays null; cell-blank reports it)', () => {
  it('a blank total in a Markdown table stays blank', async () => {
    const report = await read(
      [
        '# 某市某局2021年政府信息公开工作年度报告',
        '',
        '## 三、收到和处理政府信息公开申请情况',
        '',
        `| ${T3_CORNER} |  |  | 申请人情况 |  |  |  |  |  |  |`,
        '|---|---|---|---|---|---|---|---|---|---|',
        '|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |',
        '|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |',
        '| 一、本年新收政府信息公开申请数量 |  |  | 3 | 0 | 0 | 0 | 0 | 1 |  |',
        '| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
        '',
        '## 四、政府信息公开行政复议、行政诉讼情况',
        '',
      ].join('\n'),
      'report.md',
    );
    expect(report.cells['T3.newReceived.total']).toMatchObject({ value: null, status: 'blank' });
    expect(report.cells['T3.newReceived.naturalPerson']).toMatchObject({ value: 3, status: 'ok' });
    expect(report.cells['T3.newReceived.otherOrg']).toMatchObject({ value: 1, status: 'ok' });
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'cell-blank', keys: ['T3.newReceived.total'] }),
    );
  });

  it('a blank total in pdftotext -layout text is not filled in with the sum of its row', async () => {
    const report = await read(
      [
        '某市某局2021年政府信息公开工作年度报告',
        '',
        '    三、收到和处理政府信息公开申请情况',
        '',
        `  ${T3_CORNER}`,
        '                                    自然人   商业企业   科研机构   社会公益组织   法律服务机构   其他   总计',
        '  一、本年新收政府信息公开申请数量      3        0          0            0              0          1',
        '  二、上年结转政府信息公开申请数量      0        0          0            0              0          0      0',
        '',
        '    四、政府信息公开行政复议、行政诉讼情况',
        '',
      ].join('\n'),
    );
    // The sum may stand beside (`inferred`), never as the printed value.
    expect(report.cells['T3.newReceived.total']?.value).toBeNull();
    expect(report.cells['T3.newReceived.otherOrg']?.value).toBe(1);
  });
});

it('top-aligned values beside a wrapped （六）其他处理 label keep the 2021 three-row layout', async () => {
  // Word's default cell alignment is top: pdftotext prints the values on a label's first line, and a narrow
  // label column breaks 「申请人无正当理由逾期不补正」 and 「逾期未按收费通知要求缴纳费用」 over lines.
  const report = await read(
    [
      '某市某局2021年政府信息公开工作年度报告',
      '',
      '    三、收到和处理政府信息公开申请情况',
      '',
      `  ${T3_CORNER}`,
      '                                    自然人   商业企业   科研机构   社会公益组织   法律服务机构   其他   总计',
      '  一、本年新收政府信息公开申请数量      1        0          0            0              0          0      1',
      '  二、上年结转政府信息公开申请数量      0        0          0            0              0          0      0',
      '  （六）其他处理  1.申请人无正当理由    0        0          0            0              0          0      0',
      '                  逾期不补正、行政机关',
      '                  不再处理其申请',
      '                  2.申请人逾期未按收    1        0          0            0              0          0      1',
      '                  费通知要求缴纳费用',
      '                  3.其他                0        0          0            0              0          0      0',
      '  （七）总计                            1        0          0            0              0          0      1',
      '  四、结转下年度继续办理                0        0          0            0              0          0      0',
      '',
      '    四、政府信息公开行政复议、行政诉讼情况',
      '',
    ].join('\n'),
  );
  expect(report.format).toBe('2021');
  expect(report.cells['T3.otherHandling.naturalPerson']).toBeUndefined();
  expect(report.cells['T3.otherHandling.feeUnpaid.naturalPerson']?.value).toBe(1);
  expect(report.cells['T3.otherHandling.feeUnpaid.total']?.value).toBe(1);
});

it('a negative 本年增/减 right before the next label keeps its sign', async () => {
  // One cell per line: the text adapter joins the lines into 「…行政事业性收费29 -1第二十条第（九）项…」.
  const report = await read(
    [
      '临江市生态环境局2019年政府信息公开工作年度报告',
      '二、主动公开政府信息情况',
      '第二十条第（八）项',
      '信息内容',
      '上一年项目数量',
      '本年增/减',
      '行政事业性收费',
      '29',
      '-1',
      '第二十条第（九）项',
      '信息内容',
      '采购项目数量',
      '采购总金额',
      '政府集中采购',
      '0',
      '0',
      '三、收到和处理政府信息公开申请情况',
      '',
    ].join('\n'),
  );
  expect(report.cells['T2.fees.change']?.value).toBe(-1);
});

it('a title that starts with the year, after breadcrumbs, names the agency', async () => {
  // A crawler's text of a portal page: breadcrumbs, then 「2021年<agency>政府信息公开工作年度报告」.
  const report = await read(
    '当前位置： 首页政务公开政府信息公开年报 2021年临江市生态环境局政府信息公开工作年度报告 来源：临江市生态环境局\n一、总体情况\n',
  );
  expect(report.agency).toBe('临江市生态环境局');
  expect(report.year).toBe(2021);
});

it('a unit, then the next label on the next line, is still a unit', async () => {
  // One cell per line: joined into 「行政许可18450件第二十条第（六）项」.
  const report = await read(
    [
      '临江市生态环境局2021年政府信息公开工作年度报告',
      '二、主动公开政府信息情况',
      '第二十条第（五）项',
      '信息内容',
      '本年处理决定数量',
      '行政许可',
      '18450件',
      '第二十条第（六）项',
      '信息内容',
      '本年处理决定数量',
      '行政处罚',
      '3',
      '三、收到和处理政府信息公开申请情况',
      '',
    ].join('\n'),
  );
  expect(report.cells['T2.licensing.decisions']).toMatchObject({ value: 18450, status: 'unit', unit: '件' });
});

describe('aligned text (pdftotext -layout) with a blank cell', () => {
  const header = [
    '某市某局2021年政府信息公开工作年度报告',
    '',
    '    三、收到和处理政府信息公开申请情况',
    '',
    `  ${T3_CORNER}`,
    '                                    自然人   商业企业   科研机构   社会公益组织   法律服务机构   其他   总计',
  ];
  const footer = ['', '    四、政府信息公开行政复议、行政诉讼情况', ''];

  it('a row that lost a cell does not borrow the first value of the next row', async () => {
    const report = await read(
      [
        ...header,
        '  4.无正当理由大量反复申请              0        0          0            0              0          0',
        '  5.要求行政机关确认或重新              0        1          0            0              0          0      1',
        '    出具已获取信息',
        '  （七）总计                            0        1          0            0              0          0      1',
        ...footer,
      ].join('\n'),
    );
    const total = report.cells['T3.notProcessed.excessive.total'];
    expect(total?.status).not.toBe('ok');
    expect(report.cells['T3.notProcessed.confirmation.naturalPerson']).toMatchObject({
      value: 0,
      status: 'ok',
    });
    expect(report.cells['T3.notProcessed.confirmation.commercial']).toMatchObject({ value: 1, status: 'ok' });
    expect(report.cells['T3.notProcessed.confirmation.total']).toMatchObject({ value: 1, status: 'ok' });
  });

  // pdftotext -layout lines text up by characters (a Chinese character is one column, as in the real
  // 洪泽区 files), and xxgk places values under a one-line header by character columns.
  it('values stay under their column headers, by character columns, when a cell is blank', async () => {
    const report = await read(
      [
        ...header.slice(0, -1),
        '                                        自然人   商业企业   科研机构   社会公益组织   法律服务机构   其他   总计',
        '  一、本年新收政府信息公开申请数量                      132     4     0       0         0     0   136',
        '  （七）总计                                 133     4     0       0               0   136',
        ...footer,
      ].join('\n'),
    );
    const at = (key: string) => report.cells[key];
    expect(at('T3.total.legalService')).toMatchObject({ value: null, status: 'blank' });
    expect(at('T3.total.otherOrg')?.value).toBe(0);
    expect(at('T3.total.total')?.value).toBe(136);
    expect(at('T3.newReceived.total')?.value).toBe(136);
  });

  it('a row that lost a cell does not borrow the first value of the next row (character columns)', async () => {
    const put = (cells: Array<[number, string]>) =>
      cells.reduce((line, [x, text]) => line.padEnd(x, ' ') + text, '');
    const columns = [35, 42, 49, 56, 63, 70, 77];
    const row = (label: string, values: string[]) =>
      put([
        [22, label],
        ...values.flatMap((v, i): Array<[number, string]> => (v === '' ? [] : [[columns[i]!, v]])),
      ]);
    const report = await read(
      [
        ...header.slice(0, -1),
        put([
          [35, '自然人'],
          [42, '商业企业'],
          [49, '科研机构'],
          [56, '社会公益组织'],
          [63, '法律服务机构'],
          [70, '其他'],
          [77, '总计'],
        ]),
        row('1.属于国家秘密', ['0', '0', '0', '0', '0', '0', '']),
        row('2.其他法律行政法规禁止', ['0', '1', '0', '0', '0', '0', '1']),
        put([[22, '公开']]),
        row('3.危及“三安全一稳定”', ['0', '0', '0', '0', '0', '0', '0']),
        ...footer,
      ].join('\n'),
    );
    expect(report.cells['T3.denied.stateSecret.total']).toMatchObject({ value: null, status: 'blank' });
    expect(report.cells['T3.denied.prohibitedByLaw.naturalPerson']).toMatchObject({ value: 0, status: 'ok' });
    expect(report.cells['T3.denied.prohibitedByLaw.commercial']).toMatchObject({ value: 1, status: 'ok' });
  });

  it('a character-aligned row with two blanks keeps the character measure (found by review)', async () => {
    // Per row, display width fitted this row slightly better than characters (1.8 against 1.9 columns
    // on average): the row label's extra width cancels the header's. The table's full row decides.
    const put = (cells: Array<[number, string]>) =>
      cells.reduce((line, [x, text]) => line.padEnd(x, ' ') + text, '');
    const columns = [36, 42, 49, 56, 65, 74, 79];
    const labels = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
    const row = (label: string, values: string[]) =>
      put([
        [2, label],
        ...values.flatMap((v, i): Array<[number, string]> => (v === '' ? [] : [[columns[i]! - 1, v]])),
      ]);
    const report = await read(
      [
        ...header.slice(0, -1),
        put(labels.map((label, i): [number, string] => [columns[i]!, label])),
        row('一、本年新收政府信息公开申请数量', ['7', '1', '2', '0', '3', '0', '13']),
        row('（一）予以公开', ['95', '58', '', '87', '101', '', '149']),
        ...footer,
      ].join('\n'),
    );
    const values = T3_COLUMN_KEYS.map((column) => report.cells[`T3.granted.${column}`]?.value ?? null);
    expect(values).toEqual([95, 58, null, 87, 101, null, 149]);
  });

  // A header wrapped over several lines with wide gaps between its labels is assembled by stacking each
  // line's words on the words above them (a gap until then). The real 洪泽区 files wrap theirs over four
  // or five lines with single spaces between labels: not assembled, and their rows add up, so they read
  // right without it.
  it('values stay under their column headers when the column header is wrapped over several lines', async () => {
    // pdftotext prints a narrow column's header over several lines (「商业」 over 「企业」). Character
    // columns as above; 其他 is blank and 0 + 0 + 0 + 1 + 0 ≠ 0 (the agency's error).
    const put = (cells: Array<[number, string]>) =>
      cells.reduce((line, [x, text]) => line.padEnd(x, ' ') + text, '');
    const columns = [35, 42, 49, 56, 63, 70, 77];
    const row = (label: string, values: string[]) =>
      put([
        [2, label],
        ...values.flatMap((v, i): Array<[number, string]> => (v === '' ? [] : [[columns[i]!, v]])),
      ]);
    const report = await read(
      [
        ...header.slice(0, -1),
        put([
          [35, '自然人'],
          [42, '商业'],
          [49, '科研'],
          [56, '社会'],
          [63, '法律'],
          [70, '其他'],
          [77, '总计'],
        ]),
        put([
          [42, '企业'],
          [49, '机构'],
          [56, '公益'],
          [63, '服务'],
        ]),
        put([
          [56, '组织'],
          [63, '机构'],
        ]),
        row('一、本年新收政府信息公开申请数量', ['0', '0', '0', '0', '0', '0', '0']),
        row('（七）总计', ['0', '0', '0', '1', '0', '', '0']),
        ...footer,
      ].join('\n'),
    );
    // Today: 其他 0 (status ok, the 总计's 0) and 总计 blank. With the header on one line it reads right.
    expect(report.cells['T3.total.otherOrg']).toMatchObject({ value: null, status: 'blank' });
    expect(report.cells['T3.total.total']?.value).toBe(0);
  });

  // A rendering aligned by display width (a Chinese character two columns wide) does not line up by
  // characters: the header is measured both ways, and the table takes display width when its full rows
  // stand at most half as far from their labels that way (a gap until then).
  it('values stay under their column headers when a cell is blank and the row does not add up', async () => {
    const report = await read(
      [
        ...header,
        '  一、本年新收政府信息公开申请数量    132        4          0            0              0          0    136',
        '  （七）总计                          133        4          0            0                         0    136',
        ...footer,
      ].join('\n'),
    );
    expect(report.cells['T3.total.legalService']?.value).toBeNull();
    expect(report.cells['T3.total.otherOrg']?.value).toBe(0);
    expect(report.cells['T3.total.total']?.value).toBe(136);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'cell-blank', keys: ['T3.total.legalService'] }),
    );
  });
});

describe('one cell per line: a short row that adds up in no reading is not shifted left', () => {
  const read7 = (row: string[]) =>
    read(
      [
        '某市某局2021年政府信息公开工作年度报告',
        '三、收到和处理政府信息公开申请情况',
        T3_CORNER,
        ...['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'],
        '一、本年新收政府信息公开申请数量',
        ...['132', '4', '0', '0', '0', '0', '136'],
        '（七）总计',
        ...row,
        '四、政府信息公开行政复议、行政诉讼情况',
        '',
      ].join('\n'),
    );

  // One cell per line cannot say which cell of a six-value row is missing; with the agency's own error
  // in the row no reading adds up. Ambiguous is the honest answer; a value may only be one the row
  // can hold whichever cell is blank.
  it('法律服务机构 blank, 133 + 4 ≠ 136', async () => {
    const report = await read7(['133', '4', '0', '0', '0', '136']);
    const otherOrg = report.cells['T3.total.otherOrg'];
    const total = report.cells['T3.total.total'];
    expect(otherOrg?.status === 'ambiguous' || otherOrg?.value === 0).toBe(true);
    expect(total?.status === 'ambiguous' || total?.value === 136).toBe(true);
  });

  it('其他 blank, 0 + 0 + 0 + 1 + 0 ≠ 0', async () => {
    // The last value cannot be a total of 1, but it may be the printed total of a row with an error.
    const report = await read7(['0', '0', '0', '1', '0', '0']);
    const otherOrg = report.cells['T3.total.otherOrg'];
    const total = report.cells['T3.total.total'];
    expect(otherOrg?.status === 'ambiguous' || otherOrg?.value === null).toBe(true);
    expect(total?.status === 'ambiguous' || total?.value === 0).toBe(true);
  });
});

it('an aligned row whose value carries a unit stays a table row', async () => {
  const report = await read(
    [
      '某县人民政府2021年政府信息公开工作年度报告',
      '    二、主动公开政府信息情况',
      '',
      '第二十条第（六）项',
      '   信息内容      本年处理决定数量',
      '行政处罚         695',
      '行政强制         7件',
      '第二十条第（八）项',
      '   信息内容      本年收费金额（单位：万元）',
      '行政事业性收费   11673',
      '',
      '    三、收到和处理政府信息公开申请情况',
      '',
    ].join('\n'),
  );
  expect(report.cells['T2.coercion.decisions']).toMatchObject({ value: 7, status: 'unit', unit: '件' });
});

// A known gap (properties.test.ts excludes its shape). Found with the property test's old exclusion
// lifted (seed 3): the header's second half is printed again after the page number, so no header places
// the values, and the row prints 14 values for 15 columns: 0 0 0 0 _ 0 0 1 0 0 0 3 0 1 4, the blank
// 行政复议·总计 in a gap twice as wide as the others. Arithmetic cannot tell: 未经复议直接起诉 does not
// add up as printed (the injected error), and reading the blank one cell later makes every group add
// up. The wide gap is no evidence in real text: pdftotext spaces T4's columns unevenly (huaian-hongze
// 2023: gaps of 7 against 4), and a rule that trusted it misplaced blanks there (review, 7 Dec).
function splitT4Header() {
  const defects = ['arithmetic', 'blank-total', 'missing-table', 'format-year'] as const;
  const layout = { valueLine: 'top', labelWidth: 24, valueWidth: 0 } as const;
  const { files, truth } = generate(2122228298, { styles: ['layout'], defects: [...defects], layout });
  return { text: new TextDecoder().decode(files[0]!.bytes), truth };
}

// Outside the it.fails below, so that a change of the generator cannot make it pass for nothing.
it('the generator still renders the T4 case below as described', () => {
  expect(splitT4Header().text).toContain(
    ' 0     0     0     0           0     0     1     0     0     0     3     0     1     4',
  );
});

it.fails('a blank T4 cell stays where its values show it, when a page break split the header', async () => {
  const { text, truth } = splitT4Header();
  const report = await read(text);
  for (const key of Object.keys(truth.cells).filter((k) => k.startsWith('T4.'))) {
    expect(report.cells[key]?.value, key).toBe(truth.cells[key]);
  }
  expect(report.cells['T4.review.total']?.status).toBe('blank');
  expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['cell-blank', 't4-total']));
});

it('a T3 row short of its 总计 keeps it blank when its values stand under the full rows’ first six columns', async () => {
  // The header is wrapped and measured otherwise than the values (no header places them), and the
  // values of a row of zeros add up whichever cell is taken as lost: only where the full rows put
  // their values shows that the blank is the 总计.
  const layout = { valueLine: 'top', labelWidth: 24, valueWidth: 0 } as const;
  const { files, truth } = generate(0, { styles: ['layout'], defects: ['blank-total'], layout });
  const blank = truth.defects[0]!.cell!;
  expect(blank).toBe('T3.notProcessed.confirmation.total');
  const report = await read(new TextDecoder().decode(files[0]!.bytes));
  expect(report.cells[blank]).toMatchObject({ value: null, status: 'blank' });
  for (const key of T3_COLUMN_KEYS.filter((c) => c !== 'total')) {
    expect(report.cells[`T3.notProcessed.confirmation.${key}`]).toMatchObject({ value: 0, status: 'ok' });
  }
  expect(report.findings.some((f) => f.rule === 'cell-blank' && f.keys.includes(blank))).toBe(true);
});

it('the full rows’ columns are taken page by page: a page whose columns moved does not shift a short row', async () => {
  // pdftotext lays out each page on its own: here the values move six characters right after the page
  // break (found by review, 7 Dec). A model of the columns mixing both pages would put the page-2 row
  // 「1 0 0 0 0 0 _」 one column to the right (自然人 blank, 总计 = 0).
  const layout = t3Layout('split').rows;
  const labels = layout.map((row) => row.label);
  const rows = labels.map((_, i) => {
    const parts = [i % 3 === 0 ? 2 : 1, 0, 0, 0, 0, i % 4 === 0 ? 1 : 0];
    return [...parts, parts.reduce((a, b) => a + b, 0)];
  });
  const blankRow = layout.findIndex((row) => row.key === 'otherHandling.other');
  const lines = ['某市某局2021年政府信息公开工作年度报告', '', '    三、收到和处理政府信息公开申请情况', ''];
  labels.forEach((label, i) => {
    if (i === 20) lines.push('', '                                        -3-', '\f');
    const start = 40 + (i >= 20 ? 6 : 0);
    let line = `${label}  `;
    while ([...line].length < start) line += ' ';
    rows[i]!.forEach((value, c) => {
      while ([...line].length < start + c * 6) line += ' ';
      line += i === blankRow && c === 6 ? ' ' : String(value);
    });
    lines.push(line.trimEnd());
  });
  lines.push('', '    四、政府信息公开行政复议、行政诉讼情况', '');
  const report = await read(lines.join('\n'));
  const row = 'T3.otherHandling.other';
  expect(T3_COLUMN_KEYS.map((c) => report.cells[`${row}.${c}`]?.value)).toEqual([1, 0, 0, 0, 0, 0, null]);
  expect(report.cells[`${row}.total`]?.status).toBe('blank');
});
