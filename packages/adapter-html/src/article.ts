import type { Diagnostic } from '@xxgk/core/engine';
import {
  ANNOTATION,
  classAndId,
  type DomNode,
  elementFlags,
  HIDDEN,
  headingLevel,
  isElement,
  isHidden,
  isSkipped,
  isSkippedElement,
} from './dom.js';
import { countText } from './text.js';

/** What one element holds, summed over its subtree. */
export interface Stats {
  /** Visible characters. */
  text: number;
  /** Visible characters inside links, and links with text, outside page furniture. */
  link: number;
  links: number;
  /** `<table>` elements, the element itself included. */
  tables: number;
  /** `<td>` and `<th>` elements, and those whose whole text is a number. */
  cells: number;
  numericCells: number;
  /** Visible characters that are not part of a number. */
  wordy: number;
  /**
   * Data tables outside page furniture: no table inside, two cells or more, one of them a number. A
   * one-cell box or a footer laid out as a table does not count.
   */
  leafTables: number;
  /** Visible characters outside page furniture. */
  content: number;
  /** Title-like elements (`<h1>`–`<h3>`, `class="title"`) outside page furniture. */
  titles: number;
  /** Page furniture: navigation, breadcrumbs, share buttons, related links, footers. */
  furniture: boolean;
  /** The element's own {@link elementFlags} (hidden, bold), so that no later walk reads its style again. */
  flags: number;
}

export interface PageScan {
  /**
   * Every element the scan walked: the root and, below it, the elements that are not skipped
   * ({@link isSkippedElement}) and, unless `includeHidden`, not hidden. An element missing here is one of
   * those (or lies under one).
   */
  stats: Map<DomNode, Stats>;
  /** Whether the scan walked hidden elements too (and the blocks read from it include them). */
  includeHidden: boolean;
  /** `<title>` and `<meta name content>` found on the way. */
  title?: string;
  meta: Map<string, string>;
}

/** Class or id words that name page furniture wherever they appear in the attribute. */
const FURNITURE_WORD =
  /bdshare|jiathis|bshare|share|breadcrumb|crumb|copyright|footer|sidebar|navbar|friendlink|qrcode|banquan|msotoc/;
/** Class or id tokens that name page furniture. */
const FURNITURE_TOKEN = new Set([
  'nav',
  'menu',
  'foot',
  'bottom',
  'position',
  'location',
  'dqwz',
  'related',
  'xgxx',
  'xglj',
  'xgwz',
  'yqlj',
  'links',
  'search',
  'login',
  'toolbar',
  'tools',
  'fontsize',
  'ewm',
  'wza',
  'comment',
  'comments',
  'sitemap',
]);
/** Tokens for a page header; an article's own header (title, date) uses them too, so links must agree. */
const HEADER_TOKEN = new Set(['header', 'head', 'top', 'topbar', 'banner', 'logo']);
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'menu']);
const FURNITURE_ROLES = new Set(['navigation', 'contentinfo', 'search', 'complementary']);
const TITLE_WORD = /title|biaoti|headline/;

function tokens(attribute: string): string[] {
  return attribute.split(/[^a-z0-9]+/).filter((t) => t !== '');
}

/** What an element's class and id say, as bits: page furniture, a page header, a title. */
const NAMED_FURNITURE = 1;
const NAMED_HEADER = 2;
const NAMED_TITLE = 4;

/** The class-and-id bits of a {@link classAndId} that is not empty. */
function nameBits(attribute: string): number {
  const words = tokens(attribute);
  let bits = 0;
  if (FURNITURE_WORD.test(attribute) || words.some((w) => FURNITURE_TOKEN.has(w))) bits = NAMED_FURNITURE;
  else if (words.some((w) => HEADER_TOKEN.has(w))) bits = NAMED_HEADER;
  if (TITLE_WORD.test(attribute)) bits |= NAMED_TITLE;
  return bits;
}

/**
 * Class names repeat across a page (`MsoNormal` on every paragraph): judge each one once. Elements with a
 * class and no id (most of them) are looked up by the class as written, without building the lower-case
 * {@link classAndId} first.
 */
const namesByClass = new Map<string, number>();
const namesByAttribute = new Map<string, number>();

function cached(cache: Map<string, number>, key: string, attribute: () => string): number {
  let bits = cache.get(key);
  if (bits === undefined) {
    bits = nameBits(attribute());
    if (cache.size > 10_000) cache.clear();
    cache.set(key, bits);
  }
  return bits;
}

/** The element's class-and-id bits (0 without a class or id). */
function namesOf(node: DomNode): number {
  const attribs = node.attribs;
  if (!attribs) return 0;
  const cls = attribs.class ?? '';
  const id = attribs.id ?? '';
  if (cls === '' && id === '') return 0;
  if (id === '') return cached(namesByClass, cls, () => `${cls} `.toLowerCase());
  const attribute = classAndId(node);
  return cached(namesByAttribute, attribute, () => attribute);
}

