import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';

export interface Input {
  abs: string;
  /** Path relative to the folder given, `/`-separated: the `file` column. */
  file: string;
}

/** An input argument that does not exist: a usage error. */
export class InputError extends Error {
  override name = 'InputError';
}

export interface WalkOptions {
  /** Real paths of folders and files never to take (our own outputs, when --out sits among the inputs). */
  exclude?: readonly string[];
  /** Stop once this many inputs are found: enough to tell a small batch from a large one, at little cost. */
  limit?: number;
}

/** What `normalize` writes into `--out`: never an input, when --out sits among the inputs. */
const OWN_OUTPUTS = ['reports', '.cache', 'reports.csv', 'cells.csv', 'findings.csv', 'summary.json'];

/** The real paths of our outputs in an output folder, given by its real path. */
export function ownOutputPaths(outReal: string): string[] {
  return OWN_OUTPUTS.map((name) => join(outReal, name));
}

/** A folder's own documentation, not a report (examples/README.md); a file given by name is still read. */
const DOCUMENTATION = /^(readme|license|licence|changelog)(\.(md|markdown|txt|rst))?$/i;

/** An xxgk output folder: its cache and its reports.csv. */
function isOutputFolder(entries: readonly Dirent[]): boolean {
  let cache = false;
  let reports = false;
  for (const entry of entries) {
    if (entry.name === '.cache' && entry.isDirectory()) cache = true;
    else if (entry.name === 'reports.csv') reports = true;
  }
  return cache && reports;
}

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Every input under the arguments, in a stable order. Folders are walked in name order; dotfiles,
 * `node_modules` and README/LICENSE/CHANGELOG files are skipped; symbolic links are followed, but each real folder and file is taken once,
 * which is also what stops a link loop. A file or folder reached both directly and through a link is
 * named by its direct path: links are walked after everything else. A broken link is kept as an input,
 * so it is reported rather than lost.
 */
export async function collectInputs(args: readonly string[], options: WalkOptions = {}): Promise<Input[]> {
  const excluded = new Set(options.exclude ?? []);
  const seenDirs = new Set<string>();
  const byReal = new Map<string, Input & { viaLink: boolean }>();
  const broken: Input[] = [];
  const linkedDirs: { abs: string; root: string }[] = [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const enough = () => byReal.size + broken.length >= limit;

  const addFile = async (abs: string, file: string, viaLink: boolean) => {
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      broken.push({ abs, file });
      return;
    }
    if (excluded.has(real)) return;
    const known = byReal.get(real);
    if (!known || (known.viaLink && !viaLink)) byReal.set(real, { abs, file, viaLink });
  };

  const walk = async (dir: string, root: string, viaLink: boolean) => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real) || excluded.has(real)) return;
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // Another run's output folder (say out-2023/ beside the reports) holds our JSON, not reports.
    if (dir !== root && isOutputFolder(entries)) return;
    entries.sort(byName);
    for (const entry of entries) {
      if (enough()) return;
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || DOCUMENTATION.test(entry.name))
        continue;
      const abs = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let target: Awaited<ReturnType<typeof stat>> | undefined;
        try {
          target = await stat(abs);
        } catch {
          target = undefined;
        }
        if (target?.isDirectory()) linkedDirs.push({ abs, root });
        else if (!target || target.isFile()) await addFile(abs, toPosix(relative(root, abs)), true);
      } else if (entry.isDirectory()) {
        await walk(abs, root, viaLink);
      } else if (entry.isFile()) {
        await addFile(abs, toPosix(relative(root, abs)), viaLink);
      }
    }
  };

  for (const arg of args) {
    if (enough()) break;
    const abs = resolve(arg);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(abs);
    } catch {
      throw new InputError(`no such file or folder: ${arg}`);
    }
    if (info.isDirectory()) await walk(abs, abs, false);
    else if (info.isFile()) await addFile(abs, basename(abs), false);
    else throw new InputError(`not a file or folder: ${arg}`);
  }
  // Linked folders last, so what is reachable directly keeps its direct path.
  for (let i = 0; i < linkedDirs.length && !enough(); i++) {
    const { abs, root } = linkedDirs[i]!;
    await walk(abs, root, true);
  }

  const inputs: Input[] = [...[...byReal.values()].map(({ abs, file }) => ({ abs, file })), ...broken];
  // Several arguments may give the same relative path; those fall back to the path from here.
  const counts = new Map<string, number>();
  for (const input of inputs) counts.set(input.file, (counts.get(input.file) ?? 0) + 1);
  for (const input of inputs) {
    if (counts.get(input.file)! > 1) input.file = toPosix(relative(process.cwd(), input.abs));
  }
  inputs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return inputs;
}
