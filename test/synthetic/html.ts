/**
 * HTML renderings of a synthetic report:
 *
 * - `word`: a Word "save as HTML" export (MsoNormal paragraphs, `<o:p>` runs, `mso-` styles, source lines
 *   wrapped inside Chinese text, a spacer row), encoded in GBK and declared as gb2312;
 * - `portal`: a UTF-8 portal page: navigation, breadcrumbs, sidebar, share buttons, related links and
 *   footer around the article, T4 with `<thead>`/`<th>`, a hidden print copy of the article;
 * - `split`: an old table-layout portal page whose report tables are cut into several small tables (one
 *   per T2 item, T3 in two parts), with `&nbsp;` padding; GBK, declared or not.
 */
import {
  type DocBlock,
  documentBlocks,
  type Table,
  type TableCell,
  type TableRow,
  t2Table,
  t3DataRows,
  t3HeaderRows,
  t4Table,
} from './document.js';
import { encodeGbk } from './gbk.js';
import type { Random } from './random.js';
import type { SyntheticReport } from './report.js';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const wide = (ch: string | undefined) => ch !== undefined && /[\u3000-\u9fff\uff00-\uffef]/.test(ch);

/** Word wraps its HTML source in the middle of Chinese text, only between two wide characters. */
function wordWrap(text: string, width = 34, indent = '\r\n'): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    out += text[i];
    run++;
    if (run >= width && wide(text[i]) && wide(text[i + 1])) {
      out += indent;
      run = 0;
    }
  }
  return out;
}

const spans = (c: TableCell, quote = '') =>
  `${c.cs > 1 ? ` colspan=${quote}${c.cs}${quote}` : ''}${c.rs > 1 ? ` rowspan=${quote}${c.rs}${quote}` : ''}`;

