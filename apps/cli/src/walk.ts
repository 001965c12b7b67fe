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
  /** Real paths of folders never to enter (the output folder, when it sits among the inputs). */
  exclude?: readonly string[];
}

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Every input under the arguments, in a stable order. Folders are walked in name order; dotfiles and
 * `node_modules` are skipped; symbolic links are followed, but each real folder and file is taken once,
 * which is also what stops a link loop. A broken link is kept as an input so it is reported, not lost.
 */
export async function collectInputs(args: readonly string[], options: WalkOptions = {}): Promise<Input[]> {
  const excluded = new Set(options.exclude ?? []);
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const inputs: Input[] = [];

  const addFile = async (abs: string, file: string) => {
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      inputs.push({ abs, file });
      return;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    inputs.push({ abs, file });
  };

  const walk = async (dir: string, root: string) => {
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
    entries.sort(byName);
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const abs = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(abs);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          isFile = true;
        }
      }
      if (isDir) await walk(abs, root);
      else if (isFile) await addFile(abs, toPosix(relative(root, abs)));
    }
  };

  for (const arg of args) {
    const abs = resolve(arg);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(abs);
    } catch {
      throw new InputError(`no such file or folder: ${arg}`);
    }
    if (info.isDirectory()) await walk(abs, abs);
    else await addFile(abs, basename(abs));
  }

  // Several arguments may give the same relative path; those fall back to the path from here.
  const counts = new Map<string, number>();
  for (const input of inputs) counts.set(input.file, (counts.get(input.file) ?? 0) + 1);
  for (const input of inputs) {
    if (counts.get(input.file)! > 1) input.file = toPosix(relative(process.cwd(), input.abs));
  }
  inputs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return inputs;
}
