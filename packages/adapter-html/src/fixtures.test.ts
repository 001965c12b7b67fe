import type { SourceDocument, TableBlock } from '@xxgk/core';
import { decode } from '@xxgk/decode';
import { describe, expect, it } from 'vitest';
import { allText, corpus, expected, fixture, tablesOf, textBlocks, textGrid } from '../test/helpers.js';
import { readHtml } from './read.js';

const SECTIONS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
];
const TITLE = '清河市自然资源和规划局2021年政府信息公开工作年度报告';

/** Compare grids row by row and cell by cell, so that a failure names the slot. */
function expectGrid(table: TableBlock, grid: string[][]): void {
  const actual = textGrid(table);
  for (let r = 0; r < Math.max(actual.length, grid.length); r++) {
    expect(actual[r], `row ${r}`).toEqual(grid[r]);
  }
}

/** Each text appears in a block (or a line of one), in this order. */
function expectInOrder(doc: SourceDocument, texts: string[]): void {
  const lines = textBlocks(doc).flatMap((b) => b.text.split('\n'));
  let from = 0;
  for (const text of texts) {
    const at = lines.indexOf(text, from);
    expect(at, `"${text}" after line ${from}`).toBeGreaterThanOrEqual(from);
    from = at + 1;
  }
}

function readFixture(name: string) {
  const doc = readHtml(fixture(name), { fileName: name });
  return { doc, tables: tablesOf(doc) };
}

/** The fixture's expected encoding, title and grids, and none of its page furniture in the text. */
function expectFixture(name: string, doc: SourceDocument): void {
  const want = expected(name);
  expect(doc.metadata.encoding).toBe(want.encoding);
  expect(doc.metadata.title).toBe(want.title);
  const tables = tablesOf(doc);
  expect(tables).toHaveLength(want.tables.length);
  want.tables.forEach((grid, i) => {
    expectGrid(tables[i]!, grid);
  });
  const text = allText(doc);
  for (const leak of want.absent) expect(text, `leaked "${leak}"`).not.toContain(leak);
}

