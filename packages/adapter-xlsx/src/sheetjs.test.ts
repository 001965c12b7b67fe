/**
 * Differential tests of the model of SheetJS in sheetjs.ts (and its use in sheets.ts and styles.ts):
 * small workbooks sitting on the quirks the model describes are read by SheetJS itself, through its
 * public `read`, and what it reports (the sheet entries it lists, the part each one shows, the cell
 * formats it reads from the styles) is compared with what the model predicts from the same bytes. The
 * last group checks the property the vetting needs on the same inputs: after it, SheetJS finds every
 * cell's fill and parses no worksheet part twice.
 */
import { AdapterError, DEFAULT_LIMITS } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { handWorkbookParts, type ZipInput, zip } from '../test/zip.js';
import { prepareOoxml } from './ooxml.js';
import {
  binaryText,
  findElement,
  readTag,
  removeComments,
  removeDoctype,
  tags,
  unescapeXml,
} from './sheetjs.js';
import { sheetEntries } from './sheets.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const STYLES_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';

const sheetJs = (parts: ZipInput[]) => XLSX.read(zip(parts), { type: 'array', cellStyles: true });
const bytesOf = (data: string | Uint8Array) =>
  typeof data === 'string' ? new TextEncoder().encode(data) : data;
const part = (parts: ZipInput[], name: string) => parts.find((p) => p.name === name)!;