/* ------------------------------------------------------------------------------------------------ */
/* Word                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

function wordTable(table: Table): string {
  let out =
    "<div align=center>\r\n\r\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=602\r\n style='width:451.6pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\r\n mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\r\n";
  table.rows.forEach((row, r) => {
    out += ` <tr style='mso-yfti-irow:${r}${r === 0 ? ';mso-yfti-firstrow:yes' : ''};height:22.5pt'>\r\n`;
    for (const c of row.cells) {
      const width = 40 * c.cs;
      let inner: string;
      if (c.text === '') inner = '<span lang=EN-US><o:p>&nbsp;</o:p></span>';
      else if (c.key)
        inner = `<span lang=EN-US style='font-size:10.5pt'>${escapeHtml(c.text)}<o:p></o:p></span>`;
      else {
        inner = `<span style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:"Times New Roman"'>${wordWrap(escapeHtml(c.text), 16, '\r\n  ')}<span\r\n  lang=EN-US><o:p></o:p></span></span>`;
        if (row.head) inner = `<b>${inner}</b>`;
      }
      out += `  <td width=${width}${spans(c)} style='width:${width * 0.75}pt;border:solid windowtext 1.0pt;\r\n  border-top:none;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;\r\n  height:22.5pt'>\r\n  <p class=MsoNormal align=center style='text-align:center'>${inner}</p>\r\n  </td>\r\n`;
    }
    out += ' </tr>\r\n';
  });
  if (table.id === 'T4') {
    out += ' <![if !supportMisalignedColumns]>\r\n <tr height=0>\r\n';
    for (let i = 0; i < table.width; i++) out += "  <td width=40 style='border:none'></td>\r\n";
    out += ' </tr>\r\n <![endif]>\r\n';
  }
  return `${out}</table>\r\n\r\n</div>\r\n\r\n`;
}

const wordParagraph = (
  inner: string,
  style = 'text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt',
) => `<p class=MsoNormal style='${style}'>${inner}</p>\r\n\r\n`;
const wordRun = (text: string) =>
  `<span style='font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:宋体'>${wordWrap(escapeHtml(text))}</span>`;
const wordBold = (text: string, font = '黑体') =>
  wordParagraph(
    `<b><span style='font-size:16.0pt;font-family:${font};mso-hansi-font-family:宋体'>${escapeHtml(text)}<span lang=EN-US><o:p></o:p></span></span></b>`,
  );

export function renderWord(report: SyntheticReport): Uint8Array {
  let body = '';
  for (const block of documentBlocks(report)) {
    switch (block.kind) {
      case 'title': {
        const year = String(report.year);
        const at = block.text.indexOf(year);
        const title = `${escapeHtml(block.text.slice(0, at))}<span\r\nlang=EN-US>${year}</span>${escapeHtml(block.text.slice(at + year.length))}`;
        body += `<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt;mso-line-height-rule:\r\nexactly'><b><span style='font-size:22.0pt;font-family:方正小标宋简体;mso-hansi-font-family:宋体'>${title}<span lang=EN-US><o:p></o:p></span></span></b></p>\r\n\r\n`;
        body += wordParagraph("<span lang=EN-US style='font-size:16.0pt'><o:p>&nbsp;</o:p></span>");
        break;
      }
      case 'heading':
        body += wordBold(block.text);
        break;
      case 'subheading':
        body += wordBold(block.text, '楷体_GB2312');
        break;
      case 'paragraph':
        body += wordParagraph(wordRun(block.text));
        break;
      case 'table':
        body += wordTable(block.table);
        break;
      case 'signature':
        for (const line of block.lines)
          body += wordParagraph(wordRun(line), 'text-align:right;line-height:28.0pt');
        break;
    }
  }
  const html = `<html xmlns:v="urn:schemas-microsoft-com:vml"\r
xmlns:o="urn:schemas-microsoft-com:office:office"\r
xmlns:w="urn:schemas-microsoft-com:office:word"\r
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"\r
xmlns="http://www.w3.org/TR/REC-html40">\r
\r
<head>\r
<meta http-equiv=Content-Type content="text/html; charset=gb2312">\r
<meta name=ProgId content=Word.Document>\r
<meta name=Generator content="Microsoft Word 15">\r
<meta name=Originator content="Microsoft Word 15">\r
<link rel=File-List href="${report.year}年报.files/filelist.xml">\r
<title>${escapeHtml(report.title)}</title>\r
<!--[if gte mso 9]><xml>\r
 <o:DocumentProperties>\r
  <o:Author>办公室文印员</o:Author>\r
  <o:Revision>3</o:Revision>\r
  <o:Pages>5</o:Pages>\r
 </o:DocumentProperties>\r
</xml><![endif]-->\r
<style>\r
<!--\r
 /* Font Definitions */\r
 @font-face\r
	{font-family:宋体;\r
	panose-1:2 1 6 0 3 1 1 1 1 1;\r
	mso-font-alt:SimSun;\r
	mso-font-charset:134;}\r
p.MsoNormal, li.MsoNormal, div.MsoNormal\r
	{mso-style-unhide:no;\r
	margin:0cm;\r
	text-align:justify;\r
	font-size:10.5pt;\r
	font-family:"Times New Roman",serif;}\r
@page WordSection1\r
	{size:595.3pt 841.9pt;\r
	margin:72.0pt 90.0pt 72.0pt 90.0pt;}\r
div.WordSection1\r
	{page:WordSection1;}\r
