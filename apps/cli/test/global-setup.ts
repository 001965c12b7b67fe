import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestSource(): number {
  const src = join(cli, 'src');
  const times = readdirSync(src).map((name) => statSync(join(src, name)).mtimeMs);
  for (const file of ['package.json', 'tsup.config.ts']) times.push(statSync(join(cli, file)).mtimeMs);
  return Math.max(...times);
}

/**
 * The tests run the built binary. turbo builds it (and the packages it uses) before testing; a direct
 * `npx vitest run` builds it here when the sources are newer than dist.
 */
export default function setup(): void {
  for (const dependency of ['core', 'adapter-text', 'adapter-html', 'adapter-xlsx']) {
    const dist = join(cli, '..', '..', 'packages', dependency, 'dist', 'index.js');
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build first`);
  }
  const built = join(cli, 'dist', 'cli.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return;
  const build = spawnSync('npx', ['tsup', '--silent'], { cwd: cli, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the CLI failed:\n${build.stdout}\n${build.stderr}`);
}
