import { describe, expect, it } from 'vitest';
import { allText, read, tablesOf, textBlocks } from '../test/helpers.js';

const REPORT = `
  <p>本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自2021年1月1日起至2021年12月31日止。</p>
  <p><strong>一、总体情况</strong></p>
  <p>2021年，我局认真贯彻落实《条例》，全年主动公开政府信息1862条，收到政府信息公开申请54件，均在法定期限内答复。</p>
  <p><strong>二、主动公开政府信息情况</strong></p>
  <table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
    <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>
  <p><strong>六、其他需要报告的事项</strong></p>
  <p>本年度未收取信息处理费。详见<a href="/fj/1.pdf">附件</a>。</p>`;

const NAV = `<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/a">机构概况</a></li><li><a href="/b">政务公开</a></li><li><a href="/c">互动交流</a></li></ul></div>`;

describe('finding the article on a portal page', () => {
  it('reads the title and the body, and leaves navigation, breadcrumbs, share bar and footer out', () => {
    const doc = read(`<html><body>${NAV}
      <div id="wrapper">
        <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/nb">年报</a></div>
        <div class="detail">
          <div class="detail-title">某局2021年政府信息公开工作年度报告</div>
          <div class="detail-date">发布日期：2022-01-20</div>
          <div class="share-box">分享：<a href="#">微信</a><a href="#">微博</a></div>
          <div class="detail-body">${REPORT}</div>
        </div>
        <ul class="list"><li><a href="/x">其他单位2021年年度报告</a></li><li><a href="/y">其他单位2020年年度报告</a></li></ul>
      </div>
      <div id="foot"><p>主办：某市人民政府办公室　地址：某市人民路1号　电话：0000-0000000</p></div>
      </body></html>`);
    const texts = textBlocks(doc).map((b) => b.text);
    expect(texts[0]).toBe('某局2021年政府信息公开工作年度报告');
    expect(texts[1]).toBe('发布日期：2022-01-20');
    expect(texts).toContain('一、总体情况');
    expect(texts.at(-1)).toBe('本年度未收取信息处理费。详见附件。');
    expect(tablesOf(doc)).toHaveLength(1);
    for (const leak of ['首页', '机构概况', '当前位置', '分享', '微信', '其他单位', '主办', '人民路']) {
      expect(allText(doc)).not.toContain(leak);
    }
  });

  it('keeps a long article whose wrapper has a navigation-like class name', () => {
    const doc = read(`<body>${NAV}<div class="main-nav-content">${REPORT}${REPORT}</div></body>`);
    expect(textBlocks(doc).filter((b) => b.text === '一、总体情况')).toHaveLength(2);
    expect(allText(doc)).not.toContain('机构概况');
  });

  it('reads an article printed twice on the page (a print version) once', () => {
    const doc = read(
      `<body>${NAV}<div class="content">${REPORT}</div><div class="print-version">${REPORT}</div></body>`,
    );
    expect(textBlocks(doc).filter((b) => b.text === '一、总体情况')).toHaveLength(1);
    expect(tablesOf(doc)).toHaveLength(1);
    expect(doc.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'duplicate-content', severity: 'info' }),
    );
  });

  it('does not mistake two different sections of similar length for copies', () => {
    const a = '甲'.repeat(300);
    const b = '乙'.repeat(300);
    const doc = read(`<div><div><p>${a}</p></div><div><p>${b}</p></div></div>`);
    expect(textBlocks(doc).map((x) => x.text)).toEqual([a, b]);
    expect(doc.diagnostics).toEqual([]);
  });

  it('reads the whole page, with a warning, when it holds nothing but links', () => {
    const doc = read(`<body>${NAV}</body>`);
    expect(allText(doc)).toContain('机构概况');
    expect(doc.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'article-not-found', severity: 'warning' }),
    );
  });

  it('reads hidden text, with a warning, when the page shows none', () => {
    const doc = read(
      `<body><div id="content" style="display:none">${REPORT}</div><script>show()</script></body>`,
    );
    expect(textBlocks(doc).map((b) => b.text)).toContain('一、总体情况');
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'hidden-content-read' }));
  });

  it('never reads a data table from inside, even when it is all the page holds', () => {
    const doc = read('<table><tr><td>结果维持</td><td>总计</td></tr><tr><td>1</td><td>1</td></tr></table>');
    expect(doc.blocks.map((b) => b.type)).toEqual(['table']);
  });
});
