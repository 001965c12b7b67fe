/** Types of eval.mjs, for the TypeScript tests that import it. */
export interface Gold {
  file: string;
  agency: string | null;
  year: number | null;
  format: string;
  cells: Record<string, number | null>;
}

export interface FieldScore<T> {
  gold: T;
  read: T | null;
  right: boolean;
}

export interface ReportScore {
  file: string;
  gold: string | null;
  id: string | null;
  status: string;
  cells: number;
  right: number;
  wrong: number;
  missing: number;
  ambiguous: number;
  agency: FieldScore<string | null>;
  year: FieldScore<number | null>;
  format: FieldScore<string>;
  wrongCells: Array<{
    key: string;
    gold: number | null;
    read: number | null;
    raw: string | null;
    status: string;
  }>;
  missingCells: string[];
  inconsistencies: string[];
}

export interface Overall {
  reports: number;
  cells: number;
  right: number;
  wrong: number;
  missing: number;
  ambiguous: number;
  accuracy: number;
  agencyRight: number;
  yearRight: number;
  formatRight: number;
  inconsistencies: number;
}

export interface Scored {
  reports: ReportScore[];
  skipped: Array<{ file: string; reason: string; cells: number }>;
  overall: Overall;
}

export interface EvalResult extends Scored {
  inputs: string;
  gold: string;
  cli: {
    exitCode: number;
    seconds: number;
    inputs: number;
    byStatus: Record<string, number>;
    xxgk: string;
    notRead: Array<{ file: string; status: string; reason: string }>;
  };
}

export const ROOT: string;
export const CLI: string;
export const CORPUS_INPUT: string;
export const CORPUS_GOLD: string;
export const DEFAULT_JSON: string;
export function loadGolds(dir: string): Array<Gold & { goldFile: string }>;
export function runCli(
  inputs: string,
  out: string,
  options?: { jobs?: number },
): { exitCode: number; seconds: number; summary: Record<string, unknown>; stderr: string };
export function score(golds: Array<Gold & { goldFile?: string }>, out: string): Scored;
export function evaluate(options?: {
  inputs?: string;
  gold?: string;
  jobs?: number;
  keep?: string;
}): EvalResult;
export function formatTable(result: EvalResult): string;
