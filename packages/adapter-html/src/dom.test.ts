import { describe, expect, it } from 'vitest';
import { read, textBlocks } from '../test/helpers.js';
import { boldInside, type DomNode } from './dom.js';

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
