/**
 * T4 (复议诉讼) as plain pdftotext prints it: one cell per line, in the order of pdftotext's block sort,
 * the values scattered among the header words. The orders below are what pdftotext printed for the
 * real Huai'an 2024 table with its columns moved by a few points.
 */
import { describe, expect, it } from 'vitest';
import { doc, h, p, SECTION_TEXT, t2Table2021, t3Table2021 } from '../../test/build.js';
import { formatKeys } from '../layouts.js';
import type { Report } from '../schema.js';
import { normalize } from './index.js';

const T4_KEYS = formatKeys('2021').filter((key) => key.startsWith('T4.'));

/** 行政复议 | 未经复议直接起诉 | 复议后起诉, each 结果维持 结果纠正 其他结果 尚未审结 总计. */
const TRUTH = [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20];

/**
 * A 2021 report whose T4 is the given pdftotext lines (separated by ` / `, each line a paragraph);
 * `v03` stands for the value of group 0 (行政复议), column 3 (尚未审结).
 */
function scattered(lines: string, values = TRUTH, overview = '2024年，我市扎实推进政务公开。'): Report {
  const text = lines.replace(/v(\d)(\d)/g, (_, g, c) => String(values[Number(g) * 5 + Number(c)]));
  return normalize(
    doc(
      h('某某市人民政府2024年政府信息公开工作年度报告'),
      h(SECTION_TEXT.overview),
      p(overview),
      h(SECTION_TEXT.proactive),
      t2Table2021(),
      h(SECTION_TEXT.requests),
      t3Table2021(),
      h(SECTION_TEXT.reviews),
      ...text.split(' / ').map((line) => p(line)),
      h(SECTION_TEXT.problems),
      p('政策解读形式还不够丰富。'),
      h(SECTION_TEXT.other),
      p('本年度未收取信息处理费。'),
    ),
    { check: false },
  );
}

/** No T4 cell holds a value other than the truth: each is right or left ambiguous. */
function neverWrong(report: Report, values = TRUTH): void {
  T4_KEYS.forEach((key, i) => {
    const cell = report.cells[key]!;
    if (cell.status === 'ambiguous') expect(cell.value, key).toBeNull();
    else expect(cell.value, key).toBe(values[i]);
  });
}

const statuses = (report: Report) => T4_KEYS.map((key) => report.cells[key]!.status);

// pdftotext on the Huai'an table rebuilt with its column bands shifted by up to ±4 pt (three seeds).
const HEADER = '行政复议 / 行政诉讼 / 未经复议直接起诉';
// The 复议后起诉 values first.
const AFTER_REVIEW_FIRST = `${HEADER} / 结果 / 结果 / 其他结 / 尚未 / 维持 / 纠正 / 果 / 审结 / 总计 / 纠正 / 其他 尚未 / 结果 / 结果 / 其他 / 尚未审 / 维持 / 纠正 / 结果 / 结 / v20 / v21 / v22 / v23 / 总计 / 维持 / v00 v01 v02 v03 / 结果 / 复议后起诉 / v04 v10 / 纠正 / 结果 / 审结 / v11 / v12 / v13 / v14 / 总计 / v24`;
// 行政复议·其他结果 first: 178 37 | 12 1 1 6 | 72 64 | 351 13 | 4 8 1 26 | 20.
const OTHER_FIRST = `${HEADER} / 结果 / 结果 / 其他结 / 尚未 / 维持 / 纠正 / 果 / 审结 / 总计 / 纠正 / v02 v03 / 其他 / 尚未 / 结果 / 结果 / 其他 / 尚未审 / 维持 / 纠正 / 结果 / 结 / v20 / v21 / v22 / v23 / 总计 / 维持 / v00 v01 / 结果 / 复议后起诉 / v04 v10 / 纠正 / 结果 / 审结 / v11 / v12 / v13 / v14 / 总计 / v24`;
// 「26 12」 and 「20」 on consecutive lines: 1 1 6 cannot come between them in any order of the runs.
const SPLIT_GROUP = `${HEADER} / 结果 结果 / 其他结 / 尚未 / 维持 / 果 / 审结 / 总计 / 纠正 / 结 果 / v02 / v03 / 其他 / 尚未 / 结果 / 结果 / 其他 / 尚未审 / 维持 / 纠正 / 结果 / 结 / v21 / v22 / v23 / 总计 / 维持 / v00 v01 / 结果 / 复议后起诉 / v04 v10 / 纠正 / 结果 / 审结 / v11 / v12 / v13 / 总计 / v14 v20 / v24`;

