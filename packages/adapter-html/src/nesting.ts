/**
 * How deep a page nests, measured before it is parsed. The parser (htmlparser2) keeps its open elements
 * in an array it grows and shrinks at the front, so each tag costs time in proportion to the depth it is
 * read at: 200,000 nested `<div>`s (1 MB) take it 40 s, and a close tag that matches nothing scans the
 * whole stack. This pass replays the parser's tree-building rules on a stack of its own in one linear
 * scan (void elements, the tags an open tag implicitly closes, raw-text elements, comments), so that a
 * page the parser would take too long over is refused first.
 */

import { isWrapSpace } from './text.js';

/** htmlparser2's void elements: never on the stack. */
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const P = new Set(['p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const DDT = new Set(['dd', 'dt']);
const RTP = new Set(['rt', 'rp']);
const SECTIONS = new Set(['thead', 'tbody']);

/** htmlparser2's implied closes: an open tag first closes these while they are on top of the stack. */
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DDT],
  ['dt', DDT],
  ['rt', RTP],
  ['rp', RTP],
  ['tbody', SECTIONS],
  ['tfoot', SECTIONS],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map(
    (t) => [t, FORM] as [string, Set<string>],
  ),
  ...[
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((t) => [t, P] as [string, Set<string>]),
]);

/** Elements whose content is text up to their own end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
const RAW_TEXT_END = new Map([...RAW_TEXT].map((name) => [name, new RegExp(`</${name}[\\s>/]`, 'gi')]));
/** Inside these, `<x/>` closes itself. */
const FOREIGN = new Set(['svg', 'math']);

export interface Nesting {
  /** The deepest the parser's stack gets. */
  depth: number;
  /** The parser's work on its stack: the depth summed over every push, pop and search. */
  work: number;
}

/**
 * Whether {@link measureNesting} would find the depth within `maxDepth` and the work within `maxWork`,
 * told from the count of `<` alone, a fraction of the cost of measuring: each step of the measure starts
 * at a `<` of its own and pushes one element, searches the stack once, or pops elements pushed before.
 * With n of them the stack never holds more than n elements and sees at most 2n pushes, pops and
 * searches, so the depth is at most n and the work at most 2n². Every real page short of some 20,000
 * tags is proven safe this way; a longer one (or a hostile one) is measured.
 */
export function fewTags(text: string, maxDepth: number, maxWork: number): boolean {
  // The count of `<` is at most the length.
  if (text.length <= maxDepth && 2 * text.length * text.length <= maxWork) return true;
  let count = 0;
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    count++;
    if (count > maxDepth || 2 * count * count > maxWork) return false;
  }
  return true;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** End of a tag name: whitespace, `/` or `>`. */
function nameEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isWrapSpace(code) || code === 47 || code === 62) break;
    i++;
  }
  return i;
}

/** Index just past the `>` that ends an open tag whose attributes start at `from` (quotes respected). */
function openTagEnd(text: string, from: number): { end: number; selfClosing: boolean } {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 62) return { end: i + 1, selfClosing: text.charCodeAt(i - 1) === 47 };
    if (code === 61) {
      i++;
      while (i < text.length && isWrapSpace(text.charCodeAt(i))) i++;
      const quote = text.charCodeAt(i);
      if (quote === 34 || quote === 39) {
        const close = text.indexOf(quote === 34 ? '"' : "'", i + 1);
        if (close < 0) return { end: text.length, selfClosing: false };
        i = close + 1;
        continue;
      }
      continue;
    }
    i++;
  }
  return { end: text.length, selfClosing: false };
}

function skipTo(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at + needle.length;
}

/**
 * The nesting the parser will build for `text`, in one pass. Stops early once the depth passes
 * `stopDepth` or the work passes `stopWork`.
 */
export function measureNesting(text: string, stopDepth: number, stopWork: number): Nesting {
  const stack: string[] = [];
  const open = new Map<string, number>();
  let foreign = 0;
  let depth = 0;
  let work = 0;
  const push = (name: string) => {
    work += stack.length;
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (FOREIGN.has(name)) foreign++;
    if (stack.length > depth) depth = stack.length;
  };
  const pop = () => {
    work += stack.length;
    const name = stack.pop()!;
    open.set(name, open.get(name)! - 1);
    if (FOREIGN.has(name)) foreign--;
  };
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    if (depth > stopDepth || work > stopWork) break;
    const next = text.charCodeAt(i + 1);
    if (next === 33) {
      // `<!-- … -->`, `<!doctype …>`, `<![if …]>`
      i = text.startsWith('<!--', i) ? skipTo(text, '-->', i + 4) : skipTo(text, '>', i + 2);
    } else if (next === 63) {
      i = skipTo(text, '>', i + 2);
    } else if (next === 47) {
      const start = i + 2;
      if (!isAsciiLetter(text.charCodeAt(start))) {
        i = skipTo(text, '>', start);
      } else {
        const end = nameEnd(text, start);
        const name = text.slice(start, end).toLowerCase();
        i = skipTo(text, '>', end);
        if (!VOID.has(name)) {
          if ((open.get(name) ?? 0) > 0) {
            // Everything above the element closes with it.
            while (stack[stack.length - 1] !== name) pop();
            pop();
          } else {
            // The parser searches its whole stack for a name that is not there.
            work += stack.length;
          }
        }
      }
    } else if (isAsciiLetter(next)) {
      const end = nameEnd(text, i + 1);
      const name = text.slice(i + 1, end).toLowerCase();
      const tag = openTagEnd(text, end);
      i = tag.end;
      if (!(tag.selfClosing && foreign > 0) && !VOID.has(name)) {
        const closes = IMPLIES_CLOSE.get(name);
        if (closes) while (stack.length > 0 && closes.has(stack[stack.length - 1]!)) pop();
        push(name);
        const rawEnd = RAW_TEXT_END.get(name);
        if (rawEnd) {
          rawEnd.lastIndex = i;
          const match = rawEnd.exec(text);
          // The end tag itself is read as a close tag next.
          i = match ? match.index : text.length;
          continue;
        }
      }
    } else {
      i++;
    }
    i = text.indexOf('<', i);
  }
  return { depth, work };
}
