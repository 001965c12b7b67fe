import {
  type Block,
  type Diagnostic,
  describeKey,
  type Finding,
  type Report,
  type TableBlock,
} from '@xxgk/core';
import { formatNumber, keyComparator, statusOf } from './csv.js';
import { alignColumns, clip, formatPosition, oneLine, textWidth } from './display.js';
import type { SingleResult } from './single.js';

const value = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function labelOf(key: string): string {
  return describeKey(key)?.label ?? '';
}

/** A label cut from the row part, so the column (自然人, 总计…) always shows. */
export function shortLabel(key: string, max: number): string {
  const info = describeKey(key);
  if (!info) return '';
  if (textWidth(info.label) <= max) return info.label;
  const column = ` · ${info.column.label}`;
  return clip(info.label.slice(0, -column.length), Math.max(8, max - textWidth(column))) + column;
}

function headline(result: SingleResult): string[] {
  const lines = [result.file];
  const report = result.report;
  if (!report) return lines;
  const facts = [
    report.agency ?? 'agency unknown',
    report.year !== null ? String(report.year) : 'year unknown',
    `format ${report.format}`,
    result.kind === 'report' ? 'a normalized report' : `read by ${result.adapter}`,
  ];
  lines.push(`  ${facts.join(' · ')}`);
  if (report.title) lines.push(`  ${report.title}`);
  return lines;
}

/** What the report prints in a cell, in words: a number, a placeholder, a blank, or nothing at all. */
function printed(report: Report, key: string): string {
  const cell = report.cells[key];
  if (!cell) return 'absent';
  if (cell.value !== null) return `printed ${formatNumber(cell.value)}`;
  return cell.raw && cell.raw.trim() !== '' ? `printed “${oneLine(cell.raw)}” (no value)` : 'blank';
}

function findingLines(report: Report, finding: Finding): string[] {
  const lines = [`  ${finding.severity.padEnd(7)} ${finding.rule}  ${finding.message}`];
  const rows = finding.keys.map((key) => [key, labelOf(key), printed(report, key)]);
  lines.push(...alignColumns(rows).map((line) => `      ${line}`));
  if (finding.expected !== undefined || finding.actual !== undefined) {
    lines.push(`         expected ${value(finding.expected)}, printed ${value(finding.actual)}`);
  }
  return lines;
}

function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const where = formatPosition(d.position);
    const keys = d.keys?.length ? ` [${d.keys.join(' ')}]` : '';
    return `  ${d.severity.padEnd(7)} ${d.code}${where ? ` (${where})` : ''}: ${d.message}${keys}`;
  });
}

/** `xxgk check`: the findings with labels and values, then the reading diagnostics, apart. */
export function renderCheck(result: SingleResult): string {
  const lines = headline(result);
  const report = result.report;
  if (!report) {
    lines.push(`  ${result.status}: ${result.reason}`);
    return `${lines.join('\n')}\n`;
  }
  const count = (severity: string) => report.findings.filter((f) => f.severity === severity).length;
  lines.push(
    `  status ${statusOf(report.findings)}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`,
  );
  if (result.previous) lines.push(`  previous year: ${result.previous}`);
  lines.push('', `Findings (${report.findings.length}) — problems of the report`);
  if (report.findings.length === 0) lines.push('  none');
  for (const finding of report.findings) lines.push(...findingLines(report, finding));
  const diagnostics = report.source.diagnostics;
  lines.push('', `Reading diagnostics (${diagnostics.length}) — problems of reading it`);
  if (diagnostics.length === 0) lines.push('  none');
  lines.push(...diagnosticLines(diagnostics));
  return `${lines.join('\n')}\n`;
}

/** A table's grid as aligned text; `<` and `^` mark slots a merged cell spans into. */
export function renderGrid(table: TableBlock, maxCell = 16): string[] {
  const rows = table.rows.map((row, r) =>
    row.map((cell, c) => {
      if (cell.spanOf) return cell.spanOf[0] === r ? '<' : cell.spanOf[1] === c ? '^' : '<^';
      const text = clip(oneLine(cell.text.trim()), maxCell);
      return text === '' ? '·' : text;
    }),
  );
  const width = Math.max(0, ...rows.map((row) => row.length));
  for (const row of rows) while (row.length < width) row.push('');
  return alignColumns(rows, { separator: ' │ ' }).map((line, r) => `${String(r).padStart(3)}│ ${line}`);
}

