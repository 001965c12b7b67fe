/** The corpus's gold values of real reports, read from the repository at test time. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Gold } from './generate.js';

export const GOLD_DIR = fileURLToPath(new URL('../../../test/corpus/gold/', import.meta.url));

export interface GoldReport {
  /** The gold file's name without `.json`. */
  name: string;
  gold: Gold;
}

/**
 * One gold file per report that has table cells: renderings of the same report (`.layout`/`.raw`)
 * share their values, so the first of them stands for the report.
 */
export function tableGolds(): GoldReport[] {
  const seen = new Set<string>();
  const out: GoldReport[] = [];
  for (const file of readdirSync(GOLD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const gold = JSON.parse(readFileSync(`${GOLD_DIR}${file}`, 'utf8')) as Gold;
    if (gold.format !== '2019' && gold.format !== '2021') continue;
    if (Object.keys(gold.cells).length === 0) continue;
    const report = `${gold.agency}|${gold.year}`;
    if (seen.has(report)) continue;
    seen.add(report);
    out.push({ name: file.replace(/\.json$/, ''), gold });
  }
  return out;
}
