import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  AdapterError,
  check,
  DEFAULT_LIMITS,
  normalize,
  type Report,
  reportSchema,
  type SourceDocument,
} from '@xxgk/core';
import { type AdapterSet, chooseAdapter, errorMessage, extensionOf, skipReason } from './adapters.js';
import { loadPrevious, matchPrevious } from './previous.js';
import { readPreviousReport } from './previous-report.js';

export interface SingleResult {
  file: string;
  /** Read as an input document, or taken as an already normalized report (`reports/<id>.json`). */
  kind: 'input' | 'report';
  status: 'read' | 'failed' | 'skipped';
  reason?: string;
  adapter?: string;
  bytes?: number;
  sha256?: string;
  document?: SourceDocument;
  report?: Report;
  previous?: string;
}

/** The report a JSON file holds, if it is one of ours. */
function asReport(bytes: Buffer): Report | null {
  try {
    const parsed = reportSchema.safeParse(JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Read one file the way `normalize` does, keeping the document for `inspect`. */
export async function readSingle(
  set: AdapterSet,
  path: string,
  options: { previous?: string } = {},
): Promise<SingleResult> {
  const abs = resolve(path);
  const file = basename(abs);
  let bytes: Buffer;
  try {
    const info = await stat(abs);
    if (!info.isFile()) return { file: path, kind: 'input', status: 'failed', reason: 'not a file' };
    if (info.size > DEFAULT_LIMITS.maxInputBytes) {
      return {
        file: path,
        kind: 'input',
        status: 'failed',
        reason: `input is ${info.size} bytes, over the limit (too-large)`,
      };
    }
    bytes = await readFile(abs);
  } catch (error) {
    return {
      file: path,
      kind: 'input',
      status: 'failed',
      reason: `cannot read the file: ${errorMessage(error)}`,
    };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const base = { file: path, bytes: bytes.byteLength, sha256 };

  const previousFor = async (report: Report) => {
    if (!options.previous) return { last: undefined, path: undefined };
    const index = await loadPrevious(resolve(options.previous));
    const match = matchPrevious(index, report.agency, report.year);
    const last = match ? readPreviousReport(match.path) : null;
    return { last: last ?? undefined, path: last ? match!.path : undefined };
  };

  if (extensionOf(file) === 'json') {
    const report = asReport(bytes);
    if (report) {
      const previous = await previousFor(report);
      report.findings = check(report, previous.last ? { previous: previous.last } : {});
      return {
        ...base,
        kind: 'report',
        status: 'read',
        report,
        ...(previous.path ? { previous: previous.path } : {}),
      };
    }
  }

  const head = bytes.subarray(0, 4096);
  const choice = chooseAdapter(set.adapters, head, file);
  if (!choice)
    return { ...base, kind: 'input', status: 'skipped', reason: skipReason(head, file, bytes.byteLength) };
  const adapter = choice.adapter.adapter;
  let document: SourceDocument;
  try {
    document = await adapter.read(bytes, { fileName: file });
  } catch (error) {
    const reason =
      error instanceof AdapterError
        ? `${error.message} (${error.code}, ${adapter.name} adapter)`
        : `the ${adapter.name} adapter crashed: ${errorMessage(error)}`;
    return { ...base, kind: 'input', status: 'failed', reason, adapter: adapter.name };
  }
  let report: Report;
  let previous: { path: string | undefined };
  try {
    report = normalize(document, { path: file, adapter: adapter.name, sha256, check: false });
    const found = await previousFor(report);
    previous = found;
    report.findings = check(report, found.last ? { previous: found.last } : {});
  } catch (error) {
    return {
      ...base,
      kind: 'input',
      status: 'failed',
      reason: `normalize crashed: ${errorMessage(error)}`,
      adapter: adapter.name,
      document,
    };
  }
  return {
    ...base,
    kind: 'input',
    status: 'read',
    adapter: adapter.name,
    document,
    report,
    ...(previous.path ? { previous: previous.path } : {}),
  };
}
