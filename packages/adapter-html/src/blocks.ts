import type { Block, Diagnostic, Limits, SourcePosition } from '@xxgk/core/engine';
import type { PageScan, Stats } from './article.js';
import {
  ANNOTATION,
  boldInside,
  boldWith,
  type DomNode,
  depthOf,
  elementFlags,
  HIDDEN,
  headingLevel,
  isBlock,
  isElement,
  isSkipped,
  spanAttribute,
} from './dom.js';
import { type CellBudget, resolveGrid, type SourceCell, type SourceRow } from './grid.js';
import { type LineIndex, TextBuffer } from './text.js';

export interface BlockReaderOptions {
  lines: LineIndex;
  /**
   * The page scan: its statistics, and which elements it walked. Hidden elements are read when the scan
   * took them in (`includeHidden`: the page keeps its only copy of the text hidden).
   */
  scan: PageScan;
  limits: Limits;
  budget: CellBudget;
  diagnostics: Diagnostic[];
  /** Leave out navigation, share buttons and other page furniture inside the container. */
  skipFurniture: boolean;
}

/** The {@link elementFlags} of an element: from the scan when it walked the element. */
function flagsOf(node: DomNode, stats: Map<DomNode, Stats>): number {
  const s = stats.get(node);
  return s === undefined ? elementFlags(node) : s.flags;
}

/** Skipped: never text ({@link isSkippedElement}), or hidden where hidden elements are not read. */
function skips(name: string, flags: number, includeHidden: boolean): boolean {
  return isSkipped(name) || (flags & ANNOTATION) !== 0 || (!includeHidden && (flags & HIDDEN) !== 0);
}

interface Frame {
  node: DomNode;
  index: number;
  bold: boolean;
  pre: boolean;
  /** Level of the heading element the frame is in, 0 outside headings. */
  heading: number;
  /** Deeper than `limits.maxDepth`: elements no longer structure the text. */
  flat: boolean;
  block: boolean;
  depth: number;
}

/** A wholly bold line up to this long reads as a heading (`<p><strong>一、总体情况</strong></p>`). */
const BOLD_HEADING_MAX = 60;
/** A cell with more text than this is a page column, not a table cell. */
const LAYOUT_CELL_TEXT = 500;

const ZERO_HEIGHT = /(?:^|;)\s*height\s*:\s*0(?:\.0*)?[a-z]*\s*(?:;|$)/i;

interface RowRef {
  tr: DomNode;
  group: number;
  /** Hidden itself or by a row group around it. */
  hidden: boolean;
}

/** Turns the elements under a container into blocks in reading order. */
export class BlockReader {
  readonly blocks: Block[] = [];
  private readonly buffer = new TextBuffer();
  /** Start offset of the innermost open block element, for the block its text will make. */
  private pending = -1;
  private tableCount = 0;
  private readonly tableKeys = new Set<string>();
  private flattened = false;

  constructor(private readonly options: BlockReaderOptions) {}