function blockLines(block: Block, index: number, tableIndex: number, full: boolean): string[] {
  const where = formatPosition(block.position);
  switch (block.type) {
    case 'heading':
      return [`#${index} heading${block.level ? ` h${block.level}` : ''} (${where}): ${oneLine(block.text)}`];
    case 'paragraph':
      return [
        `#${index} paragraph (${where}): ${full ? oneLine(block.text) : clip(oneLine(block.text), 72)}`,
      ];
    case 'table': {
      const columns = Math.max(0, ...block.rows.map((row) => row.length));
      return [
        `#${index} table ${tableIndex} (${where}; ${block.rows.length}×${columns}; empty cells ${block.emptyCells})`,
        ...renderGrid(block, full ? 40 : 16).map((line) => `    ${line}`),
      ];
    }
  }
}

const TABLE_TITLES: Record<string, string> = {
  T2: 'T2 主动公开政府信息情况',
  T3: 'T3 收到和处理政府信息公开申请情况',
  T4: 'T4 政府信息公开行政复议、行政诉讼情况',
};

/** `xxgk inspect`: what the adapter read, then what normalize made of it, cell by cell with sources. */
export function renderInspect(result: SingleResult, options: { full?: boolean } = {}): string {
  const lines = headline(result);
  lines.push(`  ${result.bytes ?? '?'} bytes, sha256 ${result.sha256?.slice(0, 16) ?? '?'}…`);
  if (result.status !== 'read') lines.push(`  ${result.status}: ${result.reason}`);
  const document = result.document;
  if (document) {
    const metadata = Object.entries(document.metadata).filter(([, v]) => v !== undefined);
    if (metadata.length > 0)
      lines.push(`  metadata: ${metadata.map(([k, v]) => `${k}=${clip(oneLine(v!), 60)}`).join(', ')}`);
    lines.push('', `Blocks (${document.blocks.length}) — what the ${result.adapter} adapter read`);
    let tableIndex = 0;
    document.blocks.forEach((block, index) => {
      lines.push(...blockLines(block, index, tableIndex, options.full ?? false).map((line) => `  ${line}`));
      if (block.type === 'table') tableIndex++;
    });
  }
  const report = result.report;
  if (report) {
    lines.push('', `Report: ${report.agency ?? '?'} ${report.year ?? '?'}, format ${report.format}`);
    const headings = Object.entries(report.source.headings).map(
      ([id, at]) => `${id} ${at ? formatPosition(at) || 'found' : 'missing'}`,
    );
    lines.push(`  sections: ${headings.join(' · ')}`);
    const keys = Object.keys(report.cells).sort(keyComparator(report.format));
    for (const table of ['T2', 'T3', 'T4']) {
      const own = keys.filter((key) => key.startsWith(`${table}.`));
      lines.push('', `${TABLE_TITLES[table]} (${own.length} cells)`);
      if (own.length === 0) {
        lines.push('  no cells');
        continue;
      }
      const rows = [['key', 'label', 'value', 'raw', 'status', 'source']];
      for (const key of own) {
        const cell = report.cells[key]!;
        let status = cell.status;
        if (cell.inferred) status += ` (inferred ${value(cell.inferred.value)}: ${cell.inferred.reason})`;
        if (cell.readings) status += ` readings ${cell.readings.map((r) => r.join('/')).join(' | ')}`;
        rows.push([
          key,
          shortLabel(key, 40),
          value(cell.value),
          cell.raw === null ? '' : clip(oneLine(cell.raw), 16),
          status,
          formatPosition(report.source.cells[key]),
        ]);
      }
      lines.push(...alignColumns(rows, { right: [2] }).map((line) => `  ${line}`));
    }
    lines.push('', `Findings (${report.findings.length})`);
    for (const finding of report.findings) lines.push(...findingLines(report, finding));
    lines.push('', `Reading diagnostics (${report.source.diagnostics.length})`);
    lines.push(...diagnosticLines(report.source.diagnostics));
  }
  return `${lines.join('\n')}\n`;
}
