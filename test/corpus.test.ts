import { describe, expect, it } from 'vitest';
import { golds, normalizeCorpusFile } from './corpus.js';

/**
 * Cells the software leaves ambiguous rather than guess, per file. Plain pdftotext output of 淮安市 2024
 * prints the 复议诉讼 values scattered among the header words; the two 行政诉讼 groups both add up in
 * either order, so those ten cells stay ambiguous (null, with their readings), never wrong.
 */
const KNOWN_AMBIGUOUS: Record<string, number> = { 'text/huaian-2024.raw.txt': 10 };

describe.each(golds())('$file', (gold) => {
  it('reads agency, year and format as the gold file says', async () => {
    const report = await normalizeCorpusFile(gold.file);
    expect({ agency: report.agency, year: report.year, format: report.format }).toEqual({
      agency: gold.agency,
      year: gold.year,
      format: gold.format,
    });
  });

  it('reads every gold cell exactly, and never a wrong value', async () => {
    const report = await normalizeCorpusFile(gold.file);
    const wrong: string[] = [];
    let ambiguous = 0;
    for (const [key, expected] of Object.entries(gold.cells)) {
      const cell = report.cells[key];
      if (cell?.status === 'ambiguous') {
        ambiguous++;
        continue;
      }
      if (!cell || cell.value !== expected)
        wrong.push(`${key}: gold ${expected}, read ${cell?.value} (${cell?.raw})`);
    }
    expect(wrong).toEqual([]);
    expect(ambiguous).toBe(KNOWN_AMBIGUOUS[gold.file] ?? 0);
    if (gold.format === 'legacy') expect(report.cells).toEqual({});
  });
});
