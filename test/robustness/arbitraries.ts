/**
 * fast-check arbitraries for hostile and odd inputs built from the report's own vocabulary (labels,
 * numbering, numbers run together, units, placeholders) so that random inputs reach deep into the
 * readers instead of being refused at the door: documents with random grids and spans for `normalize`,
 * pipe/aligned/tab text, HTML pages, workbooks.
 */
import {
  type Block,
  SECTION_HEADINGS,
  type SourceDocument,
  T2_LAYOUT_2019,
  T2_LAYOUT_2021,
  T4_LAYOUT,
  type TableCell,
  t3Layout,
} from '@xxgk/core';
import fc from 'fast-check';
import { type CellValue, cellRef, type SheetSpec, type WorkbookSpec, workbook, xmlText } from './xlsx.js';

const LABELS: string[] = [
  ...[T2_LAYOUT_2021, T2_LAYOUT_2019, t3Layout('split'), t3Layout('single'), T4_LAYOUT].flatMap((layout) =>
    layout.rows.flatMap((row) => [row.label, ...(row.aliases ?? []), ...row.columns.map((c) => c.label)]),
  ),
  ...SECTION_HEADINGS.map((h) => `${h.numeral}、${h.label}`),
  '本年制发件数',
  '本年废止件数',
  '现行有效件数',
  '本列数据的勾稽关系',
  '第二十条第(一)项',
  '政府信息公开情况统计表',
  '某某市人民政府2021年政府信息公开工作年度报告',
  '2021年度',
  '统计期限为2021年1月1日至12月31日',
  '单位：万元',
  '法人或其他组织小计',
];

const NUMBERS = [
  '0',
  '1',
  '12',
  '713000074',
  '640020470',
  '1,234',
  '1,234.56',
  '-3',
  '+2',
  '１２',
  '0.5',
  '251000元',
  '25.1万元',
  '3件',
  '1e9',
  '99999999999999999999999',
  '007',
];
const PLACEHOLDERS = ['/', '-', '—', '——', '无', '不涉及', 'N/A', '\\', '空'];
const MARKS = [
  '一、',
  '（一）',
  '(二)',
  '1.',
  '2、',
  '三',
  '四、',
  '、',
  '：',
  '。',
  '（',
  '）',
  '年',
  '月',
  '日',
  '%',
  '|',
  '||',
  '#',
  '##',
  '-',
  '\f',
  '\u001f',
  '\u3000',
  '\u00a0',
  '\t',
  '\r',
  '\n',
  '  ',
];
const HOSTILE = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '<script>',
  '\u0000',
  '\ud800',
  '\udc00',
  '\ufeff',
  '😀',
  '\u202e',
];

/** One token of report text. */
export const wordArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LABELS) },
  { weight: 4, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.nat({ max: 100000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...PLACEHOLDERS) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKS) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);

export const textArb = (maxWords = 12): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(wordArb, fc.constantFrom('', '', ' ', '  ', '\n', '\t', '、')), { maxLength: maxWords })
    .map((parts) => parts.map(([w, s]) => w + s).join(''));

const position = fc.record(
  {
    line: fc.integer({ min: 1, max: 100000 }),
    column: fc.integer({ min: 1, max: 1000 }),
    offset: fc.nat({ max: 1_000_000 }),
    page: fc.integer({ min: 1, max: 100 }),
    sheet: fc.constantFrom('Sheet1', '__proto__', 'constructor', '年报'),
    cell: fc.constantFrom('A1', 'XFD1048576', 'B2'),
  },
  { requiredKeys: [] },
);

/** A rectangle a merged cell covers. */
interface Span {
  r: number;
  c: number;
  rows: number;
  cols: number;
}

/**
 * A grid with merged cells resolved as the contract says: the owner slot carries the spans, every
 * covered slot repeats the owner's text with `spanOf`. Rows may be left short (a ragged rendering).
 */
