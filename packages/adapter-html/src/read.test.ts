import { AdapterError } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import { allText, fixture, pseudoRandomBytes, read, tablesOf, textBlocks, utf8 } from '../test/helpers.js';
import { binary, readHtml } from './read.js';

function failure(run: () => unknown): AdapterError {
  try {
    run();
  } catch (error) {
    if (error instanceof AdapterError) return error;
    throw error;
  }
  throw new Error('expected an AdapterError');
}

describe('blocks', () => {
  it('reads headings, paragraphs and tables in reading order', () => {
    const doc = read(`<h1>年度报告</h1><p>导语。</p><h3>一、总体情况</h3><div>正文<br>第二行</div>
      <table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table><p>无。</p>`);
    expect(doc.blocks.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'paragraph',
      'table',
      'paragraph',
    ]);
    expect(textBlocks(doc)).toEqual([
      { type: 'heading', text: '年度报告', level: 1 },
      { type: 'paragraph', text: '导语。' },
      { type: 'heading', text: '一、总体情况', level: 3 },
      { type: 'paragraph', text: '正文\n第二行' },
      { type: 'paragraph', text: '无。' },
    ]);
    expect(doc.mediaType).toBe('text/html');
  });

  it('reads a wholly bold short line as a heading, and a paragraph with a bold lead-in as a paragraph', () => {
    const doc = read(`<p><strong>一、总体情况</strong></p>
      <p style="font-weight:bold">二、主动公开政府信息情况</p>
      <p><b>（一）主动公开。</b>2021年，全年主动公开信息100条。</p>
      <p><b>粗体<span style="font-weight:normal">正常</span></b></p>`);
    expect(textBlocks(doc)).toEqual([
      { type: 'heading', text: '一、总体情况' },
      { type: 'heading', text: '二、主动公开政府信息情况' },
      { type: 'paragraph', text: '（一）主动公开。2021年，全年主动公开信息100条。' },
      { type: 'paragraph', text: '粗体正常' },
    ]);
  });

  it('splits text at block boundaries and keeps text between blocks as its own paragraph', () => {
    const doc = read('<div>前言<p>段落</p>后记<ul><li>一</li><li>二</li></ul></div>');
    expect(textBlocks(doc).map((b) => b.text)).toEqual(['前言', '段落', '后记', '一', '二']);
  });

  it('points every block at its start tag: line, column and offset in the decoded text', () => {
    const html =
      '<html>\n<body>\n  <h2 class="t">标题</h2>\n  <p>\n    正文</p>\n<table><tr><td>a</td><td>b</td></tr>\n<tr><td>1</td><td>2</td></tr></table>\n</body></html>';
    const doc = read(html);
    const [heading, paragraph] = doc.blocks;
    const table = doc.blocks[2]!;
    expect(heading!.position).toEqual({ line: 3, column: 3, offset: html.indexOf('<h2') });
    expect(paragraph!.position).toEqual({ line: 4, column: 3, offset: html.indexOf('<p>') });
    expect(table.position).toMatchObject({ line: 6, column: 1, offset: html.indexOf('<table'), table: 0 });
    if (table.type !== 'table') throw new Error('not a table');
    const one = table.rows[1]![0]!;
    expect(one.position).toEqual({
      line: 7,
      column: 5,
      offset: html.indexOf('<td>1'),
      table: 0,
      row: 1,
      col: 0,
    });
  });

  it('positions text outside any block at the text itself', () => {
    const html = '<div><p>a</p>尾巴</div>';
    const doc = read(html);
    expect(doc.blocks[1]!.position.offset).toBe(html.indexOf('尾巴'));
  });

  it('reads <pre> line by line', () => {
    expect(textBlocks(read('<pre>第一行\n  第二行</pre>'))).toEqual([
      { type: 'paragraph', text: '第一行\n第二行' },
    ]);
  });

  it('decodes character references', () => {
    expect(textBlocks(read('<p>实施方案&lt;草案&gt; &amp; 说明&#x3002;&nbsp;</p>'))[0]!.text).toBe(
      '实施方案<草案> & 说明。',
    );
  });
});