/** Three sheets whose parts hold 1, 2, 3 in A1, with the workbook's `<sheets>` content replaced. */
function threeSheets(sheets?: string, rels?: string): ZipInput[] {
  const parts = handWorkbookParts({
    sheets: [1, 2, 3].map((n) => ({ name: `S${n}`, xml: `<row r="1"><c r="A1"><v>${n}</v></c></row>` })),
  });
  if (sheets !== undefined) {
    const workbook = part(parts, 'xl/workbook.xml');
    workbook.data = String(workbook.data).replace(/<sheets>.*<\/sheets>/, `<sheets>${sheets}</sheets>`);
  }
  if (rels !== undefined) {
    part(parts, 'xl/_rels/workbook.xml.rels').data =
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`;
  }
  return parts;
}

/** The sheet entries SheetJS lists in `Workbook.Sheets`, as the model predicts them from the part. */
function predictedEntries(workbook: string | Uint8Array): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const tag of tags(binaryText(bytesOf(workbook)))) {
    const { name, attributes } = readTag(tag.text);
    if (name !== '<sheet') continue;
    const entry: Record<string, unknown> = Object.fromEntries(attributes);
    entry.Hidden = entry.state === 'hidden' ? 1 : entry.state === 'veryHidden' ? 2 : 0;
    delete entry.state;
    // SheetJS decodes the name's UTF-8, then unescapes it.
    entry.name = unescapeXml(Buffer.from(String(entry.name), 'latin1').toString('utf8'));
    out.push(entry);
  }
  return out;
}

/** `<sheets>` contents on the quirks of tags and attributes; every entry has a name (SheetJS needs one). */
const SHEET_ENTRIES: Record<string, string> = {
  'double, single and unquoted values, spaces around =': `<sheet name="A" sheetId="1" r:id="rId1"/><sheet name='B' sheetId=2 r:id='rId2'/><sheet name = "C"\n sheetId\t=\t'3' r:id="rId3"/>`,
  'a tab ends no name; a tag without a space, LF or CR has no attributes': `<sheet name="A" r:id="rId1"/><sheet\tname="T" sheetId="9" r:id="rId2"/><sheet\tname="U"/><sheet\nname="V"\rr:id="rId3"/>`,
  'prefixed elements and attributes, xmlns:, ext: does not replace': `<x:sheet xmlns:x="urn:x" name="P" r:id="rId1"/><sheet r:name="N1" name="N2" x:name="N3" r:id="rId2"/><sheet name="E1" ext:name="E2" r:id="rId3"/><sheet ext:name="E3" name="E4" foo:ext="1"/>`,
  'names cut at _, repeated and differently cased attributes': `<sheet name_x="U1" r:id="rId1"/><sheet _name="U2" name="U3" r:id="rId1"/><sheet NAME="L1" Name="L2" r:id="rId1"/><sheet name="R1" name="R2" r:id="rId1" ID="rId9"/>`,
  'an attribute named 0 replaces the tag name': `<sheet name="A" r:id="rId1"/><sheet 0="x" name="Z1" r:id="rId1"/><foo 0="<sheet" name="Z2" r:id="rId2"/><sheet 0_1="<x:sheet" name="Z3" r:id="rId3"/>`,
  'entities, _xHHHH_ escapes, CDATA and UTF-8 in names': `<sheet name="a &amp; b &lt;&#x41;&#66;&#X41;&AMP;_x0043__X0044_" r:id="rId1"/><sheet name="<![CDATA[&amp;]]>&amp;" r:id="rId2"/><sheet name="表 &#x8868;" r:id="rId3"/><sheet name="q&#95;x0045_" r:id="rId1"/>`,
  'tags inside comments are read; comments and DOCTYPE are not removed here': `<sheet name="A" r:id="rId1"/><!-- <sheet name="C1" r:id="rId2"/> --><!DOCTYPE x [<!ENTITY e "f">]><sheet name="D&e;" r:id="rId3"/>`,
  '> inside quotes, where backtracking ends a tag early, / > is no end': `<sheet name="a>b" r:id="rId1"/><sheet name="BT" x='=' y='>' r:id="rId2"/><sheet name="Q" r:id="rId1"/ ><sheet name=S/ r:id=rId3/>`,
  'first = in a name, < in an attribute name, stray text': `<sheet name="A" a=b=c r:id="rId1"/><sheet name="B" <x="1" r:id="rId2"/><sheet name="C" "junk" r:id="rId3"/><sheet name="D" d='x'e='y' r:id="rId3"/>`,
};

describe('sheet entries: what SheetJS lists agrees with the model', () => {
  for (const [what, sheets] of Object.entries(SHEET_ENTRIES)) {
    it(what, () => {
      const parts = threeSheets(sheets);
      const listed = sheetJs(parts).Workbook!.Sheets as unknown as Record<string, unknown>[];
      expect(listed).toEqual(predictedEntries(part(parts, 'xl/workbook.xml').data));
      expect(listed.length).toBeGreaterThan(0);
    });
  }

  const utf16 = (xml: string, big: boolean, lead: number[]) => {
    const pairs = Buffer.from(xml, 'utf16le');
    if (big) pairs.swap16();
    return new Uint8Array([...lead, ...pairs]);
  };
  const entries = '<sheet name="Ü1" r:id="rId1"/><x:sheet name="表" r:id="rId2"/>';

  it('UTF-16LE with a byte-order mark is decoded', () => {
    const parts = threeSheets(entries);
    const workbook = part(parts, 'xl/workbook.xml');
    workbook.data = utf16(String(workbook.data), false, [0xff, 0xfe]);
    expect(sheetJs(parts).SheetNames).toEqual(['Ü1', '表']);
    expect(sheetJs(parts).Workbook!.Sheets).toEqual(predictedEntries(workbook.data));
  });

  it('UTF-16BE with a proper mark is not decoded; with FE FF as second and third bytes it is', () => {
    const parts = threeSheets(entries);
    const workbook = part(parts, 'xl/workbook.xml');
    const xml = String(workbook.data);
    workbook.data = utf16(xml, true, [0xfe, 0xff]);
    expect(() => sheetJs(parts)).toThrow(/Unknown Namespace/);
    expect(predictedEntries(workbook.data)).toEqual([]);
    // From the third byte (FF) on, read in pairs: FF 00 is one character, then the XML.
    workbook.data = utf16(xml, true, [0x00, 0xfe, 0xff, 0x00]);
    expect(sheetJs(parts).SheetNames).toEqual(['Ü1', '表']);
    expect(sheetJs(parts).Workbook!.Sheets).toEqual(predictedEntries(workbook.data));
  });
});

/** The relationships and entries of a case, and the A1 of each listed sheet SheetJS shows. */
const RELATIONSHIPS: Record<string, { sheets: string; rels: string }> = {
  'targets spelled otherwise: absolute, upper case, backslashes, entities, an inner xl/': {
    sheets:
      '<sheet name="A" r:id="a"/><sheet name="B" r:id="b"/><sheet name="C" r:id="c"/><sheet name="D" r:id="d"/>',
    rels: `<Relationship Id="a" Type="${REL}/worksheet" Target="/xl/worksheets/sheet3.xml"/><Relationship Id="b" Type="${REL}/worksheet" Target="WORKSHEETS\\Sheet2.XML"/><Relationship Id="c" Type="${REL}/worksheet" Target="worksheets/sheet&#49;.xml"/><Relationship Id="d" Type="${REL}/worksheet" Target="worksheets/xl/sheet2.xml"/>`,
  },
  'the later of two ids wins; prefixed relationships are not read': {
    sheets: '<sheet name="A" r:id="a"/><sheet name="B" r:id="b"/>',
    rels: `<Relationship Id="a" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="a" Type="${REL}/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="b" Target="worksheets/sheet2.xml"/><r:Relationship Id="b" Target="worksheets/sheet1.xml"/>`,
  },
  'an entry without an id finds a relationship without one': {
    sheets: '<sheet name="A"/><sheet name="B" r:id="b"/><sheet name="C" strRelID="b"/>',
    rels: `<Relationship Type="${REL}/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="b" Target="worksheets/sheet2.xml"/>`,
  },
  'an id with no relationship: parts are read by position': {
    sheets: '<sheet name="A" r:id="a"/><sheet name="B" r:id="nowhere"/><sheet name="C" r:id="a"/>',
    rels: `<Relationship Id="a" Type="${REL}/worksheet" Target="worksheets/sheet3.xml"/>`,
  },
  'a relationship hidden from a naive reader': {
    sheets: '<sheet name="A" r:id="a"/><sheet name="B" r:id="b"/>',
    rels: `<!-- <Relationship Id="a" Target="worksheets/sheet2.xml"/> --><Relationship\nId='a' Target=worksheets/sheet3.xml/><Relationship Id="b" Target="worksheets/sheet9.xml"/>`,
  },
};

