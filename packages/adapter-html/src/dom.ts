/**
 * The slice of the htmlparser2 (domhandler) node shape this package relies on, so the code depends on
 * htmlparser2 alone and not on its transitive packages.
 */
export interface DomNode {
  /** `root`, `tag`, `script`, `style` or `text` (parse.ts keeps no comments or processing instructions). */
  type: string;
  parent: DomNode | null;
  /** Offset of the node's first character (a start tag's `<`) in the parsed text. */
  startIndex: number | null;
  /** Text content. */
  data?: string;
  /** Lower-case tag name of an element. */
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

export function isElement(node: DomNode): boolean {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Elements whose content is never page text: code, embedded media, form controls, Word data islands. */
const SKIPPED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'noframes',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'param',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'picture',
  'source',
  'track',
  'select',
  'option',
  'optgroup',
  'datalist',
  'button',
  'input',
  'textarea',
  'map',
  'area',
  'xml',
  'title',
  'meta',
  'link',
  'base',
  'rt',
  'rp',
  // News tickers on portal pages; a report is never inside one.
  'marquee',
]);

/** Elements that start and end a block of text (CSS display other than inline, by default). */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'head',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Tags common enough that a document holding none of them is not HTML. */
const HTML_TAGS = new Set([
  'html',
  'head',
  'body',
  'title',
  'meta',
  'div',
  'p',
  'span',
  'table',
  'tr',
  'td',
  'th',
  'br',
  'a',
  'b',
  'strong',
  'font',
  'center',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'img',
  'script',
  'style',
  'link',
  'section',
  'article',
  'pre',
]);

export function isSkipped(name: string): boolean {
  return SKIPPED.has(name);
}

const WORD_COMMENT_STYLE = /mso-element\s*:\s*comment/i;
const WORD_COMMENT_CLASS = /\b(?:msocomanchor|msocomoff)\b/i;

/**
 * Word review comments: the list Word appends to the document (`mso-element:comment-list`) and the
 * `[A1]` anchors it puts in the text. They are the reviewers' notes, not the report.
 */
export function isAnnotation(node: DomNode): boolean {
  const attribs = node.attribs;
  if (!attribs) return false;
  const style = attribs.style;
  if (style !== undefined && WORD_COMMENT_STYLE.test(style)) return true;
  const cls = attribs.class;
  return cls !== undefined && WORD_COMMENT_CLASS.test(cls);
}

/** Elements whose subtree is never read: see {@link isSkipped} and {@link isAnnotation}. */
export function isSkippedElement(node: DomNode): boolean {
  return SKIPPED.has(node.name!) || isAnnotation(node);
}

export function isBlock(name: string): boolean {
  return BLOCK.has(name);
}

export function isKnownHtmlTag(name: string): boolean {
  return HTML_TAGS.has(name);
}

export function headingLevel(name: string): number {
  if (name.length === 2 && name[0] === 'h') {
    const level = name.charCodeAt(1) - 48;
    if (level >= 1 && level <= 6) return level;
  }
  return 0;
}

