import { SECTION_HEADINGS } from '../layouts.js';
import type { Finding } from '../schema.js';
import { officialFormat } from './cells.js';
import type { Rule } from './types.js';

const MESSAGES = SECTION_HEADINGS.map((h) => ({
  id: h.id,
  message: `未找到第${h.numeral}部分标题「${h.numeral}、${h.label}」`,
}));

/** One of the six headings every 2019/2021-format report has is missing. */
export const sectionMissing: Rule = {
  id: 'section-missing',
  severity: 'warning',
  description: 'One of the six section headings (一 总体情况 … 六 其他需要报告的事项) is absent.',
  check({ report }) {
    if (officialFormat(report) === undefined) return [];
    const findings: Finding[] = [];
    for (const { id, message } of MESSAGES) {
      if (report.source.headings[id] != null) continue;
      findings.push({ rule: 'section-missing', severity: 'warning', message, keys: [] });
    }
    return findings;
  },
};