export const gridArb = (maxRows = 12, maxCols = 10): fc.Arbitrary<TableCell[][]> =>
  fc
    .record({
      rows: fc.integer({ min: 0, max: maxRows }),
      cols: fc.integer({ min: 1, max: maxCols }),
      texts: fc.array(fc.oneof(wordArb, textArb(3), fc.constant('')), { minLength: 1, maxLength: 40 }),
      spans: fc.array(
        fc.record({
          r: fc.nat({ max: maxRows }),
          c: fc.nat({ max: maxCols }),
          rows: fc.integer({ min: 1, max: 6 }),
          cols: fc.integer({ min: 1, max: 6 }),
        }),
        { maxLength: 6 },
      ),
      short: fc.array(fc.nat({ max: maxCols }), { maxLength: maxRows }),
    })
    .map(({ rows, cols, texts, spans, short }) => {
      const grid: (TableCell | undefined)[][] = Array.from({ length: rows }, () =>
        new Array(cols).fill(undefined),
      );
      let t = 0;
      const nextText = () => texts[t++ % texts.length]!;
      for (const span of spans as Span[]) {
        if (span.r >= rows || span.c >= cols) continue;
        const height = Math.min(span.rows, rows - span.r);
        const width = Math.min(span.cols, cols - span.c);
        let free = true;
        for (let r = span.r; r < span.r + height; r++)
          for (let c = span.c; c < span.c + width; c++) if (grid[r]![c]) free = false;
        if (!free) continue;
        const text = nextText();
        for (let r = span.r; r < span.r + height; r++) {
          for (let c = span.c; c < span.c + width; c++) {
            const owner = r === span.r && c === span.c;
            grid[r]![c] = {
              text,
              rowSpan: height,
              colSpan: width,
              ...(owner ? {} : { spanOf: [span.r, span.c] as [number, number] }),
              position: { line: r + 1, column: c + 1, table: 0, row: r, col: c },
            };
          }
        }
      }
      return grid.map((row, r) => {
        const filled = row.map(
          (cell, c) =>
            cell ?? {
              text: nextText(),
              rowSpan: 1,
              colSpan: 1,
              position: { line: r + 1, column: c + 1, row: r, col: c },
            },
        );
        // A short row keeps its covered slots' owners: only cut slots that own nothing below or right.
        const keep = Math.max(1, cols - (short[r] ?? 0));
        let cut = filled.length;
        while (
          cut > keep &&
          !filled[cut - 1]!.spanOf &&
          filled[cut - 1]!.rowSpan === 1 &&
          filled[cut - 1]!.colSpan === 1
        )
          cut--;
        return filled.slice(0, cut);
      });
    });

const headingArb: fc.Arbitrary<Block> = fc
  .record({
    type: fc.constant('heading' as const),
    text: fc.oneof(fc.constantFrom(...LABELS), textArb(4)),
    level: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    position,
  })
  .map((b) => (b.level === undefined ? { type: b.type, text: b.text, position: b.position } : b));

const paragraphArb: fc.Arbitrary<Block> = fc.record({
  type: fc.constant('paragraph' as const),
  text: textArb(30),
  position,
});

const tableArb: fc.Arbitrary<Block> = fc.record({
  type: fc.constant('table' as const),
  rows: gridArb(),
  emptyCells: fc.constantFrom('blank' as const, 'unreliable' as const),
  position,
});

const diagnosticArb = fc.record({
  code: fc.constantFrom('encoding-detected', '__proto__', 'x'),
  severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
  message: fc.string({ maxLength: 20 }),
});

const metadataArb = fc.dictionary(
  fc.constantFrom('title', 'author', 'encoding', '__proto__', 'constructor', 'published'),
  fc.oneof(textArb(8), fc.constantFrom(...LABELS)),
  { maxKeys: 4 },
);

/** A well-formed document as an adapter would produce it. */
export const documentArb: fc.Arbitrary<SourceDocument> = fc.record({
  blocks: fc.array(fc.oneof(headingArb, paragraphArb, { weight: 2, arbitrary: tableArb }), { maxLength: 14 }),
  metadata: metadataArb,
  diagnostics: fc.array(diagnosticArb, { maxLength: 3 }),
  mediaType: fc.constantFrom('text/plain', 'text/html', 'application/x-test'),
});

/**
 * Documents that satisfy the TypeScript type and nothing more: spans and `spanOf` anywhere (negative,
 * out of range, pointing at themselves), ragged and empty rows, empty texts.
 */