  read(container: DomNode): Block[] {
    const { scan, limits, skipFurniture } = this.options;
    const { stats } = scan;
    const base = depthOf(container);
    const stack: Frame[] = [
      {
        ...inheritedContext(container),
        node: container,
        index: 0,
        flat: base > limits.maxDepth,
        block: true,
        depth: base,
      },
    ];
    this.pending = container.startIndex ?? -1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const children = frame.node.children ?? [];
      if (frame.index >= children.length) {
        stack.pop();
        if (frame.block) {
          this.flush(frame.heading);
          this.pending = -1;
        }
        continue;
      }
      const child = children[frame.index++]!;
      if (child.type === 'text') {
        this.addText(child, frame);
        continue;
      }
      if (!isElement(child)) continue;
      const name = child.name!;
      // The scan walked the same elements this walk reads, from the same root and with the same tests and
      // `includeHidden`: an element of a walked element that it left out is skipped or hidden.
      const s = stats.get(child);
      if (s === undefined || (skipFurniture && s.furniture)) continue;
      const depth = frame.depth + 1;
      const flat = frame.flat || depth > limits.maxDepth;
      if (flat && !this.flattened) this.reportFlattening(child);
      if (name === 'br') {
        this.buffer.lineBreak();
        continue;
      }
      if (!flat && name === 'table') {
        const rows = this.dataTableRows(child, s);
        if (rows) {
          this.flush(frame.heading);
          this.table(child, rows);
          this.pending = -1;
          continue;
        }
      }
      const block = !flat && isBlock(name);
      if (block) {
        this.flush(frame.heading);
        this.pending = child.startIndex ?? -1;
      } else if (flat && isBlock(name)) {
        this.buffer.add(' ', false, child.startIndex ?? 0);
      }
      const level = headingLevel(name);
      stack.push({
        node: child,
        index: 0,
        bold: boldWith(s.flags, name, frame.bold),
        pre: frame.pre || name === 'pre',
        heading: block && level > 0 ? level : frame.heading,
        flat,
        block,
        depth,
      });
    }
    this.flush(0);
    return this.blocks;
  }

  private reportFlattening(node: DomNode): void {
    this.flattened = true;
    this.options.diagnostics.push({
      code: 'nesting-flattened',
      severity: 'warning',
      message: `elements nest deeper than ${this.options.limits.maxDepth} levels; deeper elements are read as plain text`,
      position: this.position(node.startIndex),
    });
  }

  private position(offset: number | null): SourcePosition {
    return this.options.lines.position(offset ?? 0);
  }

  private addText(node: DomNode, frame: Frame): void {
    const data = node.data ?? '';
    const offset = this.pending >= 0 ? this.pending : (node.startIndex ?? 0);
    if (!frame.pre) {
      this.buffer.add(data, frame.bold, offset);
      return;
    }
    const lines = data.split(/\r\n|\r|\n/);
    lines.forEach((line, i) => {
      if (i > 0) this.buffer.lineBreak();
      this.buffer.add(line, frame.bold, offset);
    });
  }

  private flush(heading: number): void {
    const buffer = this.buffer;
    if (buffer.empty) {
      buffer.reset();
      return;
    }
    const text = buffer.text();
    if (text !== '') {
      const position = this.position(buffer.start);
      if (heading > 0) {
        this.blocks.push({ type: 'heading', text, level: heading, position });
      } else if (
        buffer.boldChars === buffer.chars &&
        text.length <= BOLD_HEADING_MAX &&
        !text.includes('\n')
      ) {
        this.blocks.push({ type: 'heading', text, position });
      } else {
        this.blocks.push({ type: 'paragraph', text, position });
      }
    }
    buffer.reset();
  }

  /**
   * The rows of a data table, or nothing for a table that lays out the page rather than holding data: it
   * holds other tables, it is a single box, or a cell holds a whole column of prose. A layout table's
   * cells are read as containers of blocks.
   */
  private dataTableRows(table: DomNode, s: Stats): ReturnType<typeof collectRows> | undefined {
    const { stats } = this.options.scan;
    if (s.tables > 1) return undefined;
    const collected = collectRows(table, stats);
    let cells = 0;
    for (const { tr } of collected.rows) {
      for (const cell of tr.children ?? []) {
        if (cell.name !== 'td' && cell.name !== 'th') continue;
        cells++;
        const c = stats.get(cell);
        if (c && c.text > LAYOUT_CELL_TEXT) return undefined;
      }
    }
    return cells <= 1 ? undefined : collected;
  }

  private table(table: DomNode, { caption, rows }: ReturnType<typeof collectRows>): void {
    const { scan, lines, budget, diagnostics } = this.options;
    const { stats, includeHidden } = scan;
    const source: SourceRow[] = [];
    // Spacer tables hold no data.
    let data = false;
    for (const { tr, group, hidden: rowHidden } of rows) {
      const style = tr.attribs?.style;
      const collapsed =
        tr.attribs?.height?.trim() === '0' || (style !== undefined && ZERO_HEIGHT.test(style));
      const cells: SourceCell[] = [];
      for (const cell of tr.children ?? []) {
        if (cell.name !== 'td' && cell.name !== 'th') continue;
        const hidden = rowHidden || (flagsOf(cell, stats) & HIDDEN) !== 0;
        const text = cellText(cell, includeHidden || hidden, stats);
        if (text !== '') data = true;
        cells.push({
          text,
          rowSpan: spanAttribute(cell, 'rowspan', 1),
          colSpan: spanAttribute(cell, 'colspan', 1),
          hidden,
          position: lines.position(cell.startIndex ?? 0),
        });
      }
      source.push({ cells, group, collapsed, position: lines.position(tr.startIndex ?? 0) });
    }
    if (!data) return;

    const gridDiagnostics: Diagnostic[] = [];
    const grid = resolveGrid(source, this.tableCount, budget, gridDiagnostics);
    const position = { ...lines.position(table.startIndex ?? 0), table: this.tableCount };
    const key = grid.map((row) => row.map((cell) => cell.text).join('\u001f')).join('\u001e');
    if (this.tableKeys.has(key)) {
      diagnostics.push({
        code: 'table-duplicate',
        severity: 'info',
        message: 'a table repeats an earlier one cell for cell (e.g. a print version); read once',
        position: lines.position(table.startIndex ?? 0),
      });
      return;
    }
    this.tableKeys.add(key);
    diagnostics.push(...gridDiagnostics);
    if (caption) {
      const text = cellText(caption, includeHidden, stats);
      if (text !== '') {
        this.blocks.push({ type: 'paragraph', text, position: lines.position(caption.startIndex ?? 0) });
      }
    }
    this.blocks.push({ type: 'table', rows: grid, emptyCells: 'blank', position });
    this.tableCount++;
  }
}

