import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The tests run the built binary: build it once (turbo builds the packages it depends on first). */
export default function setup(): void {
  for (const dependency of ['core', 'adapter-text', 'adapter-html', 'adapter-xlsx']) {
    const dist = join(cli, '..', '..', 'packages', dependency, 'dist', 'index.js');
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build first`);
  }
  const build = spawnSync('npx', ['tsup', '--silent'], { cwd: cli, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the CLI failed:\n${build.stdout}\n${build.stderr}`);
}
