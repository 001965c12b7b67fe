import { describe, expect, it } from 'vitest';
import { reportJsonSchema, reportSchema } from './schema.js';

describe('report schema', () => {
  it('exports a JSON Schema that names every report field', () => {
    const schema = reportJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties).sort()).toEqual(
      [
        'agency',
        'cells',
        'findings',
        'format',
        'schemaVersion',
        'sections',
        'source',
        'title',
        'year',
      ].sort(),
    );
    expect(schema.required).toContain('cells');
  });

  it('rejects a report whose cell status is not one of the schema statuses', () => {
    const bad = {
      schemaVersion: 1,
      agency: null,
      year: null,
      format: 'unknown',
      title: null,
      sections: { overview: null, problems: null, other: null },
      cells: { 'T4.review.total': { value: 1, raw: '1', status: 'guessed' } },
      findings: [],
      source: { path: null, adapter: null, sha256: null, headings: {}, cells: {}, diagnostics: [] },
    };
    expect(reportSchema.safeParse(bad).success).toBe(false);
  });
});
