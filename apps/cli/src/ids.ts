import { createHash } from 'node:crypto';

/** Room for `reports/`, `.json` and a temp suffix under the usual 255-byte file name limit. */
const MAX_ID_BYTES = 150;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cut at a code point boundary so no surrogate half is left. */
function truncateBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/**
 * A file-name-safe id from a relative path: the last extension dropped (the convention of the gold files,
 * `text/pingtan-2021.txt` → `text__pingtan-2021`), `/` as `__`, anything but letters, digits, marks, `.`,
 * `-` and `_` as `_`. Chinese characters stay. Never starts with a dot, so it can never be `..`.
 */
export function baseId(file: string): string {
  const withoutExtension = file.replace(/\.[^./]{1,10}$/, '');
  let id = withoutExtension
    .normalize('NFC')
    .split('/')
    .map((part) => part.replace(/[^\p{L}\p{N}\p{M}._-]/gu, '_'))
    .join('__');
  id = id.replace(/^\./, '_').replace(/[. ]$/, '_');
  if (id === '') id = '_';
  if (WINDOWS_RESERVED.test(id)) id = `_${id}`;
  if (utf8Length(id) > MAX_ID_BYTES) id = `${truncateBytes(id, MAX_ID_BYTES - 9)}-${shortHash(file)}`;
  return id;
}

/**
 * Ids for files given in sorted order, unique even on a case-insensitive, normalization-insensitive file
 * system: the first of colliding files keeps the plain id, the others get a hash of their path.
 */
export function assignIds(files: readonly string[]): string[] {
  const taken = new Set<string>();
  const fold = (id: string) => id.normalize('NFC').toLowerCase();
  return files.map((file) => {
    let id = baseId(file);
    if (taken.has(fold(id))) {
      const stem = truncateBytes(id, MAX_ID_BYTES - 9);
      id = `${stem}-${shortHash(file)}`;
      for (let n = 2; taken.has(fold(id)); n++) id = `${stem}-${shortHash(file)}-${n}`;
    }
    taken.add(fold(id));
    return id;
  });
}