const looseCellArb: fc.Arbitrary<TableCell> = fc
  .record({
    text: fc.oneof(wordArb, fc.constant('')),
    rowSpan: fc.integer({ min: -2, max: 1_000_000 }),
    colSpan: fc.integer({ min: -2, max: 1_000_000 }),
    spanOf: fc.option(fc.tuple(fc.integer({ min: -3, max: 30 }), fc.integer({ min: -3, max: 30 })), {
      nil: undefined,
    }),
    hidden: fc.option(fc.boolean(), { nil: undefined }),
    position,
  })
  .map((cell) => {
    const out: TableCell = {
      text: cell.text,
      rowSpan: cell.rowSpan,
      colSpan: cell.colSpan,
      position: cell.position,
    };
    if (cell.spanOf) out.spanOf = cell.spanOf;
    if (cell.hidden !== undefined) out.hidden = cell.hidden;
    return out;
  });

export const looseDocumentArb: fc.Arbitrary<SourceDocument> = fc.record({
  blocks: fc.array(
    fc.oneof(
      headingArb,
      paragraphArb,
      fc.record({
        type: fc.constant('table' as const),
        rows: fc.array(fc.array(looseCellArb, { maxLength: 12 }), { maxLength: 12 }),
        emptyCells: fc.constantFrom('blank' as const, 'unreliable' as const),
        position,
      }),
    ),
    { maxLength: 10 },
  ),
  metadata: metadataArb,
  diagnostics: fc.array(diagnosticArb, { maxLength: 2 }),
  mediaType: fc.constant('application/x-test'),
});

/* ---------------------------------------------------------------------------------------------- */
/* Text renderings                                                                                 */
/* ---------------------------------------------------------------------------------------------- */

const cellTextArb = fc.oneof(wordArb, fc.constant(''), fc.constant(' '));

/** Lines of a text rendering: pipe rows, separators, aligned and tab rows, headings, prose, footers. */
const lineArb: fc.Arbitrary<string> = fc.oneof(
  fc.array(cellTextArb, { maxLength: 10 }).map((cells) => `| ${cells.join(' | ')} |`),
  fc.array(cellTextArb, { maxLength: 10 }).map((cells) => cells.join('|')),
  fc.integer({ min: 1, max: 10 }).map((n) => `|${'---|'.repeat(n)}`),
  fc
    .array(fc.tuple(cellTextArb, fc.integer({ min: 1, max: 12 })), { maxLength: 10 })
    .map((cells) => cells.map(([t, gap]) => t + ' '.repeat(gap)).join('')),
  fc.array(cellTextArb, { maxLength: 8 }).map((cells) => cells.join('\t')),
  fc.tuple(fc.integer({ min: 1, max: 7 }), textArb(4)).map(([n, t]) => `${'#'.repeat(n)} ${t}`),
  textArb(20),
  fc.constantFrom('', '', '- 4 -', '第 3 页 共 9 页', '\f', '==== 正文 ====', '标题: 某局2021年报告', '   '),
);

export const textRenderingArb: fc.Arbitrary<string> = fc
  .array(lineArb, { minLength: 1, maxLength: 80 })
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)));

/* ---------------------------------------------------------------------------------------------- */
/* HTML                                                                                            */
/* ---------------------------------------------------------------------------------------------- */

const ATTRIBUTES = [
  'style="display:none"',
  'style="mso-hide:all"',
  'style="font-weight:bold"',
  'style="height:0"',
  'hidden',
  'class="nav"',
  'class="MsoNormalTable"',
  'class="__proto__"',
  'id="constructor"',
  'id="__proto__"',
  '__proto__="x"',
  'constructor="y"',
  'colspan="2"',
  'rowspan="3"',
  'colspan="0"',
  'rowspan="0"',
  'colspan="100000"',
  'rowspan="-5"',
  'href="javascript:globalThis.__xxgkPwned=1"',
  'onclick="globalThis.__xxgkPwned=1"',
  'role="navigation"',
];

const TAGS = [
  'div',
  'p',
  'span',
  'b',
  'strong',
  'h1',
  'h3',
  'center',
  'font',
  'a',
  'section',
  'pre',
  'ul',
  'li',
  'nav',
  'footer',
  'o:p',
];

const attrsArb = fc
  .array(fc.constantFrom(...ATTRIBUTES), { maxLength: 3 })
  .map((a) => (a.length ? ` ${a.join(' ')}` : ''));