/** `names` is the node's {@link namesOf}, or -1 when it is not known yet. */
function hint(node: DomNode, names: number): 'furniture' | 'header' | undefined {
  const name = node.name!;
  const role = node.attribs?.role?.toLowerCase();
  if (FURNITURE_TAGS.has(name) || (role && FURNITURE_ROLES.has(role))) return 'furniture';
  if (name === 'header' || role === 'banner') return 'header';
  const bits = names < 0 ? namesOf(node) : names;
  return bits & NAMED_FURNITURE ? 'furniture' : bits & NAMED_HEADER ? 'header' : undefined;
}

/**
 * Page furniture, judged from the element's links and, with `useNames`, its tag, role, class and id.
 * Names are only a hint: a container holding tables or much text that is not links is kept whatever
 * its class says, so that a misnamed article wrapper (`main-nav-content`) survives.
 */
function isFurniture(node: DomNode, s: Stats, useNames: boolean, names: number): boolean {
  const linky = s.links >= 2 && s.link >= 0.5 * s.content;
  if (linky && s.content - s.link < 300) return true;
  if (!useNames) return false;
  if (!(s.content < 1000 && s.leafTables === 0) && !(s.link > 0.3 * s.content)) return false;
  const kind = hint(node, names);
  return kind === 'furniture' || (kind === 'header' && s.links >= 2);
}

function emptyStats(flags: number): Stats {
  return {
    text: 0,
    link: 0,
    links: 0,
    tables: 0,
    cells: 0,
    numericCells: 0,
    wordy: 0,
    leafTables: 0,
    content: 0,
    titles: 0,
    furniture: false,
    flags,
  };
}

/**
 * One pass over the page: per-element text statistics, bottom-up, with an explicit stack (pages nest
 * deep enough to overflow a recursive walk). Each element's statistics are complete when the walk leaves
 * it, and are added to its parent's there and then: every child is looked at once.
 */
export function scanPage(root: DomNode, options: { includeHidden: boolean; useNames: boolean }): PageScan {
  const { includeHidden, useNames } = options;
  const stats = new Map<DomNode, Stats>();
  // `<title>` and `<meta>` as a walk in document order that looks at each element's children last to
  // first would meet them first: from the element that comes first, its last such child.
  const meta = new Map<string, { content: string; parent: number }>();
  let title: string | undefined;
  let titleParent = Number.POSITIVE_INFINITY;
  // The open elements, in parallel arrays: the element, the next child to look at, its statistics so
  // far, and its number in document order.
  const nodes: DomNode[] = [root];
  const next: number[] = [0];
  const sums: Stats[] = [emptyStats(0)];
  const numbers: number[] = [0];
  let count = 0;
  let top = 0;
  while (top >= 0) {
    const node = nodes[top]!;
    const s = sums[top]!;
    const children = node.children ?? [];
    const index = next[top]!;
    if (index < children.length) {
      next[top] = index + 1;
      const child = children[index]!;
      if (child.type === 'text') {
        const { visible, wordy } = countText(child.data ?? '');
        s.text += visible;
        s.content += visible;
        s.wordy += wordy;
        continue;
      }
      if (!isElement(child)) continue;
      const name = child.name!;
      if (isSkipped(name)) {
        const parent = numbers[top]!;
        if (name === 'title') {
          if (parent <= titleParent) {
            title = rawText(child);
            titleParent = parent;
          }
        } else if (name === 'meta') {
          const key = child.attribs?.name ?? child.attribs?.property;
          const content = child.attribs?.content;
          if (key && content !== undefined) {
            const lower = key.toLowerCase();
            const known = meta.get(lower);
            if (known === undefined || parent <= known.parent) meta.set(lower, { content, parent });
          }
        }
        continue;
      }
      // One look at the attributes for the comment and hidden tests here and the bold test later.
      const flags = elementFlags(child);
      if (flags & ANNOTATION || (!includeHidden && flags & HIDDEN)) continue;
      top++;
      nodes[top] = child;
      next[top] = 0;
      sums[top] = emptyStats(flags);
      numbers[top] = ++count;
      continue;
    }

    // Every child is in: judge the element, then add it to its parent.
    if (node.type !== 'root') {
      const name = node.name!;
      if (name === 'a' && node.attribs?.href !== undefined && s.content > 0) {
        s.link = s.content;
        s.links += 1;
      } else if (name === 'table') {
        if (s.tables === 0 && s.cells >= 2 && s.numericCells > 0) s.leafTables = 1;
        s.tables += 1;
      } else if (name === 'td' || name === 'th') {
        s.cells += 1;
        if (s.text > 0 && s.wordy === 0) s.numericCells += 1;
      }
      // Title-like: `<h1>`–`<h3>` or a title class, holding a short text that is not mostly links.
      let names = -1;
      if (s.content >= 4 && s.content <= 200 && !(s.link > 0.5 * s.content)) {
        const level = headingLevel(name);
        if (level >= 1 && level <= 3) s.titles += 1;
        else {
          names = namesOf(node);
          if (names & NAMED_TITLE) s.titles += 1;
        }
      }
      s.furniture = isFurniture(node, s, useNames, names);
    }
    stats.set(node, s);
    top--;
    if (top < 0) break;
    const p = sums[top]!;
    p.text += s.text;
    p.tables += s.tables;
    p.cells += s.cells;
    p.numericCells += s.numericCells;
    p.wordy += s.wordy;
    // Furniture already judged does not count again: a section holding a table of contents is not
    // itself a link list.
    if (!s.furniture) {
      p.content += s.content;
      p.link += s.link;
      p.links += s.links;
      p.leafTables += s.leafTables;
      p.titles += s.titles;
    }
  }
  const found = new Map<string, string>();
  for (const [key, { content }] of meta) found.set(key, content);
  return { stats, includeHidden, ...(title !== undefined ? { title } : {}), meta: found };
}

