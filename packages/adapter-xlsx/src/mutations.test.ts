/**
 * Our readers against SheetJS on damaged workbooks: a real or generated workbook with one to three
 * small edits to one of its XML parts (a character inserted, a few deleted, a tag repeated, a letter's case
 * changed). Each mutant must come out the same all three ways: the same document, or the same refusal.
 * The edits are chosen to sit on what tells the readers' XML from SheetJS's regular expressions:
 * white space of every kind, entities and escapes, quotes, prefixes, comments and CDATA.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { random, sameOutcome } from '../test/readers.js';
import { type ZipInput, zip } from '../test/zip.js';
import { inflateEntry, latin1, readCentralDirectory } from './zip.js';

const fixtures = join(import.meta.dirname, '../test/fixtures/libreoffice');
const BASES = [
  'huaian-2024.xlsx',
  'pingtan-2023.xlsx',
  'shanghai-office-2019.xlsx',
  'generated-r000007.xlsx',
];

const INSERTS = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u3000',
  '\u00a0',
  '&',
  '&amp;',
  '&lt;',
  '&#65;',
  '&#x41;',
  '&AMP;',
  '_x0041_',
  '<',
  '>',
  '/',
  '"',
  "'",
  '=',
  ':',
  'x:',
  '_',
  '<!-- c -->',
  '<![CDATA[x]]>',
  '<x/>',
  '</x>',
  ' r="B2"',
  ' s="1"',
  ' t="s"',
  ' hidden="1"',
  '0',
  '9',
  '-',
  '.',
  'e',
  'A',
  '\r',
  '\f',
  '\u2028',
  ' xml:space="preserve"',
  ' xmlns:x="urn:x"',
  '<t>',
  '</t>',
  '<r>',
  '</r>',
  '<si>',
  '</si>',
  '<v>',
  '</v>',
  '<f>1</f>',
  ' r:id="rId1"',
  ' state="hidden"',
  '<row r="1"/>',
  '<c r="A1"/>',
  '<mergeCell ref="A1:B2"/>',
  '<col min="1" max="2" hidden="1"/>',
];

function unzip(bytes: Uint8Array): ZipInput[] {
  return readCentralDirectory(bytes).map((entry) => ({
    name: latin1(entry.rawName),
    data: inflateEntry(bytes, entry),
  }));
}

const decoder = new TextDecoder();

/** One edit to `text`, at a place and of a kind drawn from `seed`. */
function mutate(text: string, rand: ReturnType<typeof random>): string {
  const at = rand.below(text.length + 1);
  switch (rand.below(4)) {
    case 0:
      return text.slice(0, at) + rand.pick(INSERTS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + rand.below(8));
    case 2: {
      const lt = text.lastIndexOf('<', at);
      const gt = text.indexOf('>', lt);
      if (lt < 0 || gt < 0) return `${text} `;
      return text.slice(0, gt + 1) + text.slice(lt, gt + 1) + text.slice(gt + 1);
    }
    default: {
      const c = text[at] ?? 'a';
      const flipped = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
      return text.slice(0, at) + flipped + text.slice(at + 1);
    }
  }
}

function edits(text: string, rand: ReturnType<typeof random>): string {
  let out = text;
  for (let n = 1 + rand.below(3); n > 0; n--) out = mutate(out, rand);
  return out;
}

const bases = BASES.map((name) => unzip(new Uint8Array(readFileSync(join(fixtures, name)))));

/** The workbook `seed` draws: a base, one of its XML parts, one to three edits. */
export function mutant(seed: number, only = /\.(xml|rels)$/i): { bytes: Uint8Array; what: string } {
  const rand = random(seed);
  const base = rand.pick(bases);
  const xml = base.filter((p) => only.test(p.name));
  const part = rand.pick(xml);
  const parts = base.map((p) =>
    p === part ? { ...p, data: edits(decoder.decode(p.data as Uint8Array), rand) } : p,
  );
  return { bytes: zip(parts), what: `seed ${seed}: ${part.name}` };
}

describe('our readers and SheetJS agree on damaged workbooks', () => {
  it('250 workbooks with one to three edits each come out the same all three ways', () => {
    for (let seed = 1; seed <= 250; seed++) {
      const { bytes, what } = mutant(seed);
      try {
        sameOutcome(bytes);
      } catch (error) {
        throw new Error(`${what}: ${(error as Error).message.slice(0, 2000)}`);
      }
    }
  }, 60_000);

  it('100 workbooks with damaged styles come out the same (SheetJS alone may refuse a styles part)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { bytes, what } = mutant(seed, /styles\.xml$/i);
      try {
        sameOutcome(bytes);
      } catch (error) {
        throw new Error(`${what}: ${(error as Error).message.slice(0, 2000)}`);
      }
    }
  }, 60_000);
});
