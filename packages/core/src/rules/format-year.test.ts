import { describe, expect, it } from 'vitest';
import { formatYear } from './format-year.js';
import { buildReport, run, validReports } from './test-helpers.js';

describe('format-year', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(formatYear, report, previous)).toEqual([]);
  });

  it('flags a 2021 or later report in the 2019 format (as 西安市阎良区机关事务服务中心 2021)', () => {
    expect(run(formatYear, buildReport({ format: '2019', year: 2021 }))).toEqual([
      {
        rule: 'format-year',
        severity: 'warning',
        message:
          '2021 年度报告采用了 2019 年版表格格式（国办公开办函〔2019〕60号），该年度应采用 2021 年版格式（国办公开办函〔2021〕30号）',
        keys: [],
      },
    ]);
    expect(run(formatYear, buildReport({ format: '2019', year: 2024 }))).toHaveLength(1);
  });

  it('flags a 2019 or 2020 report in the 2021 format', () => {
    for (const year of [2019, 2020]) {
      const findings = run(formatYear, buildReport({ format: '2021', year }));
      expect(findings.map((f) => f.message)).toEqual([
        `${year} 年度报告采用了 2021 年版表格格式（国办公开办函〔2021〕30号），该年度应采用 2019 年版格式（国办公开办函〔2019〕60号）`,
      ]);
    }
  });

  it('accepts the matching format and says nothing when year or format is unknown', () => {
    expect(run(formatYear, buildReport({ format: '2021', year: 2021 }))).toEqual([]);
    expect(run(formatYear, buildReport({ format: '2019', year: 2019 }))).toEqual([]);
    expect(run(formatYear, buildReport({ format: '2021', year: null }))).toEqual([]);
    expect(run(formatYear, buildReport({ format: 'legacy', year: 2022 }))).toEqual([]);
    expect(run(formatYear, buildReport({ format: 'unknown', year: 2020 }))).toEqual([]);
  });
});
