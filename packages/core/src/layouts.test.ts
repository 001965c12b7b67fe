import { describe, expect, it } from 'vitest';
import { FINGERPRINTS, formatKeys, T2_LAYOUT_2021, T4_LAYOUT, t2Layout, t3Layout } from './layouts.js';

describe('layouts', () => {
  it('are shared objects that a caller cannot change', () => {
    const layout = t3Layout('split');
    expect(t3Layout('split')).toBe(layout);
    expect(t2Layout('2021')).toBe(T2_LAYOUT_2021);
    expect(() => {
      (layout as { rows: unknown }).rows = [];
    }).toThrow(TypeError);
    expect(() => layout.rows.pop()).toThrow(TypeError);
    expect(() => {
      (T4_LAYOUT.rows[0]!.columns[0] as { key: string }).key = 'changed';
    }).toThrow(TypeError);
    expect(() => (FINGERPRINTS['2021'] as unknown as string[]).push('本年')).toThrow(TypeError);
    expect(formatKeys('2021')).toHaveLength(200);
    expect(formatKeys('2021')).toContain('T4.review.upheld');
  });
});
