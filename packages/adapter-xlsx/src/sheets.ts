/**
 * The `<sheet>` entries of workbook.xml, as SheetJS reads them. SheetJS parses the part of every entry,
 * so many entries naming one worksheet part parse it once each: 40 entries on a 10,000-cell sheet
 * (45 KB) took 1.3 s, 200 entries 10 s. Excel never writes two entries for one part; a repeated entry
 * shows nothing the first does not, so it is taken out of the workbook part SheetJS reads, and a
 * `duplicate-sheet` diagnostic names it.
 */
import type { Diagnostic } from '@xxgk/core/engine';
import { binaryBytes, binaryText, findPart, readTag, tags, unescapeXml } from './sheetjs.js';
import { utf8 } from './zip.js';

export interface SheetEntries {
  /** The workbook part without the repeated entries; undefined when nothing was taken out. */
  workbook?: Uint8Array;
  /** The entries SheetJS reads. */
  count: number;
  diagnostics: Diagnostic[];
}

interface Entry {
  start: number;
  end: number;
  /** The `name` attribute as it is written. */
  rawName: string | undefined;
  id: string | undefined;
}

/** How SheetJS shows a sheet name: UTF-8, then XML entities. */
function sheetName(raw: string | undefined): string {
  return unescapeXml(utf8(binaryBytes(raw ?? '')));
}

/**
 * The workbook's relationships as SheetJS keeps them: by id, the raw target. It reads only tags named
 * exactly `<Relationship` (no prefix); of two with one id the later wins, and one without an id is
 * filed under "undefined", which is what an entry without an id looks up.
 */
function relationshipTargets(rels: Uint8Array | undefined): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!rels) return out;
  for (const tag of tags(binaryText(rels))) {
    const { rawName, attributes } = readTag(tag.text);
    if (rawName !== '<Relationship') continue;
    out.set(String(attributes.get('Id')), attributes.get('Target'));
  }
  return out;
}

/**
 * The target with its first `xl/` taken out (with the `/` before it, if any), wherever it is: SheetJS
 * first tries `xl/` followed by that.
 */
function withoutFirstXl(target: string): string {
  const at = target.indexOf('xl/');
  if (at < 0) return target;
  const from = at > 0 && target[at - 1] === '/' ? at - 1 : at;
  return target.slice(0, from) + target.slice(at + 3);
}

/**
 * The stored part SheetJS reads for a sheet whose relationship targets `target`: the first that exists
 * of `xl/` + the target without its first `xl/`, the target as it is, the target in the workbook's
 * folder.
 */
function sheetPart(names: ReadonlySet<string>, target: string, workbookDir: string): string | undefined {
  const candidates = [
    `xl/${withoutFirstXl(target)}`,
    target,
    `${workbookDir ? `${workbookDir}/` : ''}${target}`,
  ];
  for (const path of candidates) {
    const part = findPart(names, path);
    if (part !== undefined) return part;
  }
  return undefined;
}

const NAMED_PER_DIAGNOSTIC = 10;

/**
 * The `<sheet>` entries SheetJS reads in a workbook part, each with the stored part it parses for it
 * (lower case; undefined when it finds none). `byRelationship` is false when SheetJS reads parts by
 * position instead: it goes by the relationships only when every entry's id has one; otherwise it
 * reads xl/worksheets/sheet1.xml, sheet2.xml… one part per entry, and `part` is left undefined.
 */
export function sheetEntries(
  text: string,
  rels: Uint8Array | undefined,
  workbookDir: string,
  names: ReadonlySet<string>,
): { entries: (Entry & { part: string | undefined })[]; byRelationship: boolean } {
  const entries: (Entry & { part: string | undefined })[] = [];
  for (const tag of tags(text)) {
    const { name, attributes } = readTag(tag.text);
    if (name !== '<sheet') continue;
    entries.push({
      start: tag.start,
      end: tag.end,
      rawName: attributes.get('name'),
      id: attributes.get('id') || attributes.get('strRelID'),
      part: undefined,
    });
  }
  const targets = relationshipTargets(rels);
  if (!entries.every((entry) => targets.has(String(entry.id)))) return { entries, byRelationship: false };
  for (const entry of entries) {
    const target = targets.get(String(entry.id));
    if (target !== undefined) entry.part = sheetPart(names, unescapeXml(target), workbookDir);
  }
  return { entries, byRelationship: true };
}

/**
 * Takes repeated sheet entries out of the workbook part. `names` are the parts SheetJS is handed (lower
 * case); `workbookDir` is the workbook part's folder.
 */
export function dedupeSheets(
  workbook: Uint8Array,
  rels: Uint8Array | undefined,
  workbookDir: string,
  names: ReadonlySet<string>,
): SheetEntries {
  const text = binaryText(workbook);
  const { entries, byRelationship } = sheetEntries(text, rels, workbookDir, names);
  if (!byRelationship) return { count: entries.length, diagnostics: [] };

  const first = new Map<string, Entry>();
  const repeats = new Map<Entry, { part: string; entries: Entry[] }>();
  const dropped = new Set<Entry>();
  for (const entry of entries) {
    const part = entry.part;
    if (part === undefined) continue;
    const owner = first.get(part);
    if (!owner) {
      first.set(part, entry);
      continue;
    }
    dropped.add(entry);
    const group = repeats.get(owner) ?? { part, entries: [] };
    group.entries.push(entry);
    repeats.set(owner, group);
  }
  if (dropped.size === 0) return { count: entries.length, diagnostics: [] };

  const kept: string[] = [];
  let at = 0;
  for (const entry of entries) {
    if (!dropped.has(entry)) continue;
    kept.push(text.slice(at, entry.start));
    at = entry.end;
  }
  kept.push(text.slice(at));
  const diagnostics = [...repeats].map(([owner, { part, entries: repeated }]): Diagnostic => {
    const name = sheetName(owner.rawName);
    const shown = repeated.slice(0, NAMED_PER_DIAGNOSTIC).map((entry) => `"${sheetName(entry.rawName)}"`);
    const more = repeated.length > NAMED_PER_DIAGNOSTIC ? ` and ${repeated.length - shown.length} more` : '';
    return {
      code: 'duplicate-sheet',
      severity: 'warning',
      message: `${repeated.length === 1 ? 'sheet' : 'sheets'} ${shown.join(', ')}${more} ${repeated.length === 1 ? 'names' : 'name'} the same part (${part}) as sheet "${name}": it was read once, as "${name}"`,
      position: { sheet: name },
    };
  });
  return { workbook: binaryBytes(kept.join('')), count: entries.length - dropped.size, diagnostics };
}