-->\r
</style>\r
</head>\r
\r
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\r
\r
<div class=WordSection1 style='layout-grid:15.6pt'>\r
\r
${body}</div>\r
\r
</body>\r
\r
</html>\r
`;
  return encodeGbk(html);
}

/* ------------------------------------------------------------------------------------------------ */
/* Portal page                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

function portalTable(table: Table, withHead: boolean): string {
  const render = (row: TableRow) =>
    `<tr>${row.cells
      .map((c) => {
        const tag = withHead && row.head ? 'th' : 'td';
        const text = c.text === '' ? '&nbsp;' : escapeHtml(c.text);
        return `<${tag}${spans(c, '"')} style="border:1px solid #000;text-align:center"><p style="text-align:center">${text}</p></${tag}>`;
      })
      .join('')}</tr>\n`;
  const open =
    '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">';
  if (!withHead) return `${open}<tbody>\n${table.rows.map(render).join('')}</tbody></table>\n`;
  const split = table.rows.findIndex((r) => !r.head);
  return `${open}\n<thead>\n${table.rows.slice(0, split).map(render).join('')}</thead>\n<tbody>\n${table.rows.slice(split).map(render).join('')}</tbody>\n</table>\n`;
}

function articleHtml(blocks: DocBlock[], table: (t: Table) => string): string {
  let html = '';
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        break;
      case 'heading':
      case 'subheading':
        html += `<p style="text-indent:2em"><strong>${escapeHtml(block.text)}</strong></p>\n`;
        break;
      case 'paragraph':
        html += `<p style="text-indent:2em">${escapeHtml(block.text)}</p>\n`;
        break;
      case 'table':
        html += table(block.table);
        break;
      case 'signature':
        for (const line of block.lines) html += `<p style="text-align:right">${escapeHtml(line)}</p>\n`;
        break;
    }
  }
  return html;
}

export function renderPortal(report: SyntheticReport, rng: Random): Uint8Array {
  const blocks = documentBlocks(report);
  const article = articleHtml(blocks, (t) => portalTable(t, t.id === 'T4'));
  const site = `${report.agency.slice(0, 2)}市人民政府`;
  const nav = ['首页', '政务公开', '政务服务', '互动交流', `走进${report.agency.slice(0, 2)}`];
  const related = [1, 2].map(
    (d) =>
      `<li><a href="/zwgk/nb/${report.year - d}.html">${escapeHtml(report.agency)}${report.year - d}年政府信息公开工作年度报告</a><span>${report.year - d + 1}-01-2${d}</span></li>`,
  );
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}_${site}</title>
<meta name="ArticleTitle" content="${escapeHtml(report.title)}">
<meta name="PubDate" content="${report.year + 1}-01-25 09:30">
<meta name="ContentSource" content="${escapeHtml(report.agency)}">
<link rel="stylesheet" href="/css/common.css">
<script>var _hmt = _hmt || []; var columnName = "二、主动公开政府信息情况";</script>
</head>
<body>
<div class="top-bar"><span class="date">今天是：<span id="today"></span></span> <a href="/wza/">无障碍浏览</a> <a href="/zhmode/">长者模式</a></div>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="${site}门户网站"></a></div>
<div class="search"><form action="/search"><input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form></div></div>
<div class="nav"><ul>${nav.map((n, i) => `<li><a href="/c${i}/">${n}</a></li>`).join('')}</ul></div>
<div class="main w1200">
  <div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>
  <div class="left-col"><div class="box"><div class="box-title">政府信息公开</div><ul>
    <li><a href="/zwgk/zn/">政府信息公开指南</a></li><li><a href="/zwgk/zd/">政府信息公开制度</a></li>
    <li><a href="/zwgk/fdzdgknr/">法定主动公开内容</a></li><li><a href="/zwgk/nb/">政府信息公开年报</a></li></ul></div></div>
  <div class="right-col"><div class="article">
    <h1 class="article-title">${escapeHtml(report.title)}</h1>
    <div class="article-info"><span>发布时间：${report.year + 1}-01-25 09:30</span><span>来源：${escapeHtml(report.agency)}</span><span>浏览次数：<em id="hits"></em></span></div>
    <div class="bdsharebuttonbox"><span>分享到：</span><a href="#" class="bds_weixin">微信</a><a href="#" class="bds_tsina">微博</a></div>
    <div id="zoom" class="article-content TRS_Editor">
${article}    </div>
    <div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
    <div class="related"><h3>相关链接</h3><ul>${related.join('')}</ul></div>
  </div></div>
</div>
<div class="footer"><p>主办单位：${site}办公室　承办单位：${report.agency.slice(0, 2)}市大数据中心</p><p>网站标识码：${rng.int(1000000000, 1999999999)}　<a href="https://beian.miit.gov.cn/">某ICP备${rng.int(10000000, 99999999)}号</a></p></div>
<div id="printArea" style="display:none">
${article}</div>
<script src="/js/jquery.min.js"></script>
</body>
</html>
`;
  return new TextEncoder().encode(html);
}

