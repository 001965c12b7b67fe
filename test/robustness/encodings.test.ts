/**
 * Every real text and HTML input re-encoded (GBK, Big5, UTF-16 LE and BE with and without BOM, UTF-8
 * with BOM) is still read — not merely refused cleanly — and normalizes to the same report format.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ENCODINGS } from './encodings.js';
import { reencode, seeds } from './inputs.js';
import { Isolate, verdict } from './isolate.js';

const isolate = new Isolate();
afterAll(() => isolate.close());
const all = (await seeds()).filter((s) => s.adapter !== 'xlsx' && s.name.startsWith('corpus:'));

describe('real inputs in every encoding', () => {
  for (const seed of all) {
    it(seed.name, async () => {
      const original = await isolate.run({ kind: 'read', adapter: seed.adapter, bytes: seed.bytes });
      expect(original.outcome).toBe('report');
      for (const encoding of ENCODINGS) {
        // Big5 has no simplified characters: the text becomes mostly `?`, the format is lost.
        const bytes = reencode(seed.bytes, encoding);
        const outcome = await isolate.run({ kind: 'read', adapter: seed.adapter, bytes });
        expect(verdict(outcome, bytes.byteLength)).toBeUndefined();
        expect([encoding, outcome.outcome]).toEqual([encoding, 'report']);
        if (encoding !== 'big5') expect([encoding, outcome.format]).toEqual([encoding, original.format]);
      }
    });
  }
});
