/** The RFC 4180 reader of the CLI's CSV outputs (UTF-8 with a BOM, CRLF records), shared with the CLI's tests. */

/**
 * Parse CSV text into records of fields, strictly (RFC 4180: CRLF records; quoted fields may hold
 * commas, quotes as `""` and line breaks). A stray quote, a bare line break or a last record without
 * its CRLF throws, so a quoting bug in the writer cannot pass. A leading BOM is skipped.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== ',' && next !== '\r' && next !== undefined)
          throw new Error(`character after closing quote at ${i}`);
        continue;
      }
      field += char;
      i++;
      continue;
    }
    if (char === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (char === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (char === '\n' || char === '\r') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += char;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
  return rows;
}

/**
 * Records as objects keyed by the header row.
 * @param {string} text
 * @returns {Array<Record<string, string>>}
 */
export function csvObjects(text) {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row) => {
    if (row.length !== header.length)
      throw new Error(`CSV record of ${row.length} fields under a header of ${header.length}`);
    /** @type {Record<string, string>} */
    const object = {};
    header.forEach((name, i) => {
      object[name] = row[i];
    });
    return object;
  });
}
