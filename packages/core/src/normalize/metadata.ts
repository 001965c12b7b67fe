/** Title, agency and year: from the printed title, then the 统计期限 sentence, then the container. */
import type { Diagnostic, DocumentMetadata } from '../document.js';
import { toSimplified } from '../labels.js';
import type { Stream } from './stream.js';

export interface Metadata {
  title: string | null;
  agency: string | null;
  year: number | null;
}

/** `<agency><year>年(度)…年度报告` — the agency is what stands right before the year. */
const AGENCY_FIRST =
  /(\d{4})\s*年\s*(?:度\s*)?(?:[\u4e00-\u9fa5（）()]{0,30}?)?(?:政府|政务)?\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*)?(?:报\s*告|年\s*报)/g;
/** `<year>年<agency>政府信息公开工作年度报告` (上海 style). */
const YEAR_FIRST =
  /(\d{4})\s*年\s*(?:度\s*)?([\u4e00-\u9fa5（）()]{2,30}?)\s*(?:政府|政务)\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?\n?\s*(?:年\s*度\s*)?报\s*告/g;
const PERIOD = /统计(?:期限|周期|时限|时间)[^。\n]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日/;

/** Characters that end an agency name when scanning back from the year. */
function isNameChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return (code >= 0x4e00 && code <= 0x9fff) || ch === '（' || ch === '）';
}

/** Known misreadings of place names in OCR'd reports: a name that exists nowhere, and the one meant. */
const PLACE_MISREADINGS: Array<[string, string]> = [['沐阳县', '沭阳县']];

const JUNK_PREFIXES = ['当前位置', '首页', '正文', '标题'];

function cleanAgency(name: string): string | null {
  let agency = name.replace(/\s+/g, '');
  for (const junk of JUNK_PREFIXES) if (agency.startsWith(junk)) agency = agency.slice(junk.length);
  agency = agency.replace(/^[：:，,、]+/, '');
  if (agency.length < 2 || agency.length > 40) return null;
  return agency;
}

export function readMetadata(
  stream: Stream,
  headEnd: number,
  container: DocumentMetadata,
  diagnostics: Diagnostic[],
): Metadata {
  const head = stream.text.slice(0, Math.min(headEnd, 4000));
  const found = findTitle(head) ?? (container.title ? findTitle(container.title.slice(0, 300)) : undefined);
  let year = found?.year ?? null;
  if (year === null) {
    const period = PERIOD.exec(stream.text.slice(0, 20000));
    if (period) year = Number(period[1]);
  }
  let agency = found?.agency ?? null;
  if (agency) agency = qualifyAgency(agency, head, diagnostics);
  if (agency) {
    for (const [wrong, right] of PLACE_MISREADINGS) {
      if (agency.includes(wrong)) {
        diagnostics.push({
          code: 'agency-misreading',
          severity: 'info',
          message: `机关名称印为「${agency}」，「${wrong}」应为「${right}」（识别错误），已按「${right}」记录`,
        });
        agency = agency.replace(wrong, right);
      }
    }
  }
  if (!found) {
    diagnostics.push({
      code: 'title-not-found',
      severity: 'warning',
      message: '未找到报告标题（机关名称与年度）',
    });
  }
  return { title: found?.title ?? null, agency, year };
}

interface TitleHit {
  title: string;
  agency: string | null;
  year: number;
}

function findTitle(text: string): TitleHit | undefined {
  const simplified = toSimplified(text);
  AGENCY_FIRST.lastIndex = 0;
  for (let match = AGENCY_FIRST.exec(simplified); match; match = AGENCY_FIRST.exec(simplified)) {
    const year = Number(match[1]);
    if (year < 2000 || year > 2100) continue;
    // A year standing after a space may open a year-first title (「… 年报 2021年临江市生态环境局…」):
    // then the words before the space are breadcrumbs, not the agency.
    const spaced = match.index > 0 && /\s/.test(simplified[match.index - 1]!);
    if (spaced) {
      const yearFirst = matchYearFirst(simplified, match.index, text);
      if (yearFirst) return yearFirst;
    }
    // Scan back from the year over the agency's name, skipping the spaces before the year.
    let i = match.index;
    while (i > 0 && /\s/.test(simplified[i - 1]!)) i--;
    const nameEnd = i;
    while (i > 0 && isNameChar(simplified[i - 1]!)) i--;
    const agency = cleanAgency(simplified.slice(i, nameEnd));
    if (agency) {
      return {
        title: `${text.slice(i, match.index + match[0].length).replace(/\s*\n\s*/g, '')}`,
        agency,
        year,
      };
    }
    if (!spaced) {
      const yearFirst = matchYearFirst(simplified, match.index, text);
      if (yearFirst) return yearFirst;
    }
  }
  return undefined;
}

function matchYearFirst(simplified: string, at: number, text: string): TitleHit | undefined {
  YEAR_FIRST.lastIndex = at;
  const match = YEAR_FIRST.exec(simplified);
  if (!match || match.index !== at) return undefined;
  const agency = cleanAgency(match[2]!);
  if (!agency) return undefined;
  return {
    title: text.slice(at, at + match[0].length).replace(/\s*\n\s*/g, ''),
    agency,
    year: Number(match[1]),
  };
}

/**
 * A title may print a district's name without its city (「洪泽区人民政府」) while the text names the body in
 * full (「淮安市洪泽区人民政府办公室」): use the full name when the text gives exactly one.
 */
function qualifyAgency(agency: string, head: string, diagnostics: Diagnostic[]): string {
  if (!/^[\u4e00-\u9fa5]{1,6}[区县]人民政府$/.test(agency)) return agency;
  const compact = head.replace(/\s+/g, '');
  const prefixes = new Set<string>();
  let from = 0;
  for (let at = compact.indexOf(agency, from); at >= 0; at = compact.indexOf(agency, from)) {
    from = at + agency.length;
    const before = compact.slice(Math.max(0, at - 3), at);
    if (before.length === 3 && before.endsWith('市') && /^[\u4e00-\u9fa5]{2}市$/.test(before))
      prefixes.add(before);
  }
  if (prefixes.size !== 1) return agency;
  const [prefix] = [...prefixes];
  diagnostics.push({
    code: 'agency-qualified',
    severity: 'info',
    message: `标题印为「${agency}」，正文称「${prefix}${agency}」，按全称记录`,
  });
  return `${prefix}${agency}`;
}
