import {
  ADAPTER_SPECIFICATION_VERSION,
  type Adapter,
  AdapterError,
  assertInputSize,
  type Block,
  type DocumentMetadata,
  isValueText,
  type ReadOptions,
  resolveLimits,
  type SourceDocument,
  type TableBlock,
  type TableCell,
} from '@xxgk/core/engine';
import { decode, looksBinary } from '@xxgk/decode';
import {
  type CellSpan,
  endsSentence,
  indentOf,
  isAlignedRow,
  isCjk,
  isHeaderLine,
  isPageMark,
  isPipeRow,
  isPipeSeparator,
  markdownHeading,
  splitAligned,
  splitPipeRow,
  splitTabRow,
  startsWithOpening,
} from './lines.js';

/** Crawler exports put `key: value` lines above a `==== 正文 ====` marker. */
const CRAWLER_FIELD = /^(标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|来源|作者)\s*[:：]\s*(.*)$/;
const CRAWLER_BODY = /^\s*=+\s*正文\s*=+\s*$/;
const CRAWLER_KEYS: Record<string, string> = {
  标题: 'title',
  发布时间: 'published',
  文号: 'documentNumber',
  发布机构: 'publisher',
  栏目: 'channel',
  原文链接: 'url',
  来源: 'origin',
  作者: 'author',
};

type TableKind = 'pipe' | 'tab' | 'aligned';

interface OpenParagraph {
  text: string;
  line: number;
  column: number;
  page: number;
  /** Indentation of the paragraph's last line. */
  lastIndent: number;
  /** Length of the last line, to tell a hard-wrapped line from a short one. */
  lastLength: number;
  /** Number of source lines joined so far. */
  lines: number;
  /** The last line joined, for the checks that look at the paragraph's end (never the whole text). */
  lastLine: string;
  /** The last line is a lone value (`29`, `-1`, `18450件`, `/`): a cell, never part of a sentence. */
  lastIsValue: boolean;
}

interface OpenTable {
  kind: TableKind;
  rows: TableCell[][];
  line: number;
  page: number;
}

/** Read text bytes (UTF-8, UTF-16, GB18030, Big5; plain, Markdown, pdftotext output) into blocks. */
export function readText(bytes: Uint8Array, options: ReadOptions = {}): SourceDocument {
  const limits = resolveLimits(options.limits);
  assertInputSize(bytes, limits);
  if (bytes.byteLength === 0) throw new AdapterError('empty', 'the file is empty');
  const decoded = decode(bytes, options.encoding ? { forced: options.encoding } : {});
  const text = decoded.text;
  if (text.trim() === '') throw new AdapterError('empty', 'the file holds only whitespace');

  const metadata: DocumentMetadata = { encoding: decoded.encoding };
  const blocks: Block[] = [];
  const diagnostics = [...decoded.diagnostics];
  let cells = 0;

  const lines = text.split(/\r\n|\r|\n/);
  // pdftotext ends every page with a form feed; where there are none, printed page numbers tell.
  const formFeeds = text.includes('\f');
  let first = 0;
  const bodyMarker = findCrawlerBody(lines);
  if (bodyMarker >= 0) {
    for (let i = 0; i < bodyMarker; i++) {
      const field = CRAWLER_FIELD.exec(lines[i]!.trim());
      const key = field ? CRAWLER_KEYS[field[1]!] : undefined;
      if (field && key && field[2]!.trim() !== '') metadata[key] = field[2]!.trim();
    }
    first = bodyMarker + 1;
  }

  let page = 1;
  let paragraph: OpenParagraph | undefined;
  let table: OpenTable | undefined;
  let gap = 0;
  /** The source line of the last header line kept on its own: the next line may continue the header. */
  let headerLine = -1;

  const flushParagraph = () => {
    if (paragraph && paragraph.text.trim() !== '') {
      blocks.push({
        type: 'paragraph',
        text: paragraph.text.trim(),
        position: { line: paragraph.line, column: paragraph.column, page: paragraph.page },
      });
    }
    paragraph = undefined;
  };
  const flushTable = () => {
    if (table && table.rows.length > 0) {
      const block: TableBlock = {
        type: 'table',
        rows: table.rows,
        emptyCells: 'unreliable',
        position: { line: table.line, column: 1, page: table.page },
      };
      blocks.push(block);
    }
    table = undefined;
  };
  const addRow = (kind: TableKind, spans: CellSpan[], lineNo: number) => {
    if (table && table.kind !== kind) flushTable();
    if (!table) table = { kind, rows: [], line: lineNo, page };
    cells += spans.length;
    if (cells > limits.maxCells) {
      throw new AdapterError('too-many-cells', `more than ${limits.maxCells} table cells`);
    }
    table.rows.push(
      spans.map((span) => ({
        text: span.text,
        rowSpan: 1,
        colSpan: 1,
        position: { line: lineNo, column: span.start + 1, page },
      })),
    );
  };

  for (let index = first; index < lines.length; index++) {
    let line = lines[index]!;
    const lineNo = index + 1;
    if (line.includes('\f')) {
      page += line.split('\f').length - 1;
      line = line.replace(/\f/g, '');
    }
    const trimmed = line.trim();
    if (trimmed === '') {
      gap++;
      if (table && table.kind !== 'aligned') flushTable();
      continue;
    }
    if (isPageMark(line)) {
      if (!formFeeds) page++;
      gap++;
      continue;
    }
    const heading = markdownHeading(line);
    if (heading) {
      flushParagraph();
      flushTable();
      blocks.push({
        type: 'heading',
        text: heading.text,
        level: heading.level,
        position: { line: lineNo, column: 1, page },
      });
      gap = 0;
      continue;
    }
    // One cell per line closed by a pipe (`规章 |`): a cell, not a table row.
    const loneCell = trimmed.endsWith('|') && trimmed.indexOf('|') === trimmed.length - 1;
    if (!loneCell && isPipeRow(line)) {
      flushParagraph();
      if (!isPipeSeparator(line)) addRow('pipe', splitPipeRow(line), lineNo);
      gap = 0;
      continue;
    }
    if (line.includes('\t')) {
      const spans = splitTabRow(line).filter((span) => span.text !== '');
      if (spans.length >= 2) {
        flushParagraph();
        addRow('tab', spans, lineNo);
        gap = 0;
        continue;
      }
    }
    const content = loneCell ? trimmed.slice(0, -1).trimEnd() : line;
    const spans = splitAligned(content);
    if (isAlignedRow(spans)) {
      flushParagraph();
      addRow('aligned', spans, lineNo);
      gap = 0;
      continue;
    }
    if (table) flushTable();
    const indent = indentOf(content);
    const body = content.trim();
    // A header line stands alone, with its own column: joined into a paragraph, the columns its labels
    // stand at (which place the values of a row with a blank cell) would be lost.
    // Two labels are enough right under a header line: the last line of a wrapped header (组织 机构).
    const header = isHeaderLine(spans, headerLine === lineNo - 1 ? 2 : 3);
    if (header) headerLine = lineNo;
    if (loneCell || header) {
      flushParagraph();
      blocks.push({ type: 'paragraph', text: body, position: { line: lineNo, column: indent + 1, page } });
      gap = 0;
      continue;
    }
    if (paragraph && continues(paragraph, body, indent, gap)) {
      paragraph.text += joiner(paragraph.lastLine, body) + body;
      paragraph.lastLine = body;
      paragraph.lastIndent = indent;
      paragraph.lastLength = body.length;
      paragraph.lines++;
      paragraph.lastIsValue = false;
    } else {
      flushParagraph();
      paragraph = {
        text: body,
        line: lineNo,
        column: indent + 1,
        page,
        lastIndent: indent,
        lastLength: body.length,
        lastLine: body,
        lines: 1,
        lastIsValue: isLoneValue(body),
      };
    }
    gap = 0;
  }
  flushParagraph();
  flushTable();
  if (blocks.length === 0) throw new AdapterError('empty', 'no text found');
  return { blocks, metadata, diagnostics, mediaType: 'text/plain' };
}

