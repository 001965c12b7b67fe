import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Adapter } from '@xxgk/core';

/** The adapters xxgk ships, by package and export name. Order breaks the last ties. */
const BUILT_IN = [
  {
    module: '@xxgk/adapter-text',
    export: 'textAdapter',
    name: 'text',
    extensions: ['txt', 'text', 'md', 'markdown'],
  },
  {
    module: '@xxgk/adapter-html',
    export: 'htmlAdapter',
    name: 'html',
    extensions: ['html', 'htm', 'shtml', 'jhtml', 'xhtml'],
  },
  { module: '@xxgk/adapter-xlsx', export: 'xlsxAdapter', name: 'xlsx', extensions: ['xlsx', 'xlsm', 'xls'] },
] as const;

/** An adapter as the outputs and the cache name it: what it is, not the code that reads. */
export interface AdapterDescription {
  name: string;
  extensions: readonly string[];
  origin: string;
  version: string | null;
  external: boolean;
}

export interface AdapterCatalog {
  adapters: AdapterDescription[];
  unavailable: UnavailableAdapter[];
}

export function describeSet(set: AdapterSet): AdapterCatalog {
  return {
    adapters: set.adapters.map((loaded) => ({
      name: loaded.adapter.name,
      extensions: [...loaded.adapter.extensions],
      origin: loaded.origin,
      version: loaded.version,
      external: loaded.external,
    })),
    unavailable: set.unavailable,
  };
}

/**
 * The adapters a run will use, without loading the built-in ones: when worker threads read, only they
 * need the adapters' code, and loading it in the main thread too cost some 45 MB of its memory. The
 * `--adapter` modules are loaded, to refuse a bad one before any work. A test holds the built-ins'
 * names and extensions here equal to the adapters' own.
 */
export async function adapterCatalog(modules: readonly string[] = []): Promise<AdapterCatalog> {
  if (modules.length > 0) return describeSet(await loadAdapters(modules));
  const adapters: AdapterDescription[] = [];
  const unavailable: UnavailableAdapter[] = [];
  for (const entry of BUILT_IN) {
    let entryPoint: string | undefined;
    try {
      entryPoint = fileURLToPath(import.meta.resolve(entry.module));
    } catch {
      entryPoint = undefined;
    }
    if (!entryPoint || !existsSync(entryPoint)) {
      unavailable.push({ origin: entry.module, reason: 'not installed or not built' });
      continue;
    }
    adapters.push({
      name: entry.name,
      extensions: [...entry.extensions],
      origin: entry.module,
      version: packageVersion(entry.module, requireHere),
      external: false,
    });
  }
  return { adapters, unavailable };
}

export interface LoadedAdapter {
  adapter: Adapter;
  /** Where it came from: a package name or the module given to `--adapter`. */
  origin: string;
  /** Version of the package that provides it, when known. */
  version: string | null;
  /** Given with `--adapter`: wins ties against the built-in ones. */
  external: boolean;
}

export interface UnavailableAdapter {
  origin: string;
  reason: string;
}

export interface AdapterSet {
  adapters: LoadedAdapter[];
  unavailable: UnavailableAdapter[];
}

/** A user error in `--adapter`: fatal, exit code 2. */
export class AdapterModuleError extends Error {
  override name = 'AdapterModuleError';
}

const requireHere = createRequire(import.meta.url);

function packageVersion(name: string, require: NodeJS.Require): string | null {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/**
 * Turn an `--adapter` argument into something `import()` resolves from the user's folder, not from
 * ours: a path becomes a file URL, a package name is resolved from the working directory.
 */
export function resolveAdapterModule(specifier: string, cwd = process.cwd()): string {
  if (specifier.startsWith('file:')) return specifier;
  if (specifier.startsWith('.') || isAbsolute(specifier) || /\.[cm]?js$/.test(specifier)) {
    return pathToFileURL(resolve(cwd, specifier)).href;
  }
  try {
    return pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(specifier)).href;
  } catch {
    // An ESM-only package has no `require` entry; let import() find it, from our own node_modules.
    return specifier;
  }
}

type AdapterTest = (value: unknown) => value is Adapter;

/**
 * Core's contract check, loaded with the adapters: the main thread of a batch in worker threads lists
 * the adapters without loading them (adapterCatalog), and so does without core; no thread needs zod.
 */
async function adapterTest(): Promise<AdapterTest> {
  return (await import('@xxgk/core/engine')).isAdapter;
}

/** Every export of a module that passes `isAdapter`, the default export first. */
function adaptersOf(namespace: Record<string, unknown>, isAdapter: AdapterTest): Adapter[] {
  const found: Adapter[] = [];
  const consider = (value: unknown) => {
    if (isAdapter(value) && !found.includes(value)) found.push(value);
  };
  consider(namespace.default);
  if (namespace.default && typeof namespace.default === 'object') {
    for (const value of Object.values(namespace.default)) consider(value);
  }
  for (const [name, value] of Object.entries(namespace)) if (name !== 'default') consider(value);
  return found;
}

