import { describe, expect, it } from 'vitest';
import { read, textBlocks } from '../test/helpers.js';
import {
  ANNOTATION,
  BOLD,
  boldInside,
  boldWith,
  type DomNode,
  elementFlags,
  HIDDEN,
  isAnnotation,
  isHidden,
  NOT_BOLD,
} from './dom.js';

const span = (style: string): DomNode => ({
  type: 'tag',
  name: 'span',
  parent: null,
  startIndex: 0,
  attribs: { style },
  children: [],
});

describe('boldInside', () => {
  it("reads the plain font-weight, not Word's mso-…font-weight", () => {
    expect(boldInside(span('mso-bidi-font-weight:normal;font-weight:bold'), false)).toBe(true);
    expect(boldInside(span('font-weight:bold; mso-bidi-font-weight: normal'), false)).toBe(true);
    expect(boldInside(span('MSO-BIDI-FONT-WEIGHT:bold'), false)).toBe(false);
    expect(boldInside(span('mso-bidi-font-weight:bold'), true)).toBe(true);
    expect(boldInside(span('font-weight:400;mso-bidi-font-weight:bold'), true)).toBe(false);
  });

  it('takes linear time over a style of 100,000 `mso-` (was quadratic: 13 s for 50,000)', () => {
    // Found by test/robustness: <p style="mso-mso-mso-…">.
    const style = `${'mso-'.repeat(100_000)};font-weight:bold`;
    const started = performance.now();
    expect(boldInside(span(style), false)).toBe(true);
    expect(textBlocks(read(`<p style="${style}">一、总体情况</p><p>正文。</p>`))[0]).toEqual({
      type: 'heading',
      text: '一、总体情况',
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('elementFlags', () => {
  const element = (attribs: Record<string, string>, name = 'span'): DomNode => ({
    type: 'tag',
    name,
    parent: null,
    startIndex: 0,
    attribs,
    children: [],
  });

  it('answers isHidden, isAnnotation and boldInside in one look at the attributes', () => {
    const cases: Array<Record<string, string>> = [
      {},
      { style: 'font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:宋体' },
      { style: 'display:none' },
      { style: 'DISPLAY: NONE' },
      { style: 'display:block' },
      { style: 'xdisplay:none' },
      { style: 'visibility:hidden;font-weight:bold' },
      { style: 'mso-hide:all' },
      { hidden: '' },
      { style: 'mso-element:comment-list' },
      { class: 'msocomanchor' },
      { class: 'MsoNormal' },
      { style: 'font-weight:700' },
      { style: 'font-weight:normal' },
      { style: 'mso-bidi-font-weight:normal' },
      { style: 'mso-bidi-font-weight:normal;font-weight:bold' },
      { style: 'font-weight:400;mso-bidi-font-weight:bold' },
      { style: '' },
    ];
    for (const attribs of cases) {
      for (const name of ['span', 'b', 'th', 'h2']) {
        const node = element(attribs, name);
        const flags = elementFlags(node);
        expect([attribs, (flags & HIDDEN) !== 0]).toEqual([attribs, isHidden(node)]);
        expect([attribs, (flags & ANNOTATION) !== 0]).toEqual([attribs, isAnnotation(node)]);
        for (const outer of [false, true]) {
          expect([attribs, name, outer, boldWith(flags, name, outer)]).toEqual([
            attribs,
            name,
            outer,
            boldInside(node, outer),
          ]);
        }
      }
    }
    expect(elementFlags(element({ style: 'font-weight:bold' }))).toBe(BOLD);
    expect(elementFlags(element({ style: 'font-weight:lighter' }))).toBe(NOT_BOLD);
    expect(elementFlags(element({ style: 'mso-hide:all', class: 'msocomoff' }))).toBe(HIDDEN | ANNOTATION);
  });
});
