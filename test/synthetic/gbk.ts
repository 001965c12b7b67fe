/**
 * A GBK encoder built from the platform's own GBK decoder (WHATWG `gbk`, i.e. GB18030's two-byte part):
 * every two-byte sequence is decoded once and the table inverted. No dependency, and exactly the bytes
 * a GBK/GB2312 file of real reports holds.
 */
let table: Map<number, number> | undefined;

function buildTable(): Map<number, number> {
  const decoder = new TextDecoder('gbk');
  const map = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const text = decoder.decode(pair);
      if (text.length !== 1 || text === '\ufffd') continue;
      const code = text.charCodeAt(0);
      if (!map.has(code)) map.set(code, (lead << 8) | trail);
    }
  }
  return map;
}

/** Encode text as GBK; throws on a character GBK cannot hold. */
export function encodeGbk(text: string): Uint8Array {
  table ??= buildTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    const bytes = table.get(code);
    if (bytes === undefined)
      throw new Error(`GBK cannot encode ${JSON.stringify(text[i])} (U+${code.toString(16)})`);
    out[n++] = bytes >> 8;
    out[n++] = bytes & 0xff;
  }
  return out.slice(0, n);
}