describe('readT4: values scattered among the header words (plain pdftotext)', () => {
  it('does not take the first value printed for 行政复议·结果维持: every order that adds up stays open', () => {
    // 12 1 1 6 | 72 64 178 37 | 351 13 | 4 8 1 26 | 20 adds up as 「12 1 1 6 20 | 72 64 178 37 351 |
    // 13 4 8 1 26」 as well as in the true order.
    const report = scattered(AFTER_REVIEW_FIRST);
    neverWrong(report);
    expect(statuses(report).every((s) => s === 'ambiguous')).toBe(true);
    expect(report.cells['T4.review.upheld']!.readings).toHaveLength(2);
    expect(report.cells['T4.review.upheld']!.readings).toContainEqual(TRUTH);
    expect(report.source.diagnostics.find((d) => d.code === 'row-ambiguous')?.message).toMatch(/^T4: /);
  });

  it('does not take the first value printed for 行政复议·结果维持 when it is 其他结果 either', () => {
    // 178 37 72 64 adds up to 351 as well as 72 64 178 37, and 12 1 1 6 20 may come first or last.
    const report = scattered(OTHER_FIRST);
    neverWrong(report);
    expect(statuses(report).every((s) => s === 'ambiguous')).toBe(true);
    expect(report.cells['T4.review.upheld']!.readings).toHaveLength(4);
    expect(report.cells['T4.review.upheld']!.readings).toContainEqual(TRUTH);
  });

  it('lets the report’s own words on 行政复议 narrow the readings', () => {
    const stated =
      '全年政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚\n未审结 37 件，行政诉讼 46 件，其中结果维持 25 件。';
    const report = scattered(AFTER_REVIEW_FIRST, TRUTH, stated);
    neverWrong(report);
    expect(statuses(report).every((s) => s === 'inferred')).toBe(true);
    expect(report.cells['T4.review.upheld']!.inferred?.reason).toContain('尚未审结37件」');
    expect(report.cells['T4.review.upheld']!.inferred?.reason).not.toContain('行政诉讼');
    expect(report.source.diagnostics.some((d) => d.code === 'row-inferred')).toBe(true);
    // Figures that match no reading decide nothing.
    const other = scattered(
      AFTER_REVIEW_FIRST,
      TRUTH,
      '行政复议 5 件，其中结果维持 2 件，结果纠正 1 件，其他结果 1 件，尚未审结 1 件。',
    );
    expect(statuses(other).every((s) => s === 'ambiguous')).toBe(true);
  });

  it('leaves the row ambiguous when no order of the runs adds up, rather than keep the printed order', () => {
    const report = scattered(SPLIT_GROUP);
    neverWrong(report);
    expect(statuses(report).every((s) => s === 'ambiguous')).toBe(true);
    expect(report.source.diagnostics.find((d) => d.code === 'row-ambiguous')?.message).toContain(
      'add up in no order',
    );
  });

  it('keeps a row printed in one piece but for its last value after 总计, even when it does not add up', () => {
    // Huai'an Hongze 2023: the agency's own error (10 + 1 under a 总计 of 0) stays as printed.
    const printed = [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0];
    const report = scattered(
      `${HEADER} / 复议后起诉 / 结果 维持 / ${printed.slice(0, 14).join(' / ')} / 总计 / ${printed[14]}`,
      printed,
    );
    expect(T4_KEYS.map((key) => report.cells[key]!.value)).toEqual(printed);
    expect(statuses(report).every((s) => s === 'ok')).toBe(true);
  });

  it('keeps the printed order when it is the only one that adds up', () => {
    const values = [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3];
    const report = scattered(
      `${HEADER} / 复议后起诉 / 结果 维持 / ${values.slice(0, 14).join(' / ')} / 总计 / ${values[14]}`,
      values,
    );
    expect(T4_KEYS.map((key) => report.cells[key]!.value)).toEqual(values);
    expect(statuses(report).every((s) => s === 'ok')).toBe(true);
  });

  it('considers every order that adds up, the printed one among them', () => {
    // 行政复议 alone, then both 行政诉讼 groups: the whole groups in the other order add up too.
    const values = [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1];
    const report = scattered(
      '行政复议 / 结果维持 结果纠正 其他结果 尚未审结 总计 / v00 v01 v02 v03 v04 / 行政诉讼 / 未经复议直接起诉 / 复议后起诉 / v10 v11 v12 v13 v14 v20 v21 v22 v23 v24',
      values,
    );
    neverWrong(report, values);
    expect(report.cells['T4.review.upheld']!.status).toBe('ambiguous');
    expect(report.cells['T4.review.corrected']).toMatchObject({ value: 0, status: 'inferred' });
  });
});
