/**
 * `@xxgk/core/engine`: everything the package gives except the zod schema — normalize, check and the
 * rules, the layouts, label and number normalisation, and the adapter contract — for a program that
 * reads reports in many threads. zod costs each thread that loads it about 13 MB; reading a report
 * never needs it. The report's types are here too, as types.
 */
export * from './adapter.js';
export type * from './document.js';
export type { FoldedText } from './labels.js';
export { foldChar, foldWithMap, normalizeLabel, toSimplified } from './labels.js';
export * from './layouts.js';
export type { NormalizeOptions } from './normalize/index.js';
export { normalize } from './normalize/index.js';
export type { ParsedValue } from './numbers.js';
export { isValueText, parseValue } from './numbers.js';
export type { CheckOptions, Rule, RuleContext } from './rules/index.js';
export { check, rules } from './rules/index.js';
export type { Cell, CellStatus, Finding, Report, ReportFormat, SectionId } from './schema.js';
export { SCHEMA_VERSION } from './version.js';
