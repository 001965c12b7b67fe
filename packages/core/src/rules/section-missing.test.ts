import { describe, expect, it } from 'vitest';
import { sectionMissing } from './section-missing.js';
import { buildReport, run, validReports } from './test-helpers.js';

describe('section-missing', () => {
  it.each(validReports())('is silent on a valid report: $name', ({ report, previous }) => {
    expect(run(sectionMissing, report, previous)).toEqual([]);
  });

  it('flags each heading that was not found, in report order', () => {
    const report = buildReport();
    report.source.headings.other = null;
    report.source.headings.overview = null;
    expect(run(sectionMissing, report)).toEqual([
      {
        rule: 'section-missing',
        severity: 'warning',
        message: '未找到第一部分标题「一、总体情况」',
        keys: [],
      },
      {
        rule: 'section-missing',
        severity: 'warning',
        message: '未找到第六部分标题「六、其他需要报告的事项」',
        keys: [],
      },
    ]);
  });

  it('flags a 2019-format report too', () => {
    const report = buildReport({ format: '2019' });
    report.source.headings.reviews = null;
    expect(run(sectionMissing, report).map((f) => f.message)).toEqual([
      '未找到第四部分标题「四、政府信息公开行政复议、行政诉讼情况」',
    ]);
  });

  it('says nothing on legacy and unknown formats, whose headings differ', () => {
    const legacy = buildReport({ format: 'legacy' });
    expect(Object.values(legacy.source.headings).every((h) => h === null)).toBe(true);
    expect(run(sectionMissing, legacy)).toEqual([]);
    expect(run(sectionMissing, buildReport({ format: 'unknown' }))).toEqual([]);
  });
});