describe('Word "save as HTML" report in GBK', () => {
  const { doc, tables } = readFixture('word-gbk-2021.html');

  it('matches the expected grids cell by cell, and no page furniture leaks in', () => {
    expectFixture('word-gbk-2021.html', doc);
  });

  it('reads the title and the bold section headings as headings', () => {
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', text: TITLE });
    const headings = textBlocks(doc)
      .filter((b) => b.type === 'heading')
      .map((b) => b.text);
    expect(headings).toEqual([TITLE, ...SECTIONS]);
  });

  it('joins text Word wrapped in its source, and keeps list numbering', () => {
    expect(textBlocks(doc).map((b) => b.text)).toContain(
      '（二） 依申请公开。全年共收到政府信息公开申请54件，上年结转4件，办结52件，结转下年度继续办理6件。所有申请均在法定期限内答复，未发生因答复超期被纠错的情况。',
    );
    expect(tables[1]!.rows[0]![0]!.text).toBe(
      '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    );
  });

  it('resolves the 25-row request table with its rowspans', () => {
    const t3 = tables[1]!;
    expect(t3.rows).toHaveLength(28);
    expect(t3.rows.every((row) => row.length === 10)).toBe(true);
    const result = t3.rows[5]![0]!;
    expect(result).toMatchObject({ text: '三、本年度办理结果', rowSpan: 22, colSpan: 1 });
    expect(t3.rows[26]![0]!.spanOf).toEqual([5, 0]);
    expect(t3.rows[7]![1]!).toMatchObject({ text: '（三）不予公开', rowSpan: 8 });
    expect(t3.rows[14]![1]!.spanOf).toEqual([7, 1]);
    // Zeros in the 科研机构 and 社会公益组织 columns are printed as blank cells.
    expect(t3.rows[3]!.map((c) => c.text)).toEqual([
      '一、本年新收政府信息公开申请数量',
      '一、本年新收政府信息公开申请数量',
      '一、本年新收政府信息公开申请数量',
      '45',
      '6',
      '',
      '',
      '2',
      '1',
      '54',
    ]);
  });

  it('drops the zero-height spacer row under the 15-column review table', () => {
    expect(tables[2]!.rows).toHaveLength(4);
    expect(tables[2]!.rows[3]!.map((c) => c.text).join(',')).toBe('2,1,0,1,4,1,0,0,1,2,1,0,0,0,1');
  });

  it('reads the Word metadata', () => {
    expect(doc.metadata.generator).toBe('Microsoft Word 15');
    expectInOrder(doc, [TITLE, ...SECTIONS, '2022年1月20日']);
  });
});

describe('portal page in UTF-8', () => {
  const name = 'portal-2021.html';
  const { doc, tables } = readFixture(name);

  it('matches the expected grids cell by cell, and no page furniture leaks in', () => {
    expectFixture('portal-2021.html', doc);
  });

  it('starts at the article title and ends at the signature', () => {
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', level: 1, text: TITLE });
    expect(doc.blocks[1]).toMatchObject({
      type: 'paragraph',
      text: '发布时间：2022-01-25 09:30 来源：清河市自然资源和规划局 浏览次数：',
    });
    expect(doc.blocks.at(-1)).toMatchObject({ type: 'paragraph', text: '2022年1月20日' });
    expectInOrder(doc, SECTIONS);
  });

  it('reads the article once, not its hidden print copy', () => {
    expect(textBlocks(doc).filter((b) => b.text === '一、总体情况')).toHaveLength(1);
    expect(doc.metadata).toMatchObject({
      articleTitle: TITLE,
      published: '2022-01-25 09:30',
      siteName: '清河市人民政府',
    });
  });

  it('keeps <br> inside a header cell and reads <th> in <thead>', () => {
    expect(tables[0]!.rows[1]![1]!.text).toBe('本年制发\n件数');
    expect(tables[2]!.rows[1]![0]!).toMatchObject({ text: '结果维持', rowSpan: 2 });
    expect(tables[2]!.rows[2]![0]!.spanOf).toEqual([1, 0]);
  });

  it('points positions at start tags in the decoded text', () => {
    const text = decode(fixture(name)).text;
    for (const block of doc.blocks) {
      const at = block.position.offset!;
      expect(text[at]).toBe('<');
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      expect(block.position.column).toBe(at - lineStart + 1);
      expect(block.position.line).toBe(text.slice(0, at).split('\n').length);
    }
    const total = tables[1]!.rows[26]![9]!;
    expect(total.text).toBe('52');
    expect(text.slice(total.position.offset!, total.position.offset! + 3)).toBe('<td');
    expect(total.position).toMatchObject({ table: 1, row: 26, col: 9 });
  });
});

describe('old layout-table page, tables split in pieces, GB18030 with no declaration', () => {
  const { doc, tables } = readFixture('split-gb18030-2021.html');

  it('matches the expected grids cell by cell, and no page furniture leaks in', () => {
    expectFixture('split-gb18030-2021.html', doc);
  });

  it('detects the encoding and reads the four 第二十条 tables as four tables', () => {
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'encoding-detected' }));
    expect(tables.slice(0, 4).map((t) => t.rows[0]![0]!.text)).toEqual([
      '第二十条第（一）项',
      '第二十条第（五）项',
      '第二十条第（六）项',
      '第二十条第（八）项',
    ]);
    expect(tables[1]!.rows[2]!.map((c) => c.text)).toEqual(['行政许可', '1286']);
    expect(tables.map((t) => t.position.table)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('reads the request table split in two, each part as printed', () => {
    expect(tables[4]!.rows[5]![0]!).toMatchObject({ text: '三、本年度办理结果', rowSpan: 10 });
    expect(tables[5]!.rows[0]![0]!).toMatchObject({ text: '三、本年度办理结果', rowSpan: 12 });
    expect(tables[5]!.rows[12]![0]!.text).toBe('四、结转下年度继续办理');
  });

  it('reads the printed copy of the review table once, and says so', () => {
    expect(doc.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'table-duplicate', severity: 'info' }),
    );
    expect(tables.filter((t) => t.rows[0]![0]!.text === '行政复议')).toHaveLength(1);
  });

  it('reads the title box and the <br>-separated lines of the article', () => {
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', text: TITLE });
    expectInOrder(doc, [...SECTIONS.slice(0, 1), '（一）主动公开', ...SECTIONS.slice(1), '2022年1月20日']);
  });
});