/**
 * Load the built-in adapters and the `--adapter` modules (already resolved with
 * {@link resolveAdapterModule}). A built-in package that is missing or not built yet is reported as
 * unavailable rather than stopping the tool; a bad `--adapter` module is fatal.
 */
export async function loadAdapters(modules: readonly string[] = []): Promise<AdapterSet> {
  const adapters: LoadedAdapter[] = [];
  const unavailable: UnavailableAdapter[] = [];
  const isAdapter = await adapterTest();
  for (const entry of BUILT_IN) {
    try {
      const namespace = (await import(entry.module)) as Record<string, unknown>;
      const adapter = namespace[entry.export];
      if (!isAdapter(adapter)) {
        unavailable.push({ origin: entry.module, reason: `${entry.module} does not export ${entry.export}` });
        continue;
      }
      adapters.push({
        adapter,
        origin: entry.module,
        version: packageVersion(entry.module, requireHere),
        external: false,
      });
    } catch (error) {
      const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
      unavailable.push({
        origin: entry.module,
        reason: missing ? 'not installed or not built' : errorMessage(error),
      });
    }
  }
  for (const specifier of modules) {
    const shown = specifier.startsWith('file:') ? fileURLToPath(specifier) : specifier;
    let namespace: Record<string, unknown>;
    try {
      namespace = (await import(specifier)) as Record<string, unknown>;
    } catch (error) {
      throw new AdapterModuleError(`cannot load adapter module ${shown}: ${errorMessage(error)}`);
    }
    const found = adaptersOf(namespace, isAdapter);
    if (found.length === 0) {
      throw new AdapterModuleError(
        `${shown} exports no adapter (nothing passes isAdapter: specificationVersion, name, extensions, sniff, read)`,
      );
    }
    for (const adapter of found) {
      // One name, one adapter: an external adapter replaces the built-in one it is named after.
      const same = adapters.findIndex((loaded) => loaded.adapter.name === adapter.name);
      if (same >= 0) adapters.splice(same, 1);
      const declared = (adapter as unknown as { version?: unknown }).version;
      const version = typeof declared === 'string' ? declared : null;
      adapters.push({ adapter, origin: shown, version, external: true });
    }
  }
  return { adapters, unavailable };
}

export interface Choice {
  adapter: LoadedAdapter;
  score: number;
  /** Chosen by the file's extension alone, no adapter recognising the content. */
  byExtension: boolean;
}

export function extensionOf(fileName: string): string {
  const match = /\.([^./\\]+)$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : '';
}

/**
 * The adapter for a file: the highest sniff score; on a tie an `--adapter` one, then one claiming the
 * extension, then registry order. When nothing recognises the content but an adapter claims the
 * extension, that adapter gets to try, so a corrupt `.xlsx` fails with the xlsx adapter's reason
 * instead of being skipped as unknown.
 */
export function chooseAdapter(
  adapters: readonly LoadedAdapter[],
  head: Uint8Array,
  fileName: string,
): Choice | null {
  const extension = extensionOf(fileName);
  let best: Choice | null = null;
  let bestRank: [number, number, number] = [0, 0, 0];
  for (const loaded of adapters) {
    let score = 0;
    try {
      score = loaded.adapter.sniff(head, { fileName });
    } catch {
      score = 0;
    }
    if (!(score > 0)) continue;
    const rank: [number, number, number] = [
      score,
      loaded.external ? 1 : 0,
      loaded.adapter.extensions.includes(extension) ? 1 : 0,
    ];
    if (
      !best ||
      rank[0] > bestRank[0] ||
      (rank[0] === bestRank[0] &&
        (rank[1] > bestRank[1] || (rank[1] === bestRank[1] && rank[2] > bestRank[2])))
    ) {
      best = { adapter: loaded, score, byExtension: false };
      bestRank = rank;
    }
  }
  if (best || extension === '') return best;
  const claimed =
    adapters.find((loaded) => loaded.external && loaded.adapter.extensions.includes(extension)) ??
    adapters.find((loaded) => loaded.adapter.extensions.includes(extension));
  return claimed ? { adapter: claimed, score: 0, byExtension: true } : null;
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/** Why no adapter took a file, in words a user can act on. */
export function skipReason(head: Uint8Array, fileName: string, size: number): string {
  const extension = extensionOf(fileName);
  if (size === 0) return 'the file is empty';
  if (startsWith(head, PDF_MAGIC) || extension === 'pdf') {
    return 'PDF input is not supported yet; convert with pdftotext (pdftotext -layout file.pdf)';
  }
  if (['doc', 'docx', 'wps', 'rtf'].includes(extension)) {
    return `Word documents (.${extension}) are not supported; save as HTML or plain text`;
  }
  if (['jpg', 'jpeg', 'png', 'gif', 'tif', 'tiff', 'bmp', 'webp'].includes(extension)) {
    return 'images are not supported; run OCR first';
  }
  return `no adapter recognises this file${extension ? ` (.${extension})` : ''}`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