describe('relationships and part names: the part SheetJS shows for each entry agrees with the model', () => {
  for (const [what, { sheets, rels }] of Object.entries(RELATIONSHIPS)) {
    it(what, () => {
      const parts = threeSheets(sheets, rels);
      const read = sheetJs(parts);
      const names = new Set(parts.map((p) => p.name.toLowerCase()));
      const text = binaryText(bytesOf(part(parts, 'xl/workbook.xml').data));
      const { entries, byRelationship } = sheetEntries(
        text,
        bytesOf(part(parts, 'xl/_rels/workbook.xml.rels').data),
        'xl',
        names,
      );
      const predicted = entries.map((entry, i) => {
        const name = byRelationship ? entry.part : `xl/worksheets/sheet${i + 1}.xml`;
        return name && names.has(name)
          ? Number(/<v>(\d)</.exec(String(part(parts, name).data))![1])
          : undefined;
      });
      expect(read.SheetNames.map((name) => read.Sheets[name]?.A1?.v)).toEqual(predicted);
    });
  }
});

/** A workbook with `styles` as its styles part and a row of cells using formats 0 to 4. */
function styled(styles: string | Uint8Array): ZipInput[] {
  const parts = handWorkbookParts({
    sheets: [
      {
        name: 'S',
        xml: '<row r="1"><c r="A1" s="0"><v>1</v></c><c r="B1" s="1"><v>0.5</v></c><c r="C1" s="2"><v>2</v></c><c r="D1" s="3"><v>3</v></c><c r="E1" s="4"><v>44197</v></c></row>',
      },
    ],
  });
  const types = part(parts, '[Content_Types].xml');
  types.data = String(types.data).replace(
    '</Types>',
    `<Override PartName="/xl/styles.xml" ContentType="${STYLES_TYPE}"/></Types>`,
  );
  const rels = part(parts, 'xl/_rels/workbook.xml.rels');
  rels.data = String(rels.data).replace(
    '</Relationships>',
    `<Relationship Id="rIdY" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
  );
  parts.push({ name: 'xl/styles.xml', data: styles });
  return parts;
}

const XF_UINT = ['numFmtId', 'fillId', 'fontId', 'borderId', 'xfId'];
const XF_BOOL = ['applyAlignment', 'applyBorder', 'applyFill', 'applyFont', 'applyNumberFormat'];

/** The cell formats SheetJS reads from a styles part, and whether it finds fills, as the model predicts. */
function predictedStyles(styles: string | Uint8Array): { CellXf: unknown; hasFills: boolean } {
  const text = removeDoctype(removeComments(binaryText(bytesOf(styles))));
  const hasFills = findElement(text, 'fills') !== undefined;
  const formats = findElement(text, 'cellXfs');
  if (!formats) return { CellXf: undefined, hasFills };
  const out: Record<string, unknown>[] = [];
  for (const tag of tags(text.slice(formats.start, formats.end))) {
    const { name, attributes } = readTag(tag.text);
    if (name !== '<xf' && name !== '<xf/>' && name !== '<xf>') continue;
    const xf: Record<string, unknown> = Object.fromEntries(attributes);
    for (const key of XF_UINT) if (xf[key]) xf[key] = Number.parseInt(String(xf[key]), 10);
    for (const key of XF_BOOL) if (xf[key]) xf[key] = xf[key] === '1' || xf[key] === 'true';
    out.push(xf);
  }
  return { CellXf: out, hasFills };
}

const FILLS = '<fills count="1"><fill><patternFill/></fill></fills>';
const STYLES: Record<string, string> = {
  'values quoted three ways, spaces, namespaced and x_y attributes': `<styleSheet xmlns="${NS}">${FILLS}<cellXfs count="5"><xf numFmtId="0" fillId="0"/><xf numFmtId='9' fillId = '6'/><xf numFmtId=14 fillId=8 /><xf numFmtId="2" fillId_="5" x:fillId="7" xmlns:x="${NS}"/><xf numFmtId="14" ext:fillId="3" fillId="4" applyFill="true"/></cellXfs></styleSheet>`,
  'repeated and differently cased attributes; a tab after the name': `<styleSheet xmlns="${NS}"><cellXfs><xf fillid="3" fillId="4" FILLID="5"/><xf\tfillId="1" numFmtId="9"/><xf\tfillId="1"/><xf numFmtId="9" numFmtId="10"/><xf/></cellXfs></styleSheet>`,
  'comments hide elements; <!---> is not closed; DOCTYPE': `<?xml version="1.0"?><!DOCTYPE x><!-- <fills count="9"/> --><styleSheet xmlns="${NS}"><cellXfs><!---><xf numFmtId="1"/>--><xf numFmtId="2" fillId="1"/><!-- --><xf numFmtId="9"/></cellXfs></styleSheet>`,
  'an unclosed comment runs to the end': `<styleSheet xmlns="${NS}">${FILLS}<cellXfs><xf numFmtId="9"/><!-- <xf numFmtId="10"/></cellXfs></styleSheet>`,
  'a DOCTYPE after an element repeats the text': `<x/><!DOCTYPE y><styleSheet xmlns="${NS}"><cellXfs><xf numFmtId="9" fillId="2"/></cellXfs></styleSheet>`,
  'prefixed elements, a longer name, > in the start tag, the first end tag': `<s:styleSheet xmlns:s="${NS}"><s:fillsX/><s:cellXfsExtra><s:xf numFmtId="1"/></s:cellXfsExtra><s:cellXfs a=">"><s:xf numFmtId="9" s:fillId="2"/><cellXfs><xf numFmtId="10"/></cellXfs><xf numFmtId="11"/></s:cellXfs></s:styleSheet>`,
  'attributes that end a tag early or hide another': `<styleSheet xmlns="${NS}"><cellXfs><xf numFmtId="9" a='=' b='>' fillId="3"/><xf numFmtId="2" c=d=e fillId="4"/><xf numFmtId="3" f="x"fillId="5"/><xf 0="<xf" numFmtId="4" fillId="6"/></cellXfs></styleSheet>`,
};

describe('styles: the cell formats SheetJS reads agree with the model', () => {
  for (const [what, styles] of Object.entries(STYLES)) {
    it(what, () => {
      const read = sheetJs(styled(styles)) as XLSX.WorkBook & {
        Styles: { CellXf?: unknown; Fills?: unknown };
      };
      const predicted = predictedStyles(styles);
      expect(read.Styles.CellXf).toEqual(predicted.CellXf);
      expect(read.Styles.Fills !== undefined).toBe(predicted.hasFills);
    });
  }

  it('a UTF-16LE styles part', () => {
    const styles = new Uint8Array([
      0xff,
      0xfe,
      ...Buffer.from(STYLES['comments hide elements; <!---> is not closed; DOCTYPE']!, 'utf16le'),
    ]);
    const read = sheetJs(styled(styles)) as XLSX.WorkBook & { Styles: { CellXf?: unknown } };
    expect(read.Styles.CellXf).toEqual(predictedStyles(styles).CellXf);
  });
});

describe('after the vetting, on the same inputs, SheetJS takes no slow path', () => {
  const prepared = (parts: ZipInput[]) =>
    XLSX.read(prepareOoxml(zip(parts), DEFAULT_LIMITS).bytes, {
      type: 'array',
      dense: true,
      cellStyles: true,
    });

  for (const [what, styles] of Object.entries(STYLES)) {
    it(`${what}: every cell's fill is found, the number formats are SheetJS's own`, () => {
      const parts = styled(styles);
      let read: XLSX.WorkBook & { Styles: { CellXf?: { numFmtId?: unknown }[] } };
      try {
        read = prepared(parts) as typeof read;
      } catch (error) {
        // Refusing the workbook is safe too.
        expect(error).toBeInstanceOf(AdapterError);
        return;
      }
      const cells = (read.Sheets.S!['!data'] as XLSX.CellObject[][]).flat().filter(Boolean);
      expect(cells).toHaveLength(5);
      for (const cell of cells) expect(cell.s).toEqual({ patternType: 'none' });
      const own = sheetJs(parts) as typeof read;
      expect(read.Styles.CellXf?.map((xf) => xf.numFmtId)).toEqual(
        own.Styles.CellXf?.map((xf) => xf.numFmtId),
      );
    });
  }

  for (const [what, { sheets, rels }] of Object.entries(RELATIONSHIPS)) {
    it(`${what}: no worksheet part is parsed twice`, () => {
      const read = prepared(threeSheets(sheets, rels));
      const shown = read.SheetNames.map((name) => read.Sheets[name]?.['!data']?.[0]?.[0]?.v).filter(
        (v) => v !== undefined,
      );
      expect(new Set(shown).size).toBe(shown.length);
    });
  }

  for (const [what, sheets] of Object.entries(SHEET_ENTRIES)) {
    it(`${what}: no worksheet part is parsed twice`, () => {
      const read = prepared(threeSheets(sheets));
      const shown = read.SheetNames.map((name) => read.Sheets[name]?.['!data']?.[0]?.[0]?.v).filter(
        (v) => v !== undefined,
      );
      expect(new Set(shown).size).toBe(shown.length);
    });
  }
});
