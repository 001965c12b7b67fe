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
  for (const file of ['index.js', 'index.cjs']) {
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
