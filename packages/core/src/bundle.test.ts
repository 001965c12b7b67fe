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
  for (const file of ['index.js', 'index.cjs', 'layouts.js', 'layouts.cjs', 'engine.js', 'engine.cjs']) {
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

/** The file and every chunk it loads, as text: the entries of both builds share chunks with index. */
function withChunks(file: string): [string, string][] {
  const text = (name: string) =>
    readFileSync(fileURLToPath(new URL(`../dist/${name}`, import.meta.url)), 'utf8');
  const found = new Map<string, string>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    const code = text(name);
    found.set(name, code);
    for (const [, chunk] of code.matchAll(/(?:from |require\()["']\.\/(chunk-[\w-]+\.c?js)["']/g))
      visit(chunk!);
  };
  visit(file);
  return [...found];
}

// The built files, as a program importing the package gets them (`typecheck` may run before the build).
const built = (file: string) => import(new URL(`../dist/${file}`, import.meta.url).href);

describe('@xxgk/core/layouts', () => {
  it('gives the layouts the package gives, without loading zod', async () => {
    const layouts = (await built('layouts.js')) as typeof import('./layouts.js');
    const core = (await built('index.js')) as typeof import('./index.js');
    expect(layouts.formatKeys('2021')).toEqual(core.formatKeys('2021'));
    expect(layouts.formatKeys('2019')).toHaveLength(198);
    for (const file of ['layouts.js', 'layouts.cjs']) {
      for (const [name, code] of withChunks(file)) expect(code, name).not.toMatch(/["']zod/);
    }
  });
});

describe('@xxgk/core/engine', () => {
  it('gives every export of the package but the zod schemas, the same objects, without loading zod', async () => {
    const engine = (await built('engine.js')) as Record<string, unknown>;
    const core = (await built('index.js')) as Record<string, unknown>;
    const schemaOnly = Object.keys(core).filter((name) => !(name in engine));
    expect(schemaOnly.sort()).toEqual(
      Object.keys(core)
        .filter((name) => /Schema$/.test(name))
        .sort(),
    );
    for (const name of Object.keys(engine)) expect(engine[name], name).toBe(core[name]);
    for (const file of ['engine.js', 'engine.cjs']) {
      for (const [name, code] of withChunks(file)) expect(code, name).not.toMatch(/["']zod/);
    }
  });

  it('shares one AdapterError class with the package in the CommonJS build too', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const cjs = (file: string) => require(fileURLToPath(new URL(`../dist/${file}`, import.meta.url)));
    expect(cjs('engine.cjs').AdapterError).toBe(cjs('index.cjs').AdapterError);
  });
});
