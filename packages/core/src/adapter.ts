import type { SourceDocument } from './document.js';

/** The version of the adapter contract this core speaks. Bumped on a breaking change of the contract. */
export const ADAPTER_SPECIFICATION_VERSION = 'xxgk-adapter-v1' as const;

/** Bounds every adapter enforces, so one hostile file cannot exhaust a batch. */
export interface Limits {
  /** Largest input accepted, in bytes. */
  maxInputBytes: number;
  /** Largest total of decompressed bytes (zip containers such as .xlsx). */
  maxUncompressedBytes: number;
  /** Most table cells read from one input. */
  maxCells: number;
  /** Deepest element nesting read (markup formats). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxInputBytes: 50 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  // A report has a few hundred cells. Reading a workbook takes about 0.85 KB of memory per cell at its
  // peak (SheetJS's cells, then the blocks, then normalize): about 0.5 GB at this limit, 1.7 GB at the
  // 2,000,000 it was.
  maxCells: 500_000,
  maxDepth: 512,
});

export function resolveLimits(limits?: Partial<Limits>): Limits {
  return { ...DEFAULT_LIMITS, ...limits };
}

export interface ReadOptions {
  /** The input's file name, a hint only (the bytes decide). */
  fileName?: string;
  /** Force a text encoding instead of detecting it (`utf-8`, `gb18030`, `big5`…). */
  encoding?: string;
  limits?: Partial<Limits>;
}

/**
 * The contract of an input format. An adapter turns bytes into a {@link SourceDocument}; it never
 * interprets report content. Problems it can work around are `diagnostics` in the document; an input it
 * cannot read at all makes `read` throw an {@link AdapterError} with a specific `code`.
 */
export interface Adapter {
  readonly specificationVersion: typeof ADAPTER_SPECIFICATION_VERSION;
  /** Short unique name, e.g. `text`, `html`, `xlsx`. */
  readonly name: string;
  /** File extensions this adapter claims, lower case without the dot. A hint for choosing an adapter. */
  readonly extensions: readonly string[];
  readonly mediaTypes: readonly string[];
  /**
   * How sure the adapter is, from the first bytes (at least 4 KiB when the file is that long), that it
   * can read the input: 0 (not mine) to 1 (certainly mine). Must be cheap and never throw.
   */
  sniff(head: Uint8Array, hint?: { fileName?: string }): number;
  read(bytes: Uint8Array, options?: ReadOptions): SourceDocument | Promise<SourceDocument>;
}

export type AdapterErrorCode =
  | 'too-large'
  | 'decompression-limit'
  | 'too-many-cells'
  | 'too-deep'
  | 'unsupported'
  | 'corrupt'
  | 'encoding'
  | 'empty';

/** The one error an adapter throws: the input cannot be read at all. */
export class AdapterError extends Error {
  readonly code: AdapterErrorCode;
  constructor(code: AdapterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdapterError';
    this.code = code;
  }
}

export function isAdapter(value: unknown): value is Adapter {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Adapter>;
  return (
    candidate.specificationVersion === ADAPTER_SPECIFICATION_VERSION &&
    typeof candidate.name === 'string' &&
    Array.isArray(candidate.extensions) &&
    typeof candidate.sniff === 'function' &&
    typeof candidate.read === 'function'
  );
}

/** Throws `too-large` when the input exceeds the byte limit. Adapters call it first. */
export function assertInputSize(bytes: Uint8Array, limits: Limits): void {
  if (bytes.byteLength > limits.maxInputBytes) {
    throw new AdapterError(
      'too-large',
      `input is ${bytes.byteLength} bytes, over the limit of ${limits.maxInputBytes} bytes`,
    );
  }
}
