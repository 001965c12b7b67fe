import { load } from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/helpers.js';
import { type DomNode, isElement } from './dom.js';
import { fewTags, measureNesting } from './nesting.js';

const VOID = new Set([
  'br',
  'img',
  'hr',
  'meta',
  'link',
  'input',
  'col',
  'area',
  'base',
  'wbr',
  'source',
  'embed',
]);

/** The deepest the parser's stack got: the depth of the deepest element that is not void. */
function parserDepth(text: string): number {
  const $ = load(text, { xml: { xmlMode: false, withStartIndices: true, decodeEntities: true } });
  let deepest = 0;
  const stack: Array<[DomNode, number]> = [[$.root()[0] as unknown as DomNode, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isElement(node) && !VOID.has(node.name!)) deepest = Math.max(deepest, depth);
    for (const child of node.children ?? []) if (isElement(child)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const depthOf = (text: string) =>
  measureNesting(text, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY).depth;

describe('measureNesting', () => {
  it("replays the parser's stack: implied closes, void and raw-text elements, comments, quotes", () => {
    for (const html of [
      `${'<div>'.repeat(100)}${'</span>'.repeat(5)}`,
      '<table><tr><td>'.repeat(50),
      '<p>a<p>b<div><p>c',
      '<ul><li>a<li>b<li><ul><li>c',
      '<select><option>a<option>b</select><p>',
      '<dl><dt>a<dd>b<dt>c',
      '<table><thead><tr><th>a<th>b<tbody><tr><td>1<td>2<tfoot><tr><td>x</table>',
      '<script>"<div><div>"</script><b>',
      '<style>p{}<div></style><i>',
      '<title><div></title><p>',
      '<textarea><div><div></textarea><p>',
      '<!-- <div><div> --><x>',
      '<!doctype html><?xml x?><![if !supportLists]><p><![endif]>',
      '<DIV><Div></div></DIV><span>',
      '<a href="x>y" title=\'<div>\'>z</a><b>',
      '<div/><div/><span>',
      '<br><br></br><hr><img src=x><p>',
      '<o:p><o:p></o:p></o:p><v:shape>',
      '<div><span><b>text</div><i>',
    ]) {
      expect([html, depthOf(html)]).toEqual([html, parserDepth(html)]);
    }
  });

  it('agrees with the parser on real pages, at a fraction of a unit of work per character', () => {
    for (const name of [
      'portal-2021.html',
      'word-gbk-2021.html',
      'split-gb18030-2021.html',
      'mirror-big5-2021.html',
    ]) {
      const text = new TextDecoder('latin1').decode(fixture(name));
      const nesting = measureNesting(text, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
      expect(nesting.depth).toBe(parserDepth(text));
      expect(nesting.work).toBeLessThan(text.length);
    }
  });

  it('takes linear time and stops at the limits it is given', () => {
    const deep = '<div>'.repeat(1_000_000);
    const started = performance.now();
    expect(measureNesting(deep, 1000, Number.POSITIVE_INFINITY).depth).toBe(1001);
    expect(measureNesting(deep, Number.POSITIVE_INFINITY, 10_000).work).toBeLessThan(20_000);
    expect(
      measureNesting(`${'<div>'.repeat(5000)}${'</x>'.repeat(500_000)}`, 1e9, 1e18).work,
    ).toBeGreaterThan(2e9);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('fewTags', () => {
  it('clears a page by its count of < only where measuring could not refuse it', () => {
    // Bounds: depth ≤ n and work ≤ 2n² for n `<`.
    expect(fewTags('<div>'.repeat(10), 10, 200)).toBe(true);
    expect(fewTags('<div>'.repeat(11), 10, 1e9)).toBe(false);
    expect(fewTags('<div>'.repeat(10), 100, 199)).toBe(false);
    // A text no longer than the bound needs no count; a longer one with few `<` is counted.
    expect(fewTags('a<b', 3, 18)).toBe(true);
    expect(fewTags(`${'字'.repeat(100_000)}<p>`, 3, 18)).toBe(true);
    expect(fewTags('no markup at all', 0, 0)).toBe(true);
  });

  it('never clears what measureNesting would refuse', () => {
    const pages = [
      '<div>'.repeat(3000),
      `${'<div>'.repeat(500)}${'</x>'.repeat(2500)}`,
      '<table><tr><td>'.repeat(800),
      '<p>a<p>b<div><p>c'.repeat(200),
      new TextDecoder('latin1').decode(fixture('word-gbk-2021.html')),
    ];
    for (const text of pages) {
      const nesting = measureNesting(text, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
      for (const maxDepth of [1, 10, 100, 1000, 1e6]) {
        for (const maxWork of [0, 1e3, 1e5, 1e7, 1e9]) {
          if (fewTags(text, maxDepth, maxWork)) {
            expect(nesting.depth).toBeLessThanOrEqual(maxDepth);
            expect(nesting.work).toBeLessThanOrEqual(maxWork);
          }
        }
      }
    }
  });

  it('counts at most as far as the bound', () => {
    const text = '<b>'.repeat(2_000_000);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) expect(fewTags(text, 100, 1e9)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
