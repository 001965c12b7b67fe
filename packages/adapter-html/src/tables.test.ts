import { AdapterError, type TableBlock } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import { read, tablesOf, textGrid } from '../test/helpers.js';

const only = (html: string): TableBlock => {
  const tables = tablesOf(read(html));
  expect(tables).toHaveLength(1);
  return tables[0]!;
};

describe('spans', () => {
  it('repeats a merged cell in every slot it covers and points back to its owner', () => {
    const table = only(`<table>
      <tr><td rowspan="2" colspan="2">A</td><td>B</td></tr>
      <tr><td>C</td></tr>
      <tr><td>D</td><td colspan="2">E</td></tr>
    </table>`);
    expect(textGrid(table)).toEqual([
      ['A', 'A', 'B'],
      ['A', 'A', 'C'],
      ['D', 'E', 'E'],
    ]);
    const [a, a01] = table.rows[0]!;
    expect(a).toMatchObject({ rowSpan: 2, colSpan: 2, position: { table: 0, row: 0, col: 0 } });
    expect(a!.spanOf).toBeUndefined();
    expect(a01!.spanOf).toEqual([0, 0]);
    expect(table.rows[1]![1]!).toMatchObject({ spanOf: [0, 0], position: { row: 1, col: 1 } });
    expect(table.rows[1]![2]!).toMatchObject({
      text: 'C',
      rowSpan: 1,
      colSpan: 1,
      position: { row: 1, col: 2 },
    });
    expect(table.rows[2]![2]!.spanOf).toEqual([2, 1]);
    expect(table.emptyCells).toBe('blank');
  });

  it('keeps header and body spans that disagree as written (Shanghai 2019)', () => {
    const table = only(`<table>
      <tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
      <tr><td>行政许可</td><td colspan="2">0</td><td>0</td><td>0</td></tr>
    </table>`);
    expect(textGrid(table)).toEqual([
      ['信息内容', '上一年项目数量', '本年增/减', '本年增/减', '处理决定数量'],
      ['行政许可', '0', '0', '0', '0'],
    ]);
    expect(table.rows[1]![2]!.spanOf).toEqual([1, 1]);
    expect(table.rows[1]![3]!.spanOf).toBeUndefined();
  });

  it('clamps an absurd colspan to the width of the table, with a warning', () => {
    const doc = read(`<table>
      <tr><td colspan="10000">标题</td></tr>
      <tr><td>a</td><td>b</td><td>c</td></tr>
    </table>`);
    const table = tablesOf(doc)[0]!;
    expect(textGrid(table)).toEqual([
      ['标题', '标题', '标题'],
      ['a', 'b', 'c'],
    ]);
    expect(table.rows[0]![0]!.colSpan).toBe(3);
    expect(doc.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'table-span-clamped', severity: 'warning' }),
    );
  });

  it('stops a rowspan at the end of its row group, and reads rowspan=0 as "to the end"', () => {
    const doc = read(`<table>
      <tbody><tr><td rowspan="5">L</td><td>1</td></tr><tr><td>2</td></tr></tbody>
      <tbody><tr><td rowspan="0">M</td><td>3</td></tr><tr><td>4</td></tr></tbody>
    </table>`);
    const table = tablesOf(doc)[0]!;
    expect(textGrid(table)).toEqual([
      ['L', '1'],
      ['L', '2'],
      ['M', '3'],
      ['M', '4'],
    ]);
    expect(table.rows[0]![0]!.rowSpan).toBe(2);
    expect(table.rows[2]![0]!.rowSpan).toBe(2);
    expect(doc.diagnostics.filter((d) => d.code === 'table-span-clamped')).toHaveLength(1);
  });

  it('fills a hole left of a cell placed by a rowspan with a blank slot, and keeps short rows short', () => {
    const table = only(`<table>
      <tr><td>a</td><td>b</td><td rowspan="2">c</td></tr>
      <tr><td>d</td></tr>
      <tr><td>e</td></tr>
    </table>`);
    expect(textGrid(table)).toEqual([['a', 'b', 'c'], ['d', '', 'c'], ['e']]);
    expect(table.rows[1]![1]!).toMatchObject({
      text: '',
      rowSpan: 1,
      colSpan: 1,
      position: { row: 1, col: 1 },
    });
  });

  it('treats invalid span values as 1', () => {
    const table = only(
      '<table><tr><td colspan="x">a</td><td rowspan="-3">b</td></tr><tr><td>c</td><td>d</td></tr></table>',
    );
    expect(textGrid(table)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});

describe('cell text', () => {
  it('turns <br> and <p> inside a cell into line breaks and &nbsp; into a blank', () => {
    const table = only(`<table><tr>
      <td><p align="center">本年新<br />制作数量</p></td>
      <td><p>第一段</p><p>第二段</p></td>
      <td><p align="center">&nbsp;</p></td>
      <td>&nbsp;</td>
      <td>251000元</td>
    </tr><tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr></table>`);
    expect(textGrid(table)[0]).toEqual(['本年新\n制作数量', '第一段\n第二段', '', '', '251000元']);
  });

  it('reads <th> like <td>, <thead> first and <tfoot> last whatever the source order', () => {
    const table = only(`<table>
      <tfoot><tr><td>注</td><td>注2</td></tr></tfoot>
      <tbody><tr><td>1</td><td>2</td></tr></tbody>
      <thead><tr><th>甲</th><th>乙</th></tr></thead>
    </table>`);
    expect(textGrid(table)).toEqual([
      ['甲', '乙'],
      ['1', '2'],
      ['注', '注2'],
    ]);
  });

  it('drops hidden elements inside a cell, but reads and flags a hidden row', () => {
    const table = only(`<table>
      <tr><td>a<span style="display:none">隐藏</span></td><td>b</td></tr>
      <tr style="display:none"><td>c</td><td>d</td></tr>
    </table>`);
    expect(textGrid(table)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(table.rows[0]![0]!.hidden).toBeUndefined();
    expect(table.rows[1]!.every((cell) => cell.hidden === true)).toBe(true);
  });

  it('flags the rows of a hidden row group', () => {
    const table = only(`<table>
      <tbody><tr><td>a</td><td>b</td></tr></tbody>
      <tbody hidden><tr><td>c</td><td>d</td></tr></tbody>
    </table>`);
    expect(table.rows.map((row) => row.map((cell) => cell.hidden ?? false))).toEqual([
      [false, false],
      [true, true],
    ]);
  });

  it('emits a caption as a paragraph before its table', () => {
    const doc = read('<table><caption>表一：主动公开</caption><tr><td>a</td><td>b</td></tr></table>');
    expect(doc.blocks.map((b) => b.type)).toEqual(['paragraph', 'table']);
    expect(doc.blocks[0]).toMatchObject({ text: '表一：主动公开' });
  });
});

describe('which tables are data', () => {
  it('reads the data tables inside a layout table, not the layout as one big cell', () => {
    const doc = read(`<table width="980"><tr>
      <td width="200"><a href="/a">导航一</a><br><a href="/b">导航二</a><br><a href="/c">导航三</a></td>
      <td>
        <p>一、总体情况</p><p>正文。</p>
        <table><tr><td>规章</td><td>5</td></tr><tr><td>行政规范性文件</td><td>6</td></tr></table>
        <table><tr><td>行政许可</td><td>7</td></tr><tr><td>行政处罚</td><td>8</td></tr></table>
      </td>
    </tr></table>`);
    const tables = tablesOf(doc);
    expect(tables.map(textGrid)).toEqual([
      [
        ['规章', '5'],
        ['行政规范性文件', '6'],
      ],
      [
        ['行政许可', '7'],
        ['行政处罚', '8'],
      ],
    ]);
    expect(tables.map((t) => t.position.table)).toEqual([0, 1]);
    expect(
      doc.blocks.filter((b) => b.type === 'paragraph').map((b) => b.type === 'paragraph' && b.text),
    ).toEqual(['一、总体情况', '正文。']);
  });

  it('reads a one-cell box and a column of prose as text', () => {
    const prose = '这是一段很长的正文。'.repeat(60);
    const doc = read(`<table><tr><td><b>标题</b></td></tr></table>
      <table><tr><td>${prose}</td><td>旁注</td></tr></table>`);
    expect(tablesOf(doc)).toHaveLength(0);
    expect(doc.blocks.map((b) => b.type !== 'table' && b.text)).toEqual(['标题', prose, '旁注']);
  });

  it('skips spacer tables and reads a repeated table once, with an info diagnostic', () => {
    const table = '<table><tr><td>结果维持</td><td>总计</td></tr><tr><td>1</td><td>1</td></tr></table>';
    const doc = read(
      `<table><tr><td>&nbsp;</td><td></td></tr></table>${table}<div class="print">${table}</div>`,
    );
    expect(tablesOf(doc)).toHaveLength(1);
    expect(doc.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'table-duplicate', severity: 'info' }),
    );
  });

  it('drops the zero-height spacer row Word closes misaligned tables with', () => {
    const table = only(`<table class=MsoNormalTable>
      <tr><td>a</td><td>b</td></tr>
      <![if !supportMisalignedColumns]>
      <tr height=0><td width=40 style='border:none'></td><td width=40 style='border:none'></td></tr>
      <![endif]>
    </table>`);
    expect(textGrid(table)).toEqual([['a', 'b']]);
  });
});

describe('cell limit', () => {
  it('throws too-many-cells past limits.maxCells, counting merged slots', () => {
    const html = '<table><tr><td colspan="3">a</td></tr><tr><td>b</td><td>c</td><td>d</td></tr></table>';
    expect(tablesOf(read(html, { limits: { maxCells: 6 } }))).toHaveLength(1);
    try {
      read(html, { limits: { maxCells: 5 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AdapterError);
      expect((error as AdapterError).code).toBe('too-many-cells');
    }
  });
});
