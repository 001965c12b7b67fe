/**
 * Re-encoding text as the wrong (or another) encoding: GBK and Big5 encoders built from the platform's
 * decoders (every two-byte sequence decoded once), UTF-16 in both byte orders, with and without BOM.
 * Characters an encoding lacks become `?`, as a careless converter would write them.
 */

export type Encoding =
  | 'utf-8'
  | 'utf-8-bom'
  | 'gbk'
  | 'big5'
  | 'utf-16le'
  | 'utf-16le-bom'
  | 'utf-16be'
  | 'utf-16be-bom';

export const ENCODINGS: readonly Encoding[] = [
  'utf-8',
  'utf-8-bom',
  'gbk',
  'big5',
  'utf-16le',
  'utf-16le-bom',
  'utf-16be',
  'utf-16be-bom',
];

const tables = new Map<string, Map<number, number>>();

/** Code unit → two-byte sequence, from the decoder of `label`. */
function doubleByteTable(label: 'gbk' | 'big5'): Map<number, number> {
  let table = tables.get(label);
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder(label);
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      pair[0] = lead;
      pair[1] = trail;
      const text = decoder.decode(pair);
      if (text.length !== 1 || text === '\ufffd') continue;
      const code = text.charCodeAt(0);
      if (!table.has(code)) table.set(code, (lead << 8) | trail);
    }
  }
  tables.set(label, table);
  return table;
}

function encodeDoubleByte(text: string, label: 'gbk' | 'big5'): Uint8Array {
  const table = doubleByteTable(label);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const bytes = table.get(code);
    if (bytes === undefined) out.push(0x3f);
    else out.push(bytes >> 8, bytes & 0xff);
  }
  return Uint8Array.from(out);
}

function encodeUtf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const units = (bom ? '\ufeff' : '') + text;
  const out = new Uint8Array(units.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), littleEndian);
  return out;
}

export function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\ufeff${text}`);
    case 'gbk':
    case 'big5':
      return encodeDoubleByte(text, encoding);
    case 'utf-16le':
      return encodeUtf16(text, true, false);
    case 'utf-16le-bom':
      return encodeUtf16(text, true, true);
    case 'utf-16be':
      return encodeUtf16(text, false, false);
    case 'utf-16be-bom':
      return encodeUtf16(text, false, true);
  }
}
