import { describe, expect, it } from 'vitest';
import { formatKeys, T2_LAYOUT_2021, T4_LAYOUT, t2Layout, t3Layout } from './layouts.js';

describe('layouts', () => {
  it('are shared objects, read-only in their types', () => {
    const layout = t3Layout('split');
    expect(t3Layout('split')).toBe(layout);
    expect(t3Layout('single')).not.toBe(layout);
    expect(t2Layout('2021')).toBe(T2_LAYOUT_2021);
    // Checked by `typecheck`: a change to a shared layout does not compile.
    const changes = [
      () => {
        // @ts-expect-error the rows cannot be replaced
        layout.rows = [];
      },
      // @ts-expect-error nor changed in place
      () => layout.rows.pop(),
      () => {
        // @ts-expect-error nor a column's key
        T4_LAYOUT.rows[0]!.columns[0]!.key = 'changed';
      },
    ];
    expect(changes).toHaveLength(3);
    expect(formatKeys('2021')).toHaveLength(200);
    expect(formatKeys('2021')).toContain('T4.review.upheld');
  });
});