describe('Traditional-character mirror page in Big5', () => {
  const { doc, tables } = readFixture('mirror-big5-2021.html');

  it('matches the expected grids cell by cell, and no page furniture leaks in', () => {
    expectFixture('mirror-big5-2021.html', doc);
  });
  const traditional = expected('mirror-big5-2021.html').traditional!;

  it('reads the Traditional text faithfully', () => {
    expect(doc.blocks[0]).toMatchObject({
      type: 'heading',
      level: 2,
      text: '清河市自然資源和規劃局2021年政府信息公開工作年度報告',
    });
    expect(traditional.headings[2]).toBe('三、收到和處理政府信息公開申請情況');
    expect(
      textBlocks(doc)
        .filter((b) => b.type === 'heading' && b.level === 3)
        .map((b) => b.text),
    ).toEqual(traditional.headings);
    expect(textBlocks(doc).map((b) => b.text)).toContain(traditional.intro);
    expect(tables[1]!.rows[15]![2]!.text).toBe('1.本機關不掌握相關政府信息');
  });

  it('reads the caption before its table and the <tfoot> note as the last row', () => {
    const index = doc.blocks.indexOf(tables[2]!);
    expect(doc.blocks[index - 1]).toMatchObject({ type: 'paragraph', text: traditional.caption });
    expect(tables[2]!.rows[4]![0]!).toMatchObject({
      text: '註：本表數據統計截至2021年12月31日。',
      colSpan: 15,
    });
  });
});

describe('上海市人民政府办公厅 2019 (real article fragment)', () => {
  const doc = readHtml(corpus('html/shanghai-office-2019.html'));
  const tables = tablesOf(doc);

  it('reads the fragment: title, sections and three tables', () => {
    expect(doc.metadata.encoding).toBe('utf-8');
    expect(doc.blocks[0]).toMatchObject({
      type: 'heading',
      text: '2019年上海市人民政府办公厅政府信息公开工作年度报告',
    });
    expect(tables.map((t) => [t.rows.length, t.rows[0]!.length])).toEqual([
      [18, 5],
      [26, 10],
      [4, 15],
    ]);
    expectInOrder(doc, [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、政府信息公开工作存在的主要问题及改进情况',
      '六、其他需要报告的事项',
      '无。',
    ]);
    expect(allText(doc)).toContain('《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》');
  });

  it('resolves the proactive table, header/body colspans that disagree included', () => {
    const t = tables[0]!;
    expect(textGrid(t)[1]).toEqual([
      '信息内容',
      '本年新\n制作数量',
      '本年新\n公开数量',
      '本年新\n公开数量',
      '对外公开总数量',
    ]);
    expect(textGrid(t)[5]).toEqual(['信息内容', '上一年项目数量', '本年增/减', '本年增/减', '处理决定数量']);
    expect(textGrid(t)[6]).toEqual(['行政许可', '0', '0', '0', '0']);
    expect(t.rows[6]![2]!.spanOf).toEqual([6, 1]);
    expect(t.rows[5]![3]!.spanOf).toEqual([5, 2]);
    expect(textGrid(t)[17]).toEqual(['政府集中采购', '6', '6', '251000元', '251000元']);
    expect(
      t.rows[0]!.every((c, i) => c.text === '第二十条第（一）项' && (i === 0 ? !c.spanOf : c.spanOf)),
    ).toBe(true);
  });

  it('resolves the request table: rowspan="20", nested rowspans and &nbsp; blanks', () => {
    const t = tables[1]!;
    expect(t.rows[5]![0]!).toMatchObject({ text: '三、本年度办理结果', rowSpan: 20, colSpan: 1 });
    for (let r = 6; r <= 24; r++) expect(t.rows[r]![0]!.spanOf, `row ${r}`).toEqual([5, 0]);
    expect(t.rows[25]![0]!).toMatchObject({ text: '四、结转下年度继续办理', colSpan: 3 });
    expect(t.rows[0]![0]!).toMatchObject({ rowSpan: 3, colSpan: 3 });
    expect(t.rows[2]![2]!.spanOf).toEqual([0, 0]);
    expect(textGrid(t)[3]).toEqual([
      '一、本年新收政府信息公开申请数量',
      '一、本年新收政府信息公开申请数量',
      '一、本年新收政府信息公开申请数量',
      '821',
      '35',
      '',
      '',
      '2',
      '1',
      '859',
    ]);
    expect(textGrid(t)[9]!.slice(1, 4)).toEqual(['（三）不予公开', '3.危及“三安全一稳定”', '']);
    expect(t.rows[9]![1]!.spanOf).toEqual([7, 1]);
    // The 总计 of （一）予以公开 is printed blank: it stays blank.
    expect(textGrid(t)[5]![9]).toBe('');
    expect(textGrid(t)[24]!.slice(1)).toEqual([
      '（七）总计',
      '（七）总计',
      '767',
      '35',
      '',
      '',
      '2',
      '1',
      '805',
    ]);
  });

  it('resolves the 15-column review table', () => {
    const t = tables[2]!;
    expect(textGrid(t)[3]).toEqual(['5', '', '', '2', '7', '8', '', '', '1', '9', '', '', '', '', '']);
    expect(t.rows[2]![4]!).toMatchObject({ text: '总计', spanOf: [1, 4] });
  });
});
