/**
 * The synthetic generator is TypeScript (test/synthetic); scripts run it from a bundle esbuild writes to
 * test/node_modules/.cache/xxgk/ (ignored by git and biome). Packages stay external: they resolve to the
 * workspace's built dist.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundle test/synthetic/index.ts and import it. */
export async function loadSynthetic() {
  const outfile = join(here, '..', 'node_modules', '.cache', 'xxgk', 'synthetic.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(here, '..', 'synthetic', 'index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}
