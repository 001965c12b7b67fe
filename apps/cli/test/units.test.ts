import { describe, expect, it } from 'vitest';
import {
  adapterCatalog,
  chooseAdapter,
  describeSet,
  type LoadedAdapter,
  loadAdapters,
  skipReason,
} from '../src/adapters.js';
import { CELL_COLUMNS, csvField, csvRow, formatNumber } from '../src/csv.js';
import { textWidth } from '../src/display.js';
import { assignIds, baseId } from '../src/ids.js';
import { createWatch, markDone, markStart, overdue, SLOTS } from '../src/watchdog.js';
import { parseCsv } from './helpers.js';

describe('ids', () => {
  it('keep Chinese characters, drop the extension, turn / and unsafe characters into _', () => {
    expect(baseId('text/pingtan-2021.txt')).toBe('text__pingtan-2021');
    expect(baseId('江苏/淮安市 2023年报告.html')).toBe('江苏__淮安市_2023年报告');
    expect(baseId('a/b:c*d?.txt')).toBe('a__b_c_d_');
    expect(baseId('huaian-2024.layout.txt')).toBe('huaian-2024.layout');
  });

  it('never leave the reports folder', () => {
    for (const file of [
      '../../etc/passwd',
      '..',
      '.env',
      'a/../../b.txt',
      '/abs/path.txt',
      'con.txt',
      'x/NUL',
    ]) {
      const id = baseId(file);
      expect(id).not.toMatch(/^\./);
      expect(id).not.toContain('/');
      expect(id).not.toContain('\\');
      expect(id.toLowerCase()).not.toMatch(/^(con|nul)$/);
    }
  });

  it('are capped in bytes with a hash suffix, whole characters only', () => {
    const long = `${'很长的文件名'.repeat(40)}.txt`;
    const id = baseId(long);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(150);
    expect(id).toMatch(/-[0-9a-f]{8}$/);
    expect(id).not.toContain('\uFFFD');
    expect(baseId(`${'很长的文件名'.repeat(40)}2.txt`)).not.toBe(id);
  });

  it('are unique even when names collide, ignoring case', () => {
    const ids = assignIds(['a.txt', 'a.html', 'A.txt', 'a_b.txt', 'a/b.txt', 'a__b.txt']);
    expect(ids[0]).toBe('a');
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
    expect(assignIds(['a.txt', 'A.txt'])).toEqual(assignIds(['a.txt', 'A.txt']));
  });
});

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    // Formula injection: defused in the CSV only; numbers and lone placeholders stay as they are.
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12')).toBe('-12');
    expect(csvField('-')).toBe('-');
    expect(csvField(null)).toBe('');
    const row = csvRow(['一, 二', 'x"y', 12, null, 'a\r\nb']);
    expect(row.endsWith('\r\n')).toBe(true);
    expect(parseCsv(row)).toEqual([['一, 二', 'x"y', '12', '', 'a\r\nb']]);
  });

  it('prints numbers as printed, never with an exponent', () => {
    expect(formatNumber(25.1)).toBe('25.1');
    expect(formatNumber(-3)).toBe('-3');
    expect(formatNumber(1e21)).toBe('1000000000000000000000');
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(Number.NaN)).toBe('');
  });

  it('has one fixed column per cell key of both formats', () => {
    expect(new Set(CELL_COLUMNS).size).toBe(CELL_COLUMNS.length);
    expect(CELL_COLUMNS[0]).toBe('T2.regulations.issued');
    expect(CELL_COLUMNS).toContain('T2.procurement.amount');
    expect(CELL_COLUMNS).toContain('T3.otherHandling.noCorrection.naturalPerson');
    expect(CELL_COLUMNS).toContain('T3.otherHandling.naturalPerson');
  });
});

describe('choosing an adapter', () => {
  const fake = (name: string, extensions: string[], score: number, external = false): LoadedAdapter => ({
    adapter: {
      specificationVersion: 'xxgk-adapter-v1',
      name,
      extensions,
      mediaTypes: [],
      sniff: () => score,
      read: () => ({ blocks: [], metadata: {}, diagnostics: [], mediaType: 'x' }),
    },
    origin: name,
    version: null,
    external,
  });
  const head = new Uint8Array([1, 2, 3]);

  it('takes the highest sniff score, whatever the extension', () => {
    const choice = chooseAdapter([fake('text', ['txt'], 0.3), fake('html', ['html'], 0.9)], head, 'page.txt');
    expect(choice?.adapter.adapter.name).toBe('html');
  });

  it('breaks ties by --adapter first, then by extension', () => {
    const builtIns = [fake('a', ['txt'], 0.5), fake('b', ['md'], 0.5)];
    expect(chooseAdapter(builtIns, head, 'x.md')?.adapter.adapter.name).toBe('b');
    expect(chooseAdapter([...builtIns, fake('ext', [], 0.5, true)], head, 'x.md')?.adapter.adapter.name).toBe(
      'ext',
    );
  });

  it('lets the adapter of the extension try when no one recognises the content', () => {
    const choice = chooseAdapter([fake('xlsx', ['xlsx'], 0)], head, 'broken.XLSX');
    expect(choice).toMatchObject({ byExtension: true });
    expect(chooseAdapter([fake('xlsx', ['xlsx'], 0)], head, 'file.bin')).toBeNull();
  });

  it('survives a sniff that throws', () => {
    const broken = fake('broken', ['txt'], 1);
    broken.adapter.sniff = () => {
      throw new Error('boom');
    };
    expect(chooseAdapter([broken, fake('text', ['txt'], 0.3)], head, 'a.txt')?.adapter.adapter.name).toBe(
      'text',
    );
  });

  it('explains a skip in words a user can act on', () => {
    expect(skipReason(new TextEncoder().encode('%PDF-1.7'), 'report', 100)).toMatch(/pdftotext/);
    expect(skipReason(head, 'report.docx', 100)).toMatch(/Word/);
    expect(skipReason(head, 'x.bin', 100)).toBe('no adapter recognises this file (.bin)');
  });
});

describe('display width', () => {
  it('counts CJK characters as two columns', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('自然人')).toBe(6);
    expect(textWidth('（一）')).toBe(6);
  });
});

describe('watchdog', () => {
  it('reports a task that runs too long, once, and never an idle or finished one', () => {
    const { buffers } = createWatch();
    // The first and the last slot: a pool's threads and the unlimited re-read thread.
    const a = 0;
    const b = SLOTS - 1;
    markStart(buffers, a, 7);
    markStart(buffers, b, 8);
    markDone(buffers, b);
    const now = Date.now();
    expect(overdue(buffers, 60_000, now)).toEqual([]);
    expect(overdue(buffers, 1000, now + 5000)).toEqual([7]);
    expect(overdue(buffers, 1000, now + 5000)).toEqual([]);
  });
});

describe('adapterCatalog', () => {
  it('describes the built-in adapters exactly as loading them does, without loading them', async () => {
    const described = await adapterCatalog();
    expect(described.unavailable).toEqual([]);
    expect(described).toEqual(describeSet(await loadAdapters()));
  });
});
