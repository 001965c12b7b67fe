import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicStream } from './files.js';

const big = new Uint8Array(300 * 1024).fill(0x41);

describe('AtomicStream', () => {
  it('writes every batch, in order, and the file appears only on commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-files-'));
    try {
      const stream = new AtomicStream(join(dir, 'out.csv'));
      await stream.write('head\r\n');
      for (let i = 0; i < 3; i++) await stream.write(big);
      await stream.write('tail\r\n');
      expect(existsSync(join(dir, 'out.csv'))).toBe(false);
      await stream.commit();
      const text = readFileSync(join(dir, 'out.csv'), 'latin1');
      expect(text.length).toBe(6 + 3 * big.length + 6);
      expect(text.startsWith('head\r\nAAA')).toBe(true);
      expect(text.endsWith('AAAtail\r\n')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a file that cannot be written instead of waiting for it forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-files-'));
    const stream = new AtomicStream(join(dir, 'out.csv'));
    // The folder goes before the temp file is opened: the stream fails with ENOENT.
    rmSync(dir, { recursive: true, force: true });
    // Rows still in the batch when the failure lands: committing must report it, not wait for a drain.
    await stream.write('row\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(stream.commit()).rejects.toThrow(/ENOENT/);
  });
});
