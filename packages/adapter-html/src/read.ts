import {
  AdapterError,
  assertInputSize,
  type Diagnostic,
  type DocumentMetadata,
  type ReadOptions,
  resolveLimits,
  type SourceDocument,
} from '@xxgk/core/engine';
import { type Decoded, decode } from '@xxgk/decode';
import { findArticle, type PageScan, scanPage } from './article.js';
import { BlockReader } from './blocks.js';
import { declaredCharset } from './charset.js';
import { type DomNode, isKnownHtmlTag } from './dom.js';
import type { CellBudget } from './grid.js';
import { fewTags, measureNesting } from './nesting.js';
import { parseHtml } from './parse.js';
import { LineIndex } from './text.js';

/** `<meta name>` values kept in the metadata, under the names given here. */
const META_KEYS: Record<string, string> = {
  articletitle: 'articleTitle',
  pubdate: 'published',
  contentsource: 'source',
  sitename: 'siteName',
  author: 'author',
  generator: 'generator',
};

/**
 * Read an HTML page (a portal article page, a bare article fragment, or Word/WPS "save as HTML" output)
 * into blocks: headings, paragraphs and tables as grids, in reading order.
 */
export function readHtml(bytes: Uint8Array, options: ReadOptions = {}): SourceDocument {
  const limits = resolveLimits(options.limits);
  assertInputSize(bytes, limits);
  if (bytes.byteLength === 0) throw new AdapterError('empty', 'the file is empty');

  const decoded = decodeHtml(bytes, options.encoding);
  const text = decoded.text;
  if (text.trim() === '') throw new AdapterError('empty', 'the file holds only whitespace');
  if (binary(text)) {
    throw new AdapterError('corrupt', 'not an HTML page: the file holds binary data, not text');
  }

  assertParsable(text, limits.maxDepth);
  const root = parseHtml(text);
  if (!hasMarkup(root)) {
    throw new AdapterError(
      'unsupported',
      'not an HTML page: no HTML markup found (read plain text with the text adapter)',
    );
  }

  const diagnostics: Diagnostic[] = [...decoded.diagnostics];
  const lines = new LineIndex(text);
  const budget: CellBudget = { remaining: limits.maxCells, limit: limits.maxCells };
  let scan = scanPage(root, { includeHidden: false, useNames: true });
  const metadata = metadataOf(scan, decoded.encoding);
  // Hidden elements are read when the scan took them in.
  const readFrom = (container: DomNode, skipFurniture: boolean) => {
    const local: Diagnostic[] = [];
    const reader = new BlockReader({ lines, scan, limits, budget, diagnostics: local, skipFurniture });
    return { blocks: reader.read(container), diagnostics: local };
  };

  let article = findArticle(root, scan);
  let result = readFrom(article.container, true);
  if (result.blocks.length === 0) {
    // Class names misled (an article wrapper named like navigation): judge by links alone.
    scan = scanPage(root, { includeHidden: false, useNames: false });
    article = findArticle(root, scan);
    result = readFrom(article.container, true);
  }
  diagnostics.push(...article.diagnostics);
  if (result.blocks.length === 0) {
    // Only page furniture has text (a page of links): read everything.
    result = readFrom(root, false);
    if (result.blocks.length > 0) {
      diagnostics.push({
        code: 'article-not-found',
        severity: 'warning',
        message: 'no article body found; read the whole page, navigation included',
      });
    }
  }
  if (result.blocks.length === 0) {
    // Some portals ship the article hidden and show it with a script.
    scan = scanPage(root, { includeHidden: true, useNames: false });
    result = readFrom(root, false);
    if (result.blocks.length > 0) {
      diagnostics.push({
        code: 'hidden-content-read',
        severity: 'warning',
        message: 'the page shows no text; read its hidden elements',
      });
    }
  }
  if (result.blocks.length === 0) throw new AdapterError('empty', 'the page holds no text');
  diagnostics.push(...result.diagnostics);
  return { blocks: result.blocks, metadata, diagnostics, mediaType: 'text/html' };
}

/** Nesting deeper than this many times `limits.maxDepth` is refused rather than flattened. */
export const DEPTH_CEILING_FACTOR = 64;
/**
 * The parser's stack work (see nesting.ts) allowed: a constant that takes any nesting up to the depth
 * ceiling, opened and closed (about 1.07e9 units, half a second), and a share per character far above
 * any real page's (under 1) for close tags that search a deep stack.
 */
const WORK_BASE = 1.2e9;
const WORK_PER_CHAR = 300;

/** Refuse a page the parser would take unbounded time over, before it starts. */
function assertParsable(text: string, maxDepth: number): void {
  const ceiling = DEPTH_CEILING_FACTOR * maxDepth;
  const budget = WORK_BASE + WORK_PER_CHAR * text.length;
  // Counting tags proves nearly every page safe at a fraction of the cost of measuring it.
  if (fewTags(text, ceiling, budget)) return;
  const nesting = measureNesting(text, ceiling, budget);
  if (nesting.depth > ceiling) {
    throw new AdapterError(
      'too-deep',
      `elements nest more than ${ceiling} levels deep (${DEPTH_CEILING_FACTOR} × limits.maxDepth); the page is not read`,
    );
  }
  if (nesting.work > budget) {
    throw new AdapterError(
      'too-deep',
      `elements nest ${nesting.depth} levels deep under so many tags that parsing would take too long; the page is not read`,
    );
  }
}

function decodeHtml(bytes: Uint8Array, forced: string | undefined): Decoded {
  const declared = declaredCharset(bytes);
  try {
    return decode(bytes, { ...(declared ? { declared } : {}), ...(forced ? { forced } : {}) });
  } catch (error) {
    if (error instanceof AdapterError && error.code === 'corrupt') {
      throw new AdapterError('corrupt', `not an HTML page: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** C0 control characters other than tab, line breaks and form feed. */
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f]/g;

/**
 * More than 1 % of the first 64 Ki characters are C0 controls (other than tab, line breaks, form feed) or
 * replacement characters: binary data. Native scans (a character class without U+FFFD, `indexOf` for
 * U+FFFD) pass a page that has none several times faster than a loop of `charCodeAt`, and the count
 * stops once it passes 1 %.
 */
export function binary(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  const length = sample.length;
  let bad = 0;
  for (let at = sample.indexOf('\ufffd'); at >= 0; at = sample.indexOf('\ufffd', at + 1)) {
    bad++;
    if (bad / length > 0.01) return true;
  }
  CONTROL.lastIndex = 0;
  while (CONTROL.test(sample)) {
    bad++;
    if (bad / length > 0.01) return true;
  }
  return false;
}

function hasMarkup(root: DomNode): boolean {
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.name && isKnownHtmlTag(node.name)) return true;
    for (const child of node.children ?? []) if (child.name) stack.push(child);
  }
  return false;
}

function metadataOf(scan: PageScan, encoding: string): DocumentMetadata {
  const metadata: DocumentMetadata = {};
  if (scan.title) metadata.title = scan.title;
  metadata.encoding = encoding;
  for (const [name, key] of Object.entries(META_KEYS)) {
    const value = scan.meta.get(name)?.trim();
    if (value) metadata[key] = value;
  }
  return metadata;
}
