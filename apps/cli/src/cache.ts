import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic, writeAtomicSync } from './files.js';

/** What made a cached report: when any of it changes, the input is read again. */
export interface CacheEntry {
  sha256: string;
  /** xxgk, core and adapter versions. */
  toolchain: string;
  /** Fingerprint of the `--previous` reports, '' without. */
  previous: string;
  id: string;
  /** The `--previous` report the carryover rule was given, so a reused report still counts as matched. */
  previousReport?: string;
}

interface CacheFile {
  cacheVersion: 1;
  entries: Record<string, CacheEntry>;
}

/** `<out>/.cache/index.json`: relative path → what its report in `reports/` was made from. */
export class Cache {
  readonly path: string;
  entries: Map<string, CacheEntry>;

  private constructor(path: string, entries: Map<string, CacheEntry>) {
    this.path = path;
    this.entries = entries;
  }

  static async open(out: string): Promise<Cache> {
    const path = join(out, '.cache', 'index.json');
    const entries = new Map<string, CacheEntry>();
    try {
      const data = JSON.parse(await readFile(path, 'utf8')) as CacheFile;
      if (data.cacheVersion === 1 && data.entries && typeof data.entries === 'object') {
        for (const [file, entry] of Object.entries(data.entries)) entries.set(file, entry);
      }
    } catch {
      // no cache yet, or one this version cannot trust: everything is read
    }
    return new Cache(path, entries);
  }

  private serialize(): string {
    // No prototype: an input named __proto__ is a key like any other.
    const entries: Record<string, CacheEntry> = Object.create(null);
    for (const file of [...this.entries.keys()].sort()) entries[file] = this.entries.get(file)!;
    return `${JSON.stringify({ cacheVersion: 1, entries } satisfies CacheFile)}\n`;
  }

  save(): Promise<void> {
    return writeAtomic(this.path, this.serialize());
  }

  /** For a signal handler, which cannot wait. */
  saveSync(): void {
    writeAtomicSync(this.path, this.serialize());
  }
}