/** Page text: no C0 controls or lone surrogates, which make a page binary (the odd-bytes target has those). */
const htmlText = textArb(8).map((t) =>
  t
    .replace(
      /[\u0000-\u0008\u000b\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;'),
);

const htmlTableArb: fc.Arbitrary<string> = fc
  .array(fc.array(fc.tuple(fc.constantFrom('td', 'th'), attrsArb, htmlText), { maxLength: 8 }), {
    maxLength: 10,
  })
  .chain((rows) =>
    fc
      .tuple(attrsArb, fc.boolean())
      .map(
        ([attrs, tbody]) =>
          `<table${attrs}>${tbody ? '<tbody>' : ''}${rows
            .map((row) => `<tr>${row.map(([tag, a, text]) => `<${tag}${a}>${text}</${tag}>`).join('')}</tr>`)
            .join('')}${tbody ? '</tbody>' : ''}</table>`,
      ),
  );

const { node: htmlNodeArb } = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    htmlText,
    htmlTableArb,
    fc.constantFrom(
      '<br>',
      '<!-- x -->',
      '<script>globalThis.__xxgkPwned=1</script>',
      '<style>p{}</style>',
      '&nbsp;',
      '<![if !supportLists]>1.<![endif]>',
    ),
    fc
      .tuple(fc.constantFrom(...TAGS), attrsArb, fc.array(tie('node'), { maxLength: 4 }))
      .map(([tag, attrs, children]) => `<${tag}${attrs}>${children.join('')}</${tag}>`),
  ),
}));

export const htmlPageArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '<!DOCTYPE html>', '<?xml version="1.0" encoding="utf-8"?>'),
    fc.constantFrom(
      '',
      '<meta charset="utf-8">',
      '<meta charset="gbk">',
      '<meta http-equiv="Content-Type" content="text/html; charset=big5">',
    ),
    fc.oneof(htmlText, fc.constant('')),
    fc.array(htmlNodeArb, { minLength: 1, maxLength: 8 }),
    fc.boolean(),
  )
  .map(([doctype, meta, title, body, wrapped]) =>
    wrapped
      ? `${doctype}<html><head>${meta}<title>${title}</title></head><body>${body.join('\n')}</body></html>`
      : `${meta}${body.join('')}`,
  );

/* ---------------------------------------------------------------------------------------------- */
/* Workbooks                                                                                       */
/* ---------------------------------------------------------------------------------------------- */

const SHEET_NAMES = [
  'Sheet1',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '年报',
  '表三',
  "it's",
  '!fullref',
  '!ref',
  '!merges',
];

const cellValueArb: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 3, arbitrary: wordArb },
  { weight: 2, arbitrary: fc.nat({ max: 10000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.constant(null) },
);

const sheetArb: fc.Arbitrary<SheetSpec> = fc
  .record({
    name: fc.constantFrom(...SHEET_NAMES),
    rows: fc.array(fc.array(cellValueArb, { maxLength: 10 }), { maxLength: 20 }),
    merges: fc.array(
      fc.tuple(fc.nat({ max: 25 }), fc.nat({ max: 12 }), fc.nat({ max: 25 }), fc.nat({ max: 12 })),
      { maxLength: 5 },
    ),
    hidden: fc.boolean(),
  })
  .map(({ name, rows, merges, hidden }) => ({
    name,
    rows,
    hidden,
    merges: merges.map(([r0, c0, r1, c1]) => `${cellRef(r0, c0)}:${cellRef(r1, c1)}`),
  }));

export const workbookSpecArb: fc.Arbitrary<WorkbookSpec> = fc.record({
  sheets: fc
    .uniqueArray(sheetArb, { minLength: 1, maxLength: 4, selector: (s) => s.name })
    .map((sheets) => sheets.filter((s, i) => !s.hidden || i > 0)),
  sharedStrings: fc.boolean(),
  title: fc.oneof(fc.constantFrom('__proto__', '2021年报告', ''), textArb(4)),
  author: fc.constantFrom('constructor', 'toString', '某局'),
});

export const workbookArb: fc.Arbitrary<Uint8Array> = workbookSpecArb
  .filter((spec) => spec.sheets.length > 0)
  .map((spec) => workbook(spec));

export { xmlText };
