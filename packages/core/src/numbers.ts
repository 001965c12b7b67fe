/**
 * Number normalisation: what a table cell prints, read as a number without ever changing it beyond the
 * unit conversion the schema defines (元 → 万元 for amounts).
 */

import type { ValueKind } from './layouts.js';
import type { CellStatus } from './schema.js';

export interface ParsedValue {
  value: number | null;
  status: Extract<CellStatus, 'ok' | 'blank' | 'placeholder' | 'unit'>;
  unit?: string;
}

const PLACEHOLDERS = new Set([
  '/',
  '-',
  '--',
  '---',
  '—',
  '——',
  '－',
  '–',
  '无',
  '不涉及',
  '空',
  '／',
  'n/a',
  'N/A',
  '\\',
]);

const PLACEHOLDER_STARTS = new Set(['无', '不', '空']);

const UNITS = ['万元', '元', '件', '条', '个', '项', '次', '起', '份', '人次'];

/** Longest number parseValue reads, before its unit. */
const MAX_NUMBER_TEXT = 40;
/** Longest normalised text that can still be a value: the longest number and the longest unit. */
const MAX_VALUE_TEXT = MAX_NUMBER_TEXT + Math.max(...UNITS.map((unit) => unit.length));

/**
 * Characters that may stand inside a printed number. Stops past {@link MAX_VALUE_TEXT}: the result is
 * then too long to be a value anyway, and a paragraph handed here costs nothing.
 */
function normaliseDigits(text: string): string {
  let out = '';
  for (let i = 0; i < text.length && out.length <= MAX_VALUE_TEXT; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0xff0e) out += '.';
    else if (code === 0xff0c || code === 0x2c) out += ',';
    else if (code === 0xff0b) out += '+';
    else if (code === 0xff0d || code === 0x2212) out += '-';
    else if (
      code === 0x20 ||
      code === 0xa0 ||
      code === 0x3000 ||
      code === 0x09 ||
      code === 0x0a ||
      code === 0x0d
    )
      continue;
    else out += text[i];
  }
  return out;
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/**
 * Read a cell's text as a value. Returns undefined when the text is not a value at all (a label, a
 * sentence), so callers can tell text from blanks.
 */
export function parseValue(raw: string, kind: ValueKind = 'count'): ParsedValue | undefined {
  // Most values are plain ASCII digits: read them without the general path.
  if (raw.length > 0 && raw.length <= 15) {
    let digits = true;
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i);
      if (code < 48 || code > 57) {
        digits = false;
        break;
      }
    }
    if (digits) return { value: Number(raw), status: 'ok' };
  }
  // Most text handed here is a label: reject it before any work.
  const first = raw.charCodeAt(0);
  if (first >= 0x4e00 && first <= 0x9fff && !PLACEHOLDER_STARTS.has(raw[0]!)) return undefined;
  const text = normaliseDigits(raw);
  if (text === '') return { value: null, status: 'blank' };
  if (PLACEHOLDERS.has(text)) return { value: null, status: 'placeholder' };
  let body = text;
  let unit: string | undefined;
  for (const candidate of UNITS) {
    if (body.length > candidate.length && body.endsWith(candidate)) {
      unit = candidate;
      body = body.slice(0, -candidate.length);
      break;
    }
  }
  if (body.length > MAX_NUMBER_TEXT || !NUMBER.test(body)) return undefined;
  let value = Number(body.replace(/,/g, ''));
  if (!Number.isFinite(value)) return undefined;
  if (unit === undefined) return { value, status: 'ok' };
  if (kind === 'amount' && unit === '元') value = Number((value / 10000).toPrecision(15));
  return { value, status: 'unit', unit };
}

/** Whether a text is a value of any kind (number, number with unit, placeholder) but not blank. */
export function isValueText(raw: string): boolean {
  const parsed = parseValue(raw);
  return parsed !== undefined && parsed.status !== 'blank';
}