function findCrawlerBody(lines: string[]): number {
  const limit = Math.min(lines.length, 40);
  for (let i = 0; i < limit; i++) if (CRAWLER_BODY.test(lines[i]!)) return i;
  return -1;
}

/**
 * Whether a line continues the open paragraph. Hard-wrapped lines (PDF text) continue; a numbered
 * opening, a deeper indent after a finished sentence, or a blank line after a finished sentence start a
 * new one. A blank line or a page break in the middle of a sentence (`及\n\n时提供`) does not end it.
 */
function continues(paragraph: OpenParagraph, body: string, indent: number, gap: number): boolean {
  if (startsWithOpening(body)) return false;
  // One cell per line (plain pdftotext): a value on its own line neither continues nor is continued.
  if (paragraph.lastIsValue || isLoneValue(body)) return false;
  if (gap > 0) {
    return (
      gap <= 3 &&
      paragraph.lastLength >= 24 &&
      !endsSentence(paragraph.lastLine) &&
      isCjk(paragraph.lastLine.at(-1)) &&
      isCjk(body[0])
    );
  }
  if (indent > paragraph.lastIndent + 1 && endsSentence(paragraph.lastLine)) return false;
  // A short top-level heading (`一、总体情况`) stands on its own line; the text after it is not a wrap.
  if (paragraph.lines === 1 && paragraph.lastLength <= 24 && TOP_HEADING.test(paragraph.lastLine))
    return false;
  if (indent >= 2 && indent > paragraph.lastIndent + 1 && paragraph.lastIndent === 0) return false;
  return true;
}

const TOP_HEADING = /^[一二三四五六七八九十]{1,2}、\S{2}/;

/** A short line that is a value alone (`29`, `-1`, `18450件`, `/`). */
function isLoneValue(body: string): boolean {
  return body.length <= 24 && isValueText(body);
}

function joiner(before: string, after: string): string {
  return isCjk(before.at(-1)) || isCjk(after[0]) ? '' : ' ';
}

const TEXT_EXTENSIONS = ['txt', 'text', 'md', 'markdown'];
const LATIN1 = new TextDecoder('latin1');

export const textAdapter: Adapter = {
  specificationVersion: ADAPTER_SPECIFICATION_VERSION,
  name: 'text',
  extensions: TEXT_EXTENSIONS,
  mediaTypes: ['text/plain', 'text/markdown'],
  sniff(head, hint) {
    if (head.byteLength === 0) return 0;
    if (looksBinary(head)) {
      const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
      if (!utf16) return 0;
    }
    const start = LATIN1.decode(head.subarray(0, 512)).trimStart().toLowerCase();
    if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<?xml'))
      return 0.05;
    const ext = hint?.fileName?.split('.').pop()?.toLowerCase();
    return ext && TEXT_EXTENSIONS.includes(ext) ? 0.6 : 0.3;
  },
  read: readText,
};