describe('what is not text', () => {
  it('ignores scripts, styles, noscript, template, comments, forms and Word data islands', () => {
    const doc =
      read(`<html><head><title>T</title><style>p{color:red}</style><script>var s="脚本";</script></head><body>
      <!-- 注释 --><noscript>无脚本</noscript><template><p>模板</p></template>
      <!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>作者</o:Author></o:DocumentProperties></xml><![endif]-->
      <select><option>选项</option></select><textarea>文本框</textarea><button>按钮</button>
      <p>正文</p></body></html>`);
    expect(textBlocks(doc)).toEqual([{ type: 'paragraph', text: '正文' }]);
  });

  it('ignores hidden elements: display:none, visibility:hidden, the hidden attribute and Word hidden text', () => {
    const doc =
      read(`<p>看得见</p><p style="display: none">甲</p><div style="color:red;visibility:hidden">乙</div>
      <p hidden>丙</p><p>可见<span style='display:none;mso-hide:all'>丁</span>文字</p>`);
    expect(textBlocks(doc).map((b) => b.text)).toEqual(['看得见', '可见文字']);
  });

  it('leaves out Word review comments, their [A1] anchors, and the table of contents', () => {
    const doc = read(`<div class=WordSection1>
      <p class=MsoToc1><span><a href="#_Toc1">一、总体情况<span style='mso-tab-count:1 dotted'>....</span>1</a></span></p>
      <p class=MsoToc1><span><a href="#_Toc2">二、主动公开政府信息情况<span>....</span>2</a></span></p>
      <h1><a name="_Toc1">一、总体情况</a></h1>
      <p class=MsoNormal>全年主动公开信息100条。<span class=MsoCommentReference><a class=msocomanchor id="_anchor_1" href="#_msocom_1" name="_msoanchor_1">[A1]</a></span></p>
      </div>
      <div style='mso-element:comment-list'><![if !supportAnnotations]><hr class=msocomoff align=left size=1 width="33%"><![endif]>
      <div style='mso-element:comment'><div class=msocomtxt id="_com_1"><p class=MsoCommentText>请核实数据</p></div></div></div>`);
    expect(textBlocks(doc)).toEqual([
      { type: 'heading', text: '一、总体情况', level: 1 },
      { type: 'paragraph', text: '全年主动公开信息100条。' },
    ]);
  });

  it('keeps the text of Word downlevel-revealed conditionals (list numbering)', () => {
    const doc = read(
      `<p class=MsoListParagraph><![if !supportLists]><span style='mso-list:Ignore'>（一）<span>&nbsp;&nbsp; </span></span><![endif]><span>主动公开<o:p></o:p></span></p>`,
    );
    expect(textBlocks(doc)[0]!.text).toBe('（一） 主动公开');
  });
});

describe('encodings', () => {
  const page = (charsetTag: string) =>
    `<html><head>${charsetTag}<title>年度报告</title></head><body><p>三、收到和处理政府信息公开申请情况</p><p>本机关不掌握相关政府信息。</p></body></html>`;
  const expectText = (bytes: Uint8Array, encoding: string, options = {}) => {
    const doc = readHtml(bytes, options);
    expect(doc.metadata.encoding).toBe(encoding);
    expect(textBlocks(doc).map((b) => b.text)).toEqual([
      '三、收到和处理政府信息公开申请情况',
      '本机关不掌握相关政府信息。',
    ]);
    expect(doc.metadata.title).toBe('年度报告');
    return doc;
  };

  it('reads UTF-8, with and without a BOM', () => {
    expectText(utf8(page('<meta charset="utf-8">')), 'utf-8');
    expectText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(page(''))]), 'utf-8');
  });

  it('reads UTF-16 by its BOM', () => {
    expectText(Buffer.from(`\ufeff${page('')}`, 'utf16le'), 'utf-16le');
  });

  it('reads GBK declared by <meta http-equiv> and GB2312 declared by <meta charset>', () => {
    // The pages in test/fixtures/encodings are the `page()` above in each encoding (build.mjs).
    const gbk = fixture('encodings/gbk-http-equiv.html');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    expectText(gbk, 'gb18030');
    expectText(fixture('encodings/gb2312-meta.html'), 'gb18030');
  });

  it('reads Big5 declared by <meta>', () => {
    const doc = readHtml(fixture('encodings/big5-meta.html'));
    expect(doc.metadata.encoding).toBe('big5');
    expect(textBlocks(doc).map((b) => b.text)).toEqual([
      '三、收到和處理政府信息公開申請情況',
      '本機關不掌握相關政府信息。',
    ]);
  });

  it('detects GB18030 when the declaration is missing or wrong, and says so', () => {
    const missing = expectText(fixture('encodings/gb18030-undeclared.html'), 'gb18030');
    expect(missing.diagnostics).toContainEqual(expect.objectContaining({ code: 'encoding-detected' }));
    const wrong = expectText(fixture('encodings/gbk-declared-utf8.html'), 'gb18030');
    expect(wrong.diagnostics).toContainEqual(expect.objectContaining({ code: 'encoding-declaration-wrong' }));
  });

  it('trusts valid UTF-8 over a GB2312 declaration', () => {
    const doc = expectText(utf8(page('<meta charset="gb2312">')), 'utf-8');
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'encoding-declaration-wrong' }));
  });

  it('decodes with a forced encoding', () => {
    const forced = expectText(fixture('encodings/gbk-declared-utf8.html'), 'gb18030', { encoding: 'gbk' });
    expect(forced.diagnostics).toEqual([]);
  });
});

