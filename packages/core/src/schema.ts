import { z } from 'zod';
import { SCHEMA_VERSION } from './version.js';

export { SCHEMA_VERSION };

export const severitySchema = z.enum(['error', 'warning', 'info']);

export const sourcePositionSchema = z
  .object({
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    offset: z.number().int().optional(),
    page: z.number().int().optional(),
    sheet: z.string().optional(),
    cell: z.string().optional(),
    table: z.number().int().optional(),
    row: z.number().int().optional(),
    col: z.number().int().optional(),
  })
  .describe('Where a value or block came from in the input.');

export const diagnosticSchema = z
  .object({
    code: z.string(),
    severity: severitySchema,
    message: z.string(),
    position: sourcePositionSchema.optional(),
    keys: z.array(z.string()).optional(),
  })
  .describe('A problem of reading the input (ours), as opposed to a finding about the report (theirs).');

export const cellStatusSchema = z.enum(['ok', 'blank', 'placeholder', 'unit', 'inferred', 'ambiguous']);

export const cellSchema = z
  .object({
    value: z
      .number()
      .nullable()
      .describe('What the report prints, as a number; null when blank, a placeholder or absent.'),
    raw: z.string().nullable().describe('The source text of the cell; null when the cell is absent.'),
    status: cellStatusSchema,
    inferred: z
      .object({
        value: z.number().nullable(),
        reason: z.string(),
      })
      .optional()
      .describe(
        'A value the software derived, beside the printed one; never replaces `value` except for status `inferred`.',
      ),
    readings: z
      .array(z.array(z.number()))
      .optional()
      .describe('For status `ambiguous`: the readings of the row that fit, as printed-order values.'),
    unit: z.string().optional().describe('For status `unit`: the unit that was stripped, e.g. 元.'),
  })
  .describe('One table value.');

export const findingSchema = z
  .object({
    rule: z.string(),
    severity: severitySchema,
    message: z.string(),
    keys: z.array(z.string()),
    expected: z.number().nullable().optional(),
    actual: z.number().nullable().optional(),
  })
  .describe('A rule result: a problem of the report itself.');

export const formatSchema = z.enum(['2021', '2019', 'legacy', 'unknown']);

export const sectionIdSchema = z.enum(['overview', 'proactive', 'requests', 'reviews', 'problems', 'other']);

export const reportSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    agency: z.string().nullable(),
    year: z.number().int().nullable(),
    format: formatSchema,
    title: z.string().nullable(),
    sections: z.object({
      overview: z.string().nullable(),
      problems: z.string().nullable(),
      other: z.string().nullable(),
    }),
    cells: z.record(z.string(), cellSchema),
    findings: z.array(findingSchema),
    source: z.object({
      path: z.string().nullable(),
      adapter: z.string().nullable(),
      sha256: z.string().nullable(),
      /** Which of the six section headings were found, and where. */
      headings: z.record(sectionIdSchema, sourcePositionSchema.nullable()),
      /** Where each cell's value came from. */
      cells: z.record(z.string(), sourcePositionSchema),
      diagnostics: z.array(diagnosticSchema),
    }),
  })
  .describe('A normalized 政府信息公开工作年度报告 (xxgk schema version 1).');

export type CellStatus = z.infer<typeof cellStatusSchema>;
export type Cell = z.infer<typeof cellSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type ReportFormat = z.infer<typeof formatSchema>;
export type SectionId = z.infer<typeof sectionIdSchema>;
export type Report = z.infer<typeof reportSchema>;

/** The report's JSON Schema (draft 2020-12), for users outside TypeScript. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
