import type { Finding } from '../schema.js';
import type { Rule } from './types.js';

const NOTICE = { '2019': '国办公开办函〔2019〕60号', '2021': '国办公开办函〔2021〕30号' } as const;

/** The layout does not fit the year: 2019/2020 reports use the 2019 format, later ones the 2021 format. */
export const formatYear: Rule = {
  id: 'format-year',
  severity: 'warning',
  description:
    'The layout does not match the year: 2019 and 2020 reports use the 2019 format, 2021 and later the 2021 format.',
  check({ report }) {
    const { year, format } = report;
    if (year === null || (format !== '2021' && format !== '2019')) return [];
    let expected: '2019' | '2021';
    if (year === 2019 || year === 2020) expected = '2019';
    else if (year >= 2021) expected = '2021';
    else return [];
    if (format === expected) return [];
    const finding: Finding = {
      rule: 'format-year',
      severity: 'warning',
      message:
        `${year} 年度报告采用了 ${format} 年版表格格式（${NOTICE[format]}），` +
        `该年度应采用 ${expected} 年版格式（${NOTICE[expected]}）`,
      keys: [],
    };
    return [finding];
  },
};
