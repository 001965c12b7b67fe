/**
 * Readings of a row whose printed values do not line up one per column: digit runs that hold several
 * cells (`713000074`) and rows that lost a cell. A reading is kept only if the row's own identity holds;
 * the caller decides with the column identities when several remain.
 */

/** A row's arithmetic identity on a complete reading, or none (T2 rows). */
export type RowIdentity = (values: number[]) => boolean;

export interface Reading {
  values: number[];
  /** For each value, the printed text it was read from; null for a cell the row lost. */
  raws: Array<string | null>;
  /** Index of the cell the row lost, for readings that assume one. */
  lost?: number;
}

/** More readings than this and the row is left ambiguous rather than searched further. */
const MAX_READINGS = 20_000;
const MAX_DIGITS = 48;

/** A run of digits, possibly signed (`-12338` may hold a signed 本年增/减 and the cells after it). */
function isPlainDigits(text: string): boolean {
  const start = text[0] === '-' ? 1 : 0;
  if (text.length === start) return false;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * Every way to cut the tokens into exactly `k` numbers (no leading zeros inside a part) that satisfies
 * the identity. Tokens that are not plain digit runs stay whole.
 */
export function splitReadings(
  tokens: string[],
  k: number,
  identity: RowIdentity | undefined,
): Reading[] | undefined {
  let digits = 0;
  for (const token of tokens) digits += token.length;
  if (digits > MAX_DIGITS) return undefined;
  const results: Reading[] = [];
  const values: number[] = [];
  const raws: string[] = [];
  let explored = 0;
  let overflow = false;

  const maxRemaining = (from: number) => {
    let total = 0;
    for (let i = from; i < tokens.length; i++) total += isPlainDigits(tokens[i]!) ? tokens[i]!.length : 1;
    return total;
  };

  const cutToken = (tokenIndex: number, position: number) => {
    if (overflow) return;
    if (++explored > MAX_READINGS * 10) {
      overflow = true;
      return;
    }
    if (tokenIndex === tokens.length) {
      if (values.length === k && (!identity || identity(values))) {
        results.push({ values: [...values], raws: [...raws] });
        if (results.length > MAX_READINGS) overflow = true;
      }
      return;
    }
    const token = tokens[tokenIndex]!;
    if (!isPlainDigits(token)) {
      const value = Number(token.replace(/,/g, ''));
      values.push(value);
      raws.push(token);
      cutToken(tokenIndex + 1, 0);
      values.pop();
      raws.pop();
      return;
    }
    const remainingSlots = k - values.length;
    const rest = token.length - position;
    // Every later token needs a slot; every digit left can fill at most one.
    if (remainingSlots < 1 + (tokens.length - tokenIndex - 1)) return;
    if (remainingSlots > rest + maxRemaining(tokenIndex + 1)) return;
    // The sign, if any, belongs to the first part only.
    const signed = position === 0 && token[0] === '-' ? 1 : 0;
    for (let length = 1 + signed; length <= rest; length++) {
      const part = token.slice(position, position + length);
      if (part.length > 1 + signed && part[signed] === '0') break;
      values.push(Number(part));
      raws.push(part);
      if (position + length === token.length) cutToken(tokenIndex + 1, 0);
      else if (values.length < k) cutToken(tokenIndex, position + length);
      values.pop();
      raws.pop();
      if (overflow) return;
    }
  };
  cutToken(0, 0);
  return overflow ? undefined : results;
}

/**
 * Readings of a row that printed `k - 1` values: the lost cell may be any one, and the identity gives
 * its value when it can. Only for rows with an identity.
 */
export function lostCellReadings(tokens: string[], k: number, solve: LostCellSolver): Reading[] {
  if (tokens.length !== k - 1) return [];
  const values = tokens.map((token) => Number(token.replace(/,/g, '')));
  if (values.some((value) => !Number.isFinite(value))) return [];
  const readings: Reading[] = [];
  for (let lost = 0; lost < k; lost++) {
    const partial: Array<number | null> = [...values.slice(0, lost), null, ...values.slice(lost)];
    const value = solve(partial, lost);
    if (value === undefined || value < 0 || !Number.isInteger(value)) continue;
    const complete = partial.map((v) => (v === null ? value : v));
    readings.push({ values: complete, raws: [...tokens.slice(0, lost), null, ...tokens.slice(lost)], lost });
  }
  return readings;
}

/** Given a row with one cell unknown (null at `lost`), the value the identity requires, if any. */
export type LostCellSolver = (partial: Array<number | null>, lost: number) => number | undefined;

/** Identity and solver for rows of `groups` groups of `size` cells whose last cell is the sum of the others. */
export function sumGroups(
  groups: number,
  size: number,
): { identity: RowIdentity; solve: LostCellSolver; totals: number[] } {
  const totals = Array.from({ length: groups }, (_, g) => g * size + size - 1);
  const identity: RowIdentity = (values) => {
    for (let g = 0; g < groups; g++) {
      let sum = 0;
      for (let i = 0; i < size - 1; i++) sum += values[g * size + i]!;
      if (sum !== values[g * size + size - 1]) return false;
    }
    return true;
  };
  const solve: LostCellSolver = (partial, lost) => {
    const group = Math.floor(lost / size);
    const base = group * size;
    let sum = 0;
    for (let i = 0; i < size - 1; i++) if (base + i !== lost) sum += partial[base + i]!;
    const value = lost === base + size - 1 ? sum : partial[base + size - 1]! - sum;
    const complete = partial.map((v) => (v === null ? value : v));
    return identity(complete as number[]) ? value : undefined;
  };
  return { identity, solve, totals };
}

/** Distinct readings by their values. */
export function distinct(readings: Reading[]): Reading[] {
  const seen = new Set<string>();
  const out: Reading[] = [];
  for (const reading of readings) {
    const key = reading.values.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(reading);
  }
  return out;
}
