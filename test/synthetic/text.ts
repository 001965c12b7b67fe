/**
 * Text renderings of a synthetic report, in the shapes real text copies take:
 *
 * - `markdown`: a Markdown conversion, `##` headings, pipe tables (merged cells left empty);
 * - `layout`: `pdftotext -layout` output: columns aligned with spaces by characters (a Chinese character
 *   one column, as pdftotext counts), long labels wrapped over lines,
 *   column headers wrapped in narrow columns, group labels beside the middle row of their span, page
 *   footers (`- 3 -`) and form feeds between pages;
 * - `cells`: one cell per line, as a copy of a web page's table into a text file gives;
 * - `run-together`: a crawler's text of a portal page (as the 平潭 files): `key: value` fields, a
 *   `==== 正文 ====` marker, then the whole page on one line with every table cell run together
 *   (`数量640020470二、`).
 */
import { type DocBlock, documentBlocks, isWide, type Slot, type Table, toGrid } from './document.js';
import type { Random } from './random.js';
import type { SyntheticReport } from './report.js';

/* ------------------------------------------------------------------------------------------------ */
/* Markdown                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

function pipeTable(table: Table): string[] {
  const grid = toGrid(table);
  const lines = grid.map((row) => `| ${row.map((slot) => (slot.origin ? slot.text : '')).join(' | ')} |`);
  lines.splice(1, 0, `|${new Array(table.width).fill('---').join('|')}|`);
  return lines;
}

export function renderMarkdown(report: SyntheticReport, rng: Random): string {
  const out: string[] = [];
  const boldSubheadings = rng.chance(0.5);
  for (const block of documentBlocks(report)) {
    switch (block.kind) {
      case 'title':
        out.push(`# ${block.text}`);
        break;
      case 'heading':
        out.push(`## ${block.text}`);
        break;
      case 'subheading':
        out.push(boldSubheadings ? `**${block.text}**` : `### ${block.text}`);
        break;
      case 'paragraph':
        out.push(block.text);
        break;
      case 'table':
        out.push(pipeTable(block.table).join('\n'));
        break;
      case 'signature':
        out.push(block.lines.join('\n\n'));
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

/* ------------------------------------------------------------------------------------------------ */
/* pdftotext -layout                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

/** Cut text into lines of at most `width` display columns (CJK characters count two). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of text) {
    const w = isWide(ch) ? 2 : 1;
    if (used + w > width && line !== '') {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += ch;
    used += w;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * pdftotext -layout lines text up by characters: it turns x positions into character columns, and a
 * Chinese character takes one column like a digit (as in the real 洪泽区 files). Tables are laid out so.
 */
const chars = (text: string) => [...text].length;

/** Cut text into pieces of at most `width` characters. */
function wrapChars(text: string, width: number): string[] {
  const all = [...text];
  const lines: string[] = [];
  for (let i = 0; i < all.length; i += width) lines.push(all.slice(i, i + width).join(''));
  return lines.length > 0 ? lines : [''];
}

/** Put `text` into `line` at character column `x`, padding with spaces. */
function place(line: string, x: number, text: string): string {
  const width = chars(line);
  if (width <= x) return line + ' '.repeat(x - width) + text;
  // Never overwrite: keep at least two spaces between cells so that they stay apart.
  return `${line}  ${text}`;
}

export interface LayoutOptions {
  // Widths are in display columns (a Chinese character two), halved into characters for the table.
  /** Where the values of a row whose label wraps go: with its first line, its middle line, or after. */
  valueLine: 'top' | 'center' | 'after';
  /** Widest label column, in display columns. */
  labelWidth: number;
  /** Extra width of value columns beyond their widest value. */
  valueWidth: number;
}

/** One table as aligned lines, grouped per table row (a page never breaks inside a row). */
function layoutTable(table: Table, options: LayoutOptions): string[][] {
  const grid = toGrid(table);
  const valueColumn = (c: number) => grid.some((row) => row[c]!.origin && row[c]!.cell.key !== undefined);
  const widths: number[] = [];
  for (let c = 0; c < table.width; c++) {
    let width = 2;
    for (const row of grid) {
      const slot = row[c]!;
      if (!slot.origin || slot.cell.cs !== 1) continue;
      if (slot.cell.key === undefined && valueColumn(c)) continue; // a header label wraps to the values
      width = Math.max(width, chars(slot.text));
    }
    const labelWidth = Math.floor(options.labelWidth / 2);
    widths.push(valueColumn(c) ? Math.max(3, width + options.valueWidth) : Math.min(width, labelWidth));
  }
  const gap = 3;
  const starts: number[] = [];
  let x = 0;
  for (const w of widths) {
    starts.push(x);
    x += w + gap;
  }
  const spanWidth = (c: number, cs: number) =>
    widths.slice(c, c + cs).reduce((a, b) => a + b, 0) + gap * (cs - 1);

  // Cells of each row, with the row a spanning label is printed beside (the middle of its span).
  type Placed = { c: number; lines: string[]; value: boolean; centered: boolean };
  const placed: Placed[][] = grid.map(() => []);
  grid.forEach((row, r) => {
    row.forEach((slot: Slot, c) => {
      if (!slot.origin) return;
      const { cell } = slot;
      const at = r + Math.floor((cell.rs - 1) / 2);
      const value = cell.key !== undefined;
      const width = spanWidth(c, cell.cs);
      const lines = value ? [cell.text] : wrapChars(cell.text, Math.max(2, width));
      if (cell.text === '') return;
      placed[at]!.push({ c, lines, value, centered: value || table.rows[r]!.head === true });
    });
  });

  const groups: string[][] = [];
  placed.forEach((cells) => {
    if (cells.length === 0) return;
    const labelLines = Math.max(1, ...cells.filter((p) => !p.value).map((p) => p.lines.length));
    const valueAt =
      labelLines === 1 || options.valueLine === 'top'
        ? 0
        : options.valueLine === 'center'
          ? Math.floor((labelLines - 1) / 2)
          : labelLines;
    const height = Math.max(labelLines, valueAt + 1);
    const lines = new Array<string>(height).fill('');
    for (const p of cells.sort((a, b) => a.c - b.c)) {
      p.lines.forEach((text, i) => {
        const lineIndex = p.value ? valueAt + i : i;
        const width = spanWidth(p.c, 1);
        const offset = p.centered ? Math.max(0, Math.floor((width - chars(text)) / 2)) : 0;
        lines[lineIndex] = place(lines[lineIndex]!, starts[p.c]! + offset, text);
      });
    }
    groups.push(lines.map((l) => l.replace(/\s+$/, '')));
  });
  return groups;
}

