import { AdapterError, type Block, type TableBlock } from '@xxgk/core';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isPageMark, splitAligned, splitPipeRow } from './lines.js';
import { readText, textAdapter } from './read.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const texts = (blocks: Block[]) =>
  blocks.map((b) => (b.type === 'table' ? b.rows.map((r) => r.map((c) => c.text)) : b.text));
const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === 'table');

describe('encodings', () => {
  const sample = '某某局2021年政府信息公开工作年度报告\n一、总体情况\n本年度共收到申请5件。';
  it.each([
    ['UTF-8', utf8(sample)],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(sample)])],
    ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, ...iconv.encode(sample, 'utf-16le')])],
    ['GBK', new Uint8Array(iconv.encode(sample, 'gbk'))],
    ['GB18030', new Uint8Array(iconv.encode(sample, 'gb18030'))],
  ])('reads %s', (_, bytes) => {
    const document = readText(bytes);
    expect(texts(document.blocks)).toEqual([
      '某某局2021年政府信息公开工作年度报告',
      '一、总体情况',
      '本年度共收到申请5件。',
    ]);
  });

  it('says when the encoding was detected rather than declared', () => {
    const document = readText(new Uint8Array(iconv.encode('本年新收政府信息公开申请数量 5', 'gbk')));
    expect(document.diagnostics.map((d) => d.code)).toContain('encoding-detected');
    expect(document.metadata.encoding).toBe('gb18030');
  });

  it('refuses binary garbage and empty files with specific errors', () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(() => readText(garbage)).toThrow(AdapterError);
    expect(() => readText(new Uint8Array())).toThrow(/empty/);
    expect(() => readText(utf8('   \n\n  '))).toThrow(/whitespace/);
    expect(() => readText(utf8('x'.repeat(100)), { limits: { maxInputBytes: 10 } })).toThrow(
      /over the limit/,
    );
  });
});

describe('Markdown pipe tables', () => {
  it('reads rows, drops the separator line and keeps empty cells as unreliable', () => {
    const document = readText(utf8('| 信息内容 | 本年制发件数 | |\n|---|---|---|\n| 规章 | 0 | |\n'));
    const [table] = tables(document.blocks);
    expect(table!.emptyCells).toBe('unreliable');
    expect(table!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['信息内容', '本年制发件数', ''],
      ['规章', '0', ''],
    ]);
    expect(table!.rows[1]![1]!.position).toMatchObject({ line: 3, column: 8 });
  });

  it('keeps a table split by a blank line as two tables, and empty leading cells', () => {
    const document = readText(utf8('| 总计 |\n|--|\n\n| | | 0 | 0 |\n'));
    expect(tables(document.blocks).map((t) => t.rows.map((r) => r.map((c) => c.text)))).toEqual([
      [['总计']],
      [['', '', '0', '0']],
    ]);
  });

  it('treats one cell per line closed by a pipe as a cell, not a row', () => {
    const document = readText(utf8('规章 |\n0 |\n'));
    expect(texts(document.blocks)).toEqual(['规章', '0']);
  });

  it('splits pipes but keeps escaped ones', () => {
    expect(splitPipeRow('| a \\| b | c |').map((c) => c.text)).toEqual(['a | b', 'c']);
  });
});

