import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'stream',
  'buffer',
  'url',
  'util',
];

describe('the built bundle runs outside Node', () => {
  for (const file of ['index.js', 'index.cjs', 'layouts.js', 'layouts.cjs']) {
    it(`${file} imports nothing from node:* or Node built-ins`, () => {
      const code = readFileSync(fileURLToPath(new URL(`../dist/${file}`, import.meta.url)), 'utf8');
      expect(code).not.toMatch(/["']node:/);
      for (const name of NODE_BUILTINS) {
        expect(code).not.toMatch(new RegExp(`(?:require\\(|from )["']${name}["']`));
      }
      expect(code).not.toMatch(/\bprocess\.(?:env|cwd|argv)\b/);
      expect(code).not.toMatch(/\bBuffer\./);
    });
  }
});

describe('@xxgk/core/layouts', () => {
  it('gives the layouts the package gives, without loading zod', async () => {
    // The built files, as a program importing the package gets them (`typecheck` may run before the build).
    const built = (file: string) => import(new URL(`../dist/${file}`, import.meta.url).href);
    const layouts = (await built('layouts.js')) as typeof import('./layouts.js');
    const core = (await built('index.js')) as typeof import('./index.js');
    expect(layouts.formatKeys('2021')).toEqual(core.formatKeys('2021'));
    expect(layouts.formatKeys('2019')).toHaveLength(198);
    for (const file of ['layouts.js', 'layouts.cjs']) {
      const code = readFileSync(fileURLToPath(new URL(`../dist/${file}`, import.meta.url)), 'utf8');
      expect(code, file).not.toMatch(/["']zod/);
      // The ESM build shares a chunk with index.js: that chunk must not load zod either.
      for (const [, chunk] of code.matchAll(/from ["']\.\/(chunk-[\w-]+\.js)["']/g)) {
        const shared = readFileSync(fileURLToPath(new URL(`../dist/${chunk}`, import.meta.url)), 'utf8');
        expect(shared, chunk).not.toMatch(/["']zod/);
      }
    }
  });
});
