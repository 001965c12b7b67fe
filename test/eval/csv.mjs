/** A small RFC 4180 reader for the CLI's CSV outputs (UTF-8 with a BOM, CRLF records, quoted fields). */

/**
 * Parse CSV text into records of fields. Quoted fields may hold commas, quotes (`""`) and line breaks.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  /** @type {string[][]} */
  const records = [];
  /** @type {string[]} */
  let record = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const end = text.length;
  while (i < end) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
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