describe('metadata', () => {
  it('keeps the <title>, the encoding and the article meta tags portals publish', () => {
    const doc = read(`<html><head><title>
      某局2021年政府信息公开工作年度报告_某市人民政府 </title>
      <meta name="ArticleTitle" content="某局2021年政府信息公开工作年度报告">
      <meta name="PubDate" content="2022-01-25 09:30"><meta name="ContentSource" content="某局">
      <meta name=Generator content="Microsoft Word 15"></head><body><p>正文</p></body></html>`);
    expect(doc.metadata).toEqual({
      title: '某局2021年政府信息公开工作年度报告_某市人民政府',
      encoding: 'utf-8',
      articleTitle: '某局2021年政府信息公开工作年度报告',
      published: '2022-01-25 09:30',
      source: '某局',
      generator: 'Microsoft Word 15',
    });
  });

  it('takes the <title> and each meta tag from the first element holding one, its last such child', () => {
    const meta = (html: string) => read(html).metadata;
    expect(
      meta(`<head><title>甲</title><title>乙</title><meta name=author content=一><meta name=Author content=二>
        </head><body><p>正文</p></body>`),
    ).toMatchObject({ title: '乙', author: '二' });
    expect(
      meta(`<head><meta name=author content=一></head><body><title>丙</title><div><title>丁</title></div>
        <meta name=author content=三><p>正文</p></body>`),
    ).toMatchObject({ title: '丙', author: '一' });
    expect(meta('<div><div><title>戊</title></div><title>己</title></div><p>正文</p>').title).toBe('己');
  });
});

describe('inputs that cannot be read', () => {
  it('rejects an empty file, a blank page and a page without text as empty', () => {
    expect(failure(() => readHtml(new Uint8Array(0))).code).toBe('empty');
    expect(failure(() => read('  \n\t ')).code).toBe('empty');
    const noText = failure(() =>
      read(
        '<html><head><title>只有标题</title><script>var a="x";</script></head><body><div><img src="a.png"></div><p>&nbsp;</p></body></html>',
      ),
    );
    expect(noText.code).toBe('empty');
    expect(noText.message).toMatch(/no text/);
  });

  it('rejects binary garbage with a .html name as corrupt, with a clear message', () => {
    const error = failure(() => readHtml(pseudoRandomBytes(64 * 1024, 7), { fileName: 'report.html' }));
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(/not an HTML page/);
  });

  it('takes a page for binary data when over 1 % of its first 64 Ki characters are controls or U+FFFD', () => {
    const page = (bad: number, of: number, char: string) => char.repeat(bad) + 'x'.repeat(of - bad);
    for (const char of ['\u0000', '\u0008', '\u000b', '\u001f', '\ufffd']) {
      expect(binary(page(10, 1000, char))).toBe(false);
      expect(binary(page(11, 1000, char))).toBe(true);
    }
    // Controls and U+FFFD count together.
    expect(binary(`${'\u0001'.repeat(5)}${'\ufffd'.repeat(5)}${'x'.repeat(990)}`)).toBe(false);
    expect(binary(`${'\u0001'.repeat(5)}${'\ufffd'.repeat(6)}${'x'.repeat(989)}`)).toBe(true);
    expect(binary('\t\n\f\r'.repeat(1000))).toBe(false);
    // Only the first 64 Ki characters count.
    expect(binary('x'.repeat(65536) + '\u0000'.repeat(100_000))).toBe(false);
    expect(binary('\u0000'.repeat(700) + 'x'.repeat(70_000))).toBe(true);
  });

  it('rejects text that is not HTML (high-byte garbage decodes as text) as unsupported', () => {
    const error = failure(() => readHtml(pseudoRandomBytes(16 * 1024, 11, 0xa1, 0xfe)));
    expect(['unsupported', 'corrupt', 'encoding']).toContain(error.code);
    expect(error.message).toMatch(/not an HTML page|encoding/);
    const plain = failure(() => read('一、总体情况\n本年度……\n二、主动公开政府信息情况'));
    expect(plain.code).toBe('unsupported');
    expect(plain.message).toMatch(/no HTML markup/);
  });

  it('rejects input over limits.maxInputBytes before reading it', () => {
    expect(failure(() => read(`<p>${'正文'.repeat(100)}</p>`, { limits: { maxInputBytes: 100 } })).code).toBe(
      'too-large',
    );
  });
});