/* ------------------------------------------------------------------------------------------------ */
/* Old table-layout portal, tables split into small tables                                           */
/* ------------------------------------------------------------------------------------------------ */

function oldTable(rows: TableRow[]): string {
  const render = (row: TableRow) =>
    `<tr>${row.cells
      .map((c) => {
        const text = c.text === '' ? '&nbsp;' : `&nbsp;${escapeHtml(c.text)}&nbsp;`;
        return `<td${spans(c, '"')} align="center" bgcolor="#FFFFFF"><font size="2">${text}</font></td>`;
      })
      .join('')}</tr>\r\n`;
  return `<table width="90%" border="0" align="center" cellpadding="3" cellspacing="1" bgcolor="#000000">\r\n${rows.map(render).join('')}</table>\r\n`;
}

/** T2 as one small table per 第二十条 item; T3 cut in two after `cut` data rows. */
function splitTables(report: SyntheticReport, table: Table, cut: number): string {
  if (table.id === 'T2') {
    const t2 = t2Table(report);
    const parts: TableRow[][] = [];
    for (const row of t2.rows) {
      if (row.head && row.cells.length === 1) parts.push([]);
      parts[parts.length - 1]!.push(row);
    }
    return parts.map(oldTable).join('<br>\r\n');
  }
  if (table.id === 'T3')
    return oldTable([...t3HeaderRows(), ...t3DataRows(report, 0, cut)]) + oldTable(t3DataRows(report, cut));
  return oldTable(t4Table(report).rows);
}

export function renderSplit(report: SyntheticReport, rng: Random): Uint8Array {
  const cut = rng.int(4, 16);
  let content = '';
  for (const block of documentBlocks(report)) {
    switch (block.kind) {
      case 'title':
        break;
      case 'heading':
        content += `<p><b>　　${escapeHtml(block.text)}</b></p>\r\n`;
        break;
      case 'subheading':
        content += `<p>　　${escapeHtml(block.text)}<br>\r\n`;
        break;
      case 'paragraph':
        content += `<p>　　${escapeHtml(block.text)}</p>\r\n`;
        break;
      case 'table':
        content += splitTables(report, block.table, cut);
        break;
      case 'signature':
        content += block.lines.map((t) => `<p align="right">${escapeHtml(t)}</p>`).join('\r\n');
        break;
    }
  }
  const side = ['机构概况', '政策文件', '规划计划', '财政信息', '人事信息', '政府信息公开年报'];
  const declared = rng.chance(0.5)
    ? '<meta http-equiv="Content-Type" content="text/html; charset=gbk">\r\n'
    : '';
  const html = `<html>\r
<head>\r
${declared}<title>${escapeHtml(report.title)}</title>\r
<link href="/style/css.css" rel="stylesheet" type="text/css">\r
</head>\r
<body leftmargin="0" topmargin="0">\r
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="top">\r
  <tr><td height="120"><a href="/">网站首页</a> | <a href="/zwgk/">信息公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/hdjl/">公众参与</a></td></tr>\r
</table>\r
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">\r
  <tr>\r
    <td width="200" valign="top" class="left">\r
      <table width="100%" border="0" cellspacing="0" cellpadding="0">\r
${side.map((s, i) => `        <tr><td height="28">· <a href="/zwgk/l${i}/">${s}</a></td></tr>`).join('\r\n')}\r
      </table>\r
    </td>\r
    <td width="780" valign="top">\r
      <table width="100%" border="0" cellspacing="0" cellpadding="0">\r
        <tr><td height="40" align="center" class="title"><font size="5" color="#C00000"><b>${escapeHtml(report.title)}</b></font></td></tr>\r
      </table>\r
      <table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">\r
        <tr><td class="content" style="font-size:14px;line-height:26px">\r
${content}        </td></tr>\r
      </table>\r
    </td>\r
  </tr>\r
</table>\r
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="bottom">\r
  <tr><td align="center" height="60">版权所有：${escapeHtml(report.agency)}　备案序号：某ICP备${rng.int(10000000, 99999999)}号</td></tr>\r
</table>\r
</body>\r
</html>\r
`;
  return encodeGbk(html);
}