/** Bold, preformatted and heading state that a container inherits from the elements around it. */
function inheritedContext(container: DomNode): { bold: boolean; pre: boolean; heading: number } {
  const chain: DomNode[] = [];
  for (let node: DomNode | null = container; node; node = node.parent) if (node.name) chain.push(node);
  let bold = false;
  let pre = false;
  let heading = 0;
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i]!;
    bold = boldInside(node, bold);
    if (node.name === 'pre') pre = true;
    heading = headingLevel(node.name!) || heading;
  }
  return { bold, pre, heading };
}

/**
 * The rows of a table in display order (`<thead>` first, `<tfoot>` last), without those of nested
 * tables, and its caption. Rows wrapped in stray elements (`<form>` inside a table) are found too.
 * `stats` (from the page scan) saves reading the style of the elements it holds again.
 */
export function collectRows(
  table: DomNode,
  stats: Map<DomNode, Stats>,
): { caption?: DomNode; rows: RowRef[] } {
  const head: RowRef[] = [];
  const body: RowRef[] = [];
  const foot: RowRef[] = [];
  let caption: DomNode | undefined;
  let groups = 0;
  const stack: Array<[DomNode, RowRef[], number, boolean]> = [];
  const pushChildren = (node: DomNode, section: RowRef[], group: number, hidden: boolean) => {
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, section, group, hidden]);
  };
  pushChildren(table, body, 0, false);
  while (stack.length > 0) {
    const [node, section, group, outerHidden] = stack.pop()!;
    if (!isElement(node)) continue;
    const name = node.name!;
    const flags = flagsOf(node, stats);
    const hidden = outerHidden || (flags & HIDDEN) !== 0;
    if (name === 'tr') section.push({ tr: node, group, hidden });
    else if (name === 'caption') caption ??= node;
    else if (name === 'thead') pushChildren(node, head, ++groups, hidden);
    else if (name === 'tbody') pushChildren(node, body, ++groups, hidden);
    else if (name === 'tfoot') pushChildren(node, foot, ++groups, hidden);
    else if (
      name !== 'table' &&
      name !== 'colgroup' &&
      name !== 'col' &&
      !isSkipped(name) &&
      (flags & ANNOTATION) === 0
    ) {
      pushChildren(node, section, group, hidden);
    }
  }
  return { ...(caption ? { caption } : {}), rows: [...head, ...body, ...foot] };
}

/**
 * The text of a cell (or caption): blocks inside it (`<p>`, `<div>`, `<br>`) become line breaks.
 * `stats` (from the page scan) saves reading the style of the elements it holds again.
 */
export function cellText(cell: DomNode, includeHidden: boolean, stats: Map<DomNode, Stats>): string {
  const buffer = new TextBuffer();
  const stack: Array<{ node: DomNode; index: number }> = [{ node: cell, index: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const children = frame.node.children ?? [];
    if (frame.index >= children.length) {
      stack.pop();
      if (frame.node.name && isBlock(frame.node.name)) buffer.softBreak();
      continue;
    }
    const child = children[frame.index++]!;
    if (child.type === 'text') {
      buffer.add(child.data ?? '', false, 0);
      continue;
    }
    if (!isElement(child)) continue;
    const name = child.name!;
    if (skips(name, flagsOf(child, stats), includeHidden)) continue;
    if (name === 'br') {
      buffer.lineBreak();
      continue;
    }
    if (isBlock(name)) buffer.softBreak();
    stack.push({ node: child, index: 0 });
  }
  return buffer.text();
}