describe('deep nesting', () => {
  it('reads 10,000 nested <div>s without overflowing the stack, flattening below maxDepth', () => {
    const depth = 10_000;
    const html = `<html><body>${'<div>'.repeat(depth)}<p>一、总体情况</p><p>正文</p>${'</div>'.repeat(depth)}</body></html>`;
    const started = performance.now();
    const doc = read(html);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(allText(doc)).toContain('一、总体情况');
    expect(allText(doc)).toContain('正文');
    expect(doc.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'nesting-flattened', severity: 'warning' }),
    );
  });

  it('reads 10,000 unclosed nested elements of other kinds (tables, spans, list items)', () => {
    for (const open of ['<table><tr><td>', '<span>', '<li>', '<b><i>', '<font size=2>']) {
      const html = `<p>开始</p>${open.repeat(10_000)}深处的文字`;
      const doc = read(html);
      expect(allText(doc)).toContain('深处的文字');
    }
  });

  it('keeps structure above maxDepth and reads deeper elements as running text', () => {
    const doc = read(
      '<div><div><div><p>上层</p><div><div><div><p>甲</p><p>乙</p></div></div></div></div></div></div>',
      {
        limits: { maxDepth: 5 },
      },
    );
    expect(textBlocks(doc).map((b) => b.text)).toEqual(['上层', '甲 乙']);
  });

  it('refuses nesting the parser would take unbounded time over, quickly (was 40 s for 1 MB)', () => {
    // Found by test/robustness: the parser's stack costs time in proportion to its depth at every tag.
    for (const html of [
      `<html><body>${'<div>'.repeat(200_000)}一、总体情况</body></html>`,
      `<html><body>${'<table><tr><td>'.repeat(16_000)}1</body></html>`,
      `<html><body>${'<div>'.repeat(10_000)}一、总体情况${'</span>'.repeat(200_000)}</body></html>`,
    ]) {
      const started = performance.now();
      const error = failure(() => read(html));
      expect(error.code).toBe('too-deep');
      expect(error.message).toMatch(/nest/);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('reads any nesting up to the ceiling, closed or not (10,000 closed <table><tr><td> were refused)', () => {
    // Found by test/robustness/edges.test.ts: the close tags' work was counted on top of the opens'.
    for (const [open, close, times] of [
      ['<table><tr><td>', '</td></tr></table>', 10_000],
      ['<table><tr><td>', '</td></tr></table>', 10_900],
      ['<div>', '</div>', 32_700],
      ['<b><i>', '</i></b>', 16_300],
    ] as const) {
      const html = `<html><body><p>一、总体情况</p>${open.repeat(times)}正文${close.repeat(times)}</body></html>`;
      expect(allText(read(html))).toContain('正文');
    }
    // Four pages of 10,000–33,000 levels: about 2 s alone, more when CI runs suites side by side.
  }, 30_000);

  it('flattens below limits.maxDepth and refuses beyond 64 times it', () => {
    const nested = (depth: number) =>
      `${'<div>'.repeat(depth)}<p>一、总体情况</p><p>正文</p>${'</div>'.repeat(depth)}`;
    const flat = read(nested(100), { limits: { maxDepth: 8 } });
    expect(allText(flat)).toContain('一、总体情况');
    expect(flat.diagnostics).toContainEqual(expect.objectContaining({ code: 'nesting-flattened' }));
    const error = failure(() => read(nested(600), { limits: { maxDepth: 8 } }));
    expect(error.code).toBe('too-deep');
    expect(error.message).toContain('512 levels deep (64 × limits.maxDepth)');
  });

  it('reads a deep cell without overflowing', () => {
    const html = `<table><tr><td>标签</td><td>${'<span>'.repeat(20_000)}42${'</span>'.repeat(20_000)}</td></tr><tr><td>x</td><td>y</td></tr></table>`;
    const table = tablesOf(read(html, { limits: { maxDepth: 100_000 } }))[0]!;
    expect(table.rows[0]![1]!.text).toBe('42');
  });
});

describe('bare fragments', () => {
  it('reads an article fragment with no <html> or <body>', () => {
    const doc = read(
      `<p style='text-align: center;font-weight: bold;'>2019年某办公厅政府信息公开工作年度报告</p>\t<p>一、总体情况</p><p>正文。</p>`,
    );
    expect(textBlocks(doc)).toEqual([
      { type: 'heading', text: '2019年某办公厅政府信息公开工作年度报告' },
      { type: 'paragraph', text: '一、总体情况' },
      { type: 'paragraph', text: '正文。' },
    ]);
  });
});
