/** The six section headings, found in the folded stream wherever the rendering put them. */
import type { SectionId } from '../schema.js';
import { CELL_SEPARATOR, foldedEndToText, foldedToText, type Stream } from './stream.js';

export interface HeadingHit {
  id: SectionId;
  /** Folded [start, end). */
  start: number;
  end: number;
}

/**
 * Heading patterns on folded text (no spaces, half-width punctuation). The numeral is required: the
 * same words occur unnumbered in introductions (「本报告包括总体情况、主动公开政府信息情况…」), and 「四、」
 * also opens the T3 row 四、结转下年度继续办理.
 */
const HEADINGS: Array<{ id: SectionId; pattern: RegExp }> = [
  { id: 'overview', pattern: /一[、.,]?(?:\(?一\)?)?总体情况/g },
  { id: 'proactive', pattern: /二[、.,]?(?:行政机关)?主动公开(?:政府)?信息(?:的)?(?:情况|工作情况)/g },
  { id: 'requests', pattern: /三[、.,]?收到和处理政府信息公开(?:的)?申请(?:的)?情况/g },
  {
    id: 'reviews',
    pattern:
      /四[、.,]?(?:因)?政府信息公开[^。\n]{0,16}?(?:行政复议)[^。\n]{0,12}?(?:行政诉讼|诉讼)(?:的)?情况/g,
  },
  {
    id: 'problems',
    pattern: /五[、.,]?[^。\n]{0,16}?存在(?:的)?主要问题(?:及|和|与)(?:其)?改进(?:情况|措施)/g,
  },
  { id: 'other', pattern: /六[、.,]?其他需要报告的事项/g },
];

/** Find the headings in order: each after the previous one found. */
export function findHeadings(stream: Stream): HeadingHit[] {
  const hits: HeadingHit[] = [];
  let from = 0;
  for (const { id, pattern } of HEADINGS) {
    pattern.lastIndex = from;
    const match = pattern.exec(stream.folded);
    if (!match) continue;
    hits.push({ id, start: match.index, end: match.index + match[0].length });
    from = match.index + match[0].length;
  }
  return hits;
}

/** The narrative text between a heading and the next one, as printed (whitespace tidied). */
export function sectionText(stream: Stream, hits: HeadingHit[], id: SectionId): string | null {
  const index = hits.findIndex((hit) => hit.id === id);
  if (index < 0) return null;
  const start = foldedEndToText(stream, hits[index]!.end);
  const next = hits[index + 1];
  const end = next ? foldedToText(stream, next.start) : stream.text.length;
  // Line by line: a regex over runs of spaces before a line break backtracks quadratically.
  const lines: string[] = [];
  for (const line of stream.text.slice(start, end).split(CELL_SEPARATOR).join(' ').split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed !== '') lines.push(trimmed);
  }
  const text = lines.join('\n').trim();
  return text === '' ? null : text;
}