describe('pdftotext -layout output', () => {
  it('splits aligned columns at runs of spaces, not at single spaces inside labels', () => {
    expect(splitAligned('   4.无正当理由大量反复 申请        0    0   21').map((c) => c.text)).toEqual([
      '4.无正当理由大量反复 申请',
      '0',
      '0',
      '21',
    ]);
  });

  it('drops page footers, counts pages, and keeps a sentence broken across a page', () => {
    const document = readText(
      utf8(
        '   加强区政府门户网站日常管理，执行信息审核发布制度。严格执行“分\n\n                -1-\n级审核、先审后发”程序。\n\f   二、主动公开\n',
      ),
    );
    expect(texts(document.blocks)).toEqual([
      '加强区政府门户网站日常管理，执行信息审核发布制度。严格执行“分级审核、先审后发”程序。',
      '二、主动公开',
    ]);
    expect(document.blocks[1]!.position.page).toBe(2);
    expect(isPageMark('   - 4 -  ')).toBe(true);
    expect(isPageMark('第 3 页 共 9 页')).toBe(true);
    expect(isPageMark('-3- 级审核')).toBe(false);
  });

  it('reads table lines with numbers as rows and wrapped labels as text', () => {
    const layout = [
      '                  （二）部分公开（区分处理的，只计这一情 形，不',
      '                  计其他情形）',
      '                                              4    0      0     0   0   0     4',
      '                            1.属于国家秘密         1     0      0     0   0   0     1',
    ].join('\n');
    const document = readText(utf8(layout));
    expect(texts(document.blocks)).toEqual([
      '（二）部分公开（区分处理的，只计这一情 形，不计其他情形）',
      [
        ['4', '0', '0', '0', '0', '0', '4'],
        ['1.属于国家秘密', '1', '0', '0', '0', '0', '0', '1'],
      ],
    ]);
  });

  it('keeps each line of a column header on its own, at its own column, even when it wraps', () => {
    const layout = [
      '  （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
      '                                  自然人 商业   科研   社会   法律   其他   总计',
      '                                         企业   机构   公益   服务',
      '                                                       组织   机构',
      '  政府信息公开工作坚持以公开为常态、不公开为例外，主动回应社会关切，',
      '  依法保障人民群众知情权。',
    ].join('\n');
    const document = readText(utf8(layout));
    expect(
      document.blocks.map((b) => (b.type === 'paragraph' ? [b.text, b.position.column] : b.type)),
    ).toEqual([
      ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3],
      ['自然人 商业   科研   社会   法律   其他   总计', 35],
      ['企业   机构   公益   服务', 42],
      ['组织   机构', 56],
      // Prose still joins: its runs are long.
      ['政府信息公开工作坚持以公开为常态、不公开为例外，主动回应社会关切，依法保障人民群众知情权。', 3],
    ]);
  });

  it('joins one-character-per-line vertical labels and split header words', () => {
    const document = readText(utf8('三、\n本\n年\n度\n\n商业企\n业\n'));
    expect(texts(document.blocks)).toEqual(['三、本年度', '商业企业']);
  });
});

describe('plain pdftotext output and crawler text', () => {
  it('keeps one cell per line as separate paragraphs', () => {
    const document = readText(utf8('规章\n\n1\n\n0\n\n11\n'));
    expect(texts(document.blocks)).toEqual(['规章', '1', '0', '11']);
  });

  it('takes the crawler header as metadata and keeps run-together cells as one string', () => {
    const crawler = [
      '标题: 某某区2021年度政府信息公开工作年度报告',
      '发布时间: 2022-02-08 16:34',
      '==================== 正文 ====================',
      '一、本年新收政府信息公开申请数量640020470二、上年结转',
    ].join('\n');
    const document = readText(utf8(crawler));
    expect(document.metadata.title).toBe('某某区2021年度政府信息公开工作年度报告');
    expect(document.metadata.published).toBe('2022-02-08 16:34');
    expect(texts(document.blocks)).toEqual(['一、本年新收政府信息公开申请数量640020470二、上年结转']);
  });

  it('reads tab-separated tables', () => {
    const document = readText(utf8('规章\t0\t0\t3\n行政规范性文件\t4\t1\t20\n'));
    expect(texts(document.blocks)).toEqual([
      [
        ['规章', '0', '0', '3'],
        ['行政规范性文件', '4', '1', '20'],
      ],
    ]);
  });

  it('reads Markdown headings as headings', () => {
    const document = readText(utf8('## 一、总体情况\n正文。\n'));
    expect(document.blocks[0]).toMatchObject({ type: 'heading', level: 2, text: '一、总体情况' });
  });
});

describe('sniffing and speed-sensitive input', () => {
  it('claims text but not HTML or binary', () => {
    expect(textAdapter.sniff(utf8('一、总体情况'), { fileName: 'a.txt' })).toBeGreaterThan(0.5);
    expect(textAdapter.sniff(utf8('<!DOCTYPE html><html>'))).toBeLessThan(0.1);
    expect(textAdapter.sniff(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]))).toBe(0);
  });

  it('reads long runs of digits, spaces and pipes without blowing up', () => {
    const hostile = `${'1'.repeat(200_000)}\n${' '.repeat(200_000)}x\n${'|'.repeat(200_000)}\n${'| '.repeat(50_000)}\n`;
    const document = readText(utf8(hostile));
    expect(document.blocks.length).toBeGreaterThan(0);
  });
});