const PAGE_WIDTH = 60;

function center(text: string): string {
  return ' '.repeat(Math.max(0, Math.floor((PAGE_WIDTH - chars(text)) / 2))) + text;
}

export function renderLayout(
  report: SyntheticReport,
  rng: Random,
  pinned: Partial<LayoutOptions> = {},
): string {
  const options: LayoutOptions = {
    valueLine: rng.pick(['top', 'center', 'after'] as const),
    labelWidth: rng.int(24, 34),
    valueWidth: rng.int(0, 3),
    ...pinned,
  };
  const textWidth = rng.pick([60, 64, 70]);
  const groups: string[][] = [];
  for (const block of documentBlocks(report)) {
    switch (block.kind) {
      case 'title':
        groups.push(wrapChars(block.text, 28).map(center), ['']);
        break;
      case 'heading':
        groups.push([`    ${block.text}`]);
        break;
      case 'subheading':
      case 'paragraph':
        // pdftotext keeps the two-character first-line indent and hard-wraps at the page width.
        wrap(`    ${block.text}`, textWidth).forEach((line) => {
          groups.push([line]);
        });
        break;
      case 'table':
        groups.push([''], ...layoutTable(block.table, options), ['']);
        break;
      case 'signature':
        groups.push([''], ...block.lines.map((l) => [' '.repeat(Math.max(0, PAGE_WIDTH - chars(l))) + l]));
        break;
    }
  }
  // Pages of about fifty lines, each ending with its number and a form feed.
  const pageLines = rng.int(42, 56);
  const out: string[] = [];
  let page = 1;
  let onPage = 0;
  for (const group of groups) {
    if (onPage + group.length > pageLines && onPage > 0) {
      out.push('', center(`- ${page} -`));
      page++;
      onPage = 0;
      out.push(`\f${group[0]}`, ...group.slice(1));
    } else out.push(...group);
    onPage += group.length;
  }
  out.push('', center(`- ${page} -`), '\f');
  return out.join('\n');
}

/* ------------------------------------------------------------------------------------------------ */
/* One cell per line                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

export function renderCells(report: SyntheticReport): string {
  const out: string[] = [];
  for (const block of documentBlocks(report)) {
    if (block.kind === 'table') {
      for (const row of toGrid(block.table))
        for (const slot of row) if (slot.origin && (slot.text !== '' || slot.cell.key)) out.push(slot.text);
    } else if (block.kind === 'signature') out.push(...block.lines);
    else out.push(block.text);
  }
  return `${out.join('\n')}\n`;
}

/* ------------------------------------------------------------------------------------------------ */
/* Run together (crawler text of a portal page)                                                      */
/* ------------------------------------------------------------------------------------------------ */

function runTogether(table: Table, rng: Random): string {
  let out = '';
  for (const row of toGrid(table)) {
    for (const slot of row) {
      if (!slot.origin) continue;
      // Now and then a stray space, as the crawler left between some cells.
      if (out !== '' && rng.chance(0.04)) out += ' ';
      out += slot.text;
    }
  }
  return out;
}

export function renderRunTogether(report: SyntheticReport, rng: Random): string {
  const site = rng.pick(['www.qinghe.gov.cn', 'www.linjiang.gov.cn', 'zwgk.example.gov.cn']);
  const stamp = `${report.year + 1}0${rng.int(1, 3)}`;
  const header = [
    `标题: ${report.title}`,
    `发布时间: ${report.published.replace(/年|月/g, '-').replace('日', '')} 16:34`,
    '文号: ',
    '发布机构: ',
    '栏目: 政府信息公开年报',
    `原文链接: https://${site}/zwgk/zfxxgknb/${stamp}/t${stamp}15_${rng.int(10000, 99999)}.htm`,
    `本地目录: zwgk/zfxxgknb/${stamp}/${report.title}`,
    '页面链接与图片详见 links.tsv(同目录)',
    '==================== 正文 ====================',
  ];
  let body = `当前位置： 首页政务公开政府信息公开政府信息公开年报 ${report.title} 来源：${report.agency} 时间：${report.published} 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： --> `;
  const blocks: DocBlock[] = documentBlocks(report).slice(1);
  for (const block of blocks) {
    if (block.kind === 'table') body += `${runTogether(block.table, rng)} `;
    else if (block.kind === 'signature') body += block.lines.join('');
    else if (block.kind === 'heading' && /^[二三四]、/.test(block.text)) body += `${block.text} `;
    else body += block.text;
  }
  body += ' 附件下载';
  return `${header.join('\n')}\n${body}\n`;
}