const HIDDEN_STYLE = /(?:^|[;\s"'])(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)\b/i;

/** Hidden by the `hidden` attribute or an inline style (Word marks hidden text `mso-hide:all`). */
export function isHidden(node: DomNode): boolean {
  const attribs = node.attribs;
  if (!attribs) return false;
  if (attribs.hidden !== undefined) return true;
  const style = attribs.style;
  return style !== undefined && HIDDEN_STYLE.test(style);
}

const FONT_WEIGHT = /font-weight/i;
const BOLD_STYLE = /font-weight\s*:\s*(bold|bolder|[6-9]00)\b/i;
const NORMAL_STYLE = /font-weight\s*:\s*(normal|lighter|[1-5]00)\b/i;

/**
 * A style without its `mso-…font-weight` declarations, declaration by declaration (a regular expression
 * for them backtracks over every `mso-` of a long run: quadratic).
 */
function withoutMsoFontWeight(style: string): string {
  if (!/mso-/i.test(style)) return style;
  return style
    .split(';')
    .filter((declaration) => {
      const colon = declaration.indexOf(':');
      if (colon < 0) return true;
      const property = declaration.slice(0, colon).trim().toLowerCase();
      return !(property.startsWith('mso-') && property.endsWith('font-weight'));
    })
    .join(';');
}

/** What an element's attributes say, as bits: see {@link elementFlags}. */
export const HIDDEN = 1;
/** A Word review comment ({@link isAnnotation}). */
export const ANNOTATION = 2;
/** The style sets a bold weight, or a weight that is not bold. */
export const BOLD = 4;
export const NOT_BOLD = 8;

/** The weight a style sets: {@link BOLD}, {@link NOT_BOLD} or 0. */
function styleWeight(style: string | undefined): number {
  // Both weight patterns need the property name: most styles are judged by this one scan.
  if (!style || !FONT_WEIGHT.test(style)) return 0;
  // Word writes `mso-bidi-font-weight:normal` on bold runs; only the plain property counts.
  const plain = withoutMsoFontWeight(style);
  if (BOLD_STYLE.test(plain)) return BOLD;
  return NORMAL_STYLE.test(plain) ? NOT_BOLD : 0;
}

/** Words one of which every style pattern above needs: most styles hold none of them. */
const STYLE_WORDS = /font-weight|mso-element|display|visibility|mso-hide/i;

/**
 * {@link isHidden}, {@link isAnnotation} and the style's weight in one go, as {@link HIDDEN},
 * {@link ANNOTATION}, {@link BOLD} and {@link NOT_BOLD} bits: a style that names none of the properties
 * they look at (nearly all of them) is scanned once rather than once per question.
 */
export function elementFlags(node: DomNode): number {
  const attribs = node.attribs;
  if (!attribs) return 0;
  let flags = 0;
  const style = attribs.style;
  if (style !== undefined && STYLE_WORDS.test(style)) {
    if (HIDDEN_STYLE.test(style)) flags |= HIDDEN;
    if (WORD_COMMENT_STYLE.test(style)) flags |= ANNOTATION;
    flags |= styleWeight(style);
  }
  if (attribs.hidden !== undefined) flags |= HIDDEN;
  const cls = attribs.class;
  if (cls !== undefined && WORD_COMMENT_CLASS.test(cls)) flags |= ANNOTATION;
  return flags;
}

/** The bold state inside an element named `name` with these {@link elementFlags}, given the state around it. */
export function boldWith(flags: number, name: string, outer: boolean): boolean {
  if (flags & BOLD) return true;
  if (flags & NOT_BOLD) return false;
  if (name === 'b' || name === 'strong' || headingLevel(name) > 0 || name === 'th') return true;
  return outer;
}

/** The bold state inside `node`, given the state around it. */
export function boldInside(node: DomNode, outer: boolean): boolean {
  return boldWith(styleWeight(node.attribs?.style), node.name!, outer);
}

/** `class` and `id` lower-cased, for the page-furniture heuristics. */
export function classAndId(node: DomNode): string {
  const attribs = node.attribs;
  if (!attribs) return '';
  const cls = attribs.class ?? '';
  const id = attribs.id ?? '';
  return cls === '' && id === '' ? '' : `${cls} ${id}`.toLowerCase();
}

/** Span attributes (`rowspan`, `colspan`): a positive integer, or `fallback` when missing or invalid. */
export function spanAttribute(node: DomNode, name: string, fallback: number): number {
  const raw = node.attribs?.[name];
  if (raw === undefined) return fallback;
  const value = Number.parseInt(raw.trim(), 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Depth of a node below the document root (the root is 0). */
export function depthOf(node: DomNode): number {
  let depth = 0;
  for (let current = node.parent; current; current = current.parent) depth++;
  return depth;
}