function rawText(node: DomNode): string {
  let out = '';
  for (const child of node.children ?? []) if (child.type === 'text') out += child.data ?? '';
  return out.replace(/\s+/g, ' ').trim();
}

export interface Article {
  /** The element whose blocks are read. */
  container: DomNode;
  diagnostics: Diagnostic[];
}

/** Share of the page's content that the article element must hold. */
const HOLDS = 0.9;
/** Content two copies of an article must hold before they are taken for copies. */
const MIN_DUPLICATE = 200;
const SAMPLE = 2000;

/** The first visible characters under a node, whitespace left out, to tell two copies of a text. */
function textSample(node: DomNode): string {
  let out = '';
  const stack: DomNode[] = [node];
  while (stack.length > 0 && out.length < SAMPLE) {
    const current = stack.pop()!;
    if (current.type === 'text') {
      out += (current.data ?? '').replace(/\s+/g, '');
      continue;
    }
    if (!isElement(current) || isSkippedElement(current) || isHidden(current)) continue;
    const children = current.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out.slice(0, SAMPLE);
}

/**
 * Find the article on a portal page: the deepest element that holds nearly all of the page's content
 * text and every data table, widened to take in the title printed just above it. Page furniture does not
 * count as content, so navigation, breadcrumbs and footers around the article never decide.
 */
export function findArticle(root: DomNode, scan: PageScan): Article {
  const diagnostics: Diagnostic[] = [];
  const { stats } = scan;
  const rootStats = stats.get(root)!;
  let total = rootStats.content;
  let tables = rootStats.leafTables;
  if (total === 0) return { container: root, diagnostics };

  let node = root;
  for (;;) {
    let next: DomNode | undefined;
    const large: DomNode[] = [];
    for (const child of node.children ?? []) {
      const c = stats.get(child);
      if (!c || c.furniture) continue;
      // A table without tables inside is read whole, never from inside.
      if (child.name === 'table' && c.tables === 1) continue;
      if (c.content >= HOLDS * total && c.leafTables >= tables) {
        next = child;
        break;
      }
      if (c.content >= 0.4 * total) large.push(child);
    }
    // A print version of the article next to the article itself: read the first copy only.
    if (!next && large.length === 2) {
      const a = stats.get(large[0]!)!;
      const b = stats.get(large[1]!)!;
      if (
        a.content >= MIN_DUPLICATE &&
        Math.abs(a.content - b.content) <= 0.02 * Math.max(a.content, b.content) &&
        a.leafTables === b.leafTables &&
        a.leafTables + b.leafTables >= tables &&
        textSample(large[0]!) === textSample(large[1]!)
      ) {
        next = large[0]!;
        total = a.content;
        tables = a.leafTables;
        diagnostics.push({
          code: 'duplicate-content',
          severity: 'info',
          message: 'the page holds the article twice (e.g. a print version); read the first copy',
        });
      }
    }
    if (!next) break;
    node = next;
  }

  const core = stats.get(node)!;
  let container = node;
  let up = node;
  for (let level = 0; level < 3 && up.parent; level++) {
    const parent = up.parent;
    const p = stats.get(parent);
    if (!p) break;
    const extra = p.content - core.content;
    if (extra > Math.min(1000, Math.max(200, 0.15 * core.content))) break;
    if (p.titles > core.titles) {
      container = parent;
      break;
    }
    up = parent;
  }
  return { container, diagnostics };
}
