/**
 * The document model: what an adapter makes of a file's bytes, before anything is known about reports.
 * Adapters know formats (HTML, text, workbooks); core knows reports. This model is the line between them.
 */

/** Where a piece of a document came from. Adapters fill what their format has. */
export interface SourcePosition {
  /** 1-based line in the decoded text. */
  line?: number;
  /** 1-based column (in UTF-16 code units) on that line. */
  column?: number;
  /** 0-based character offset in the decoded text. */
  offset?: number;
  /** 1-based page, where the format has pages (PDF-extracted text with page footers). */
  page?: number;
  /** Worksheet name. */
  sheet?: string;
  /** A1-style cell reference inside `sheet`. */
  cell?: string;
  /** 0-based index of the table among the document's tables. */
  table?: number;
  /** 0-based grid row and column inside `table`. */
  row?: number;
  col?: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem met while reading or interpreting a document (not a problem of the report itself: those are
 * findings). Returned as data so one odd table never aborts a batch.
 */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `table-row-unmatched`, `encoding-guessed`. */
  code: string;
  severity: Severity;
  message: string;
  position?: SourcePosition;
  /** Cell keys this diagnostic is about, where it is about cells. */
  keys?: string[];
}

export interface HeadingBlock {
  type: 'heading';
  text: string;
  /** 1 for the top level, as far as the format tells (Markdown `#`, `<h1>`). */
  level?: number;
  position: SourcePosition;
}

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
  position: SourcePosition;
}

export interface TableCell {
  /** The cell's text with inner line breaks kept as `\n`. */
  text: string;
  rowSpan: number;
  colSpan: number;
  /**
   * Set on the grid slots that a merged cell covers but does not start in: `[row, col]` of the cell that
   * owns the slot. The slot repeats the owner's text so a grid can be read without resolving spans again.
   */
  spanOf?: [number, number];
  /** The source hides this cell (hidden row, column or element). It is still read. */
  hidden?: boolean;
  position: SourcePosition;
}

export interface TableBlock {
  type: 'table';
  /** A grid: every row has one slot per column it covers, merged cells resolved (see `spanOf`). */
  rows: TableCell[][];
  /**
   * Whether an empty cell is a real blank cell of the source (`blank`: HTML, spreadsheets) or may be an
   * artifact of the rendering, such as a colspan turned into empty pipes (`unreliable`: text renderings).
   */
  emptyCells: 'blank' | 'unreliable';
  position: SourcePosition;
}

export type Block = HeadingBlock | ParagraphBlock | TableBlock;

export interface DocumentMetadata {
  /** A title the container states (HTML `<title>`, workbook properties), not the printed title line. */
  title?: string;
  author?: string;
  /** Anything else an adapter found worth keeping (e.g. the encoding it decoded with). */
  [key: string]: string | undefined;
}

/** What an adapter returns. */
export interface SourceDocument {
  /** The blocks in reading order. */
  blocks: Block[];
  metadata: DocumentMetadata;
  diagnostics: Diagnostic[];
  /** Media type of what was read, e.g. `text/plain`, `text/html`. */
  mediaType: string;
}
