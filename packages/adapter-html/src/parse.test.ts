import { readdirSync, readFileSync } from 'node:fs';
import { decode } from '@xxgk/decode';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { declaredCharset } from './charset.js';
import type { DomNode } from './dom.js';
import { parseHtml } from './parse.js';

/** The fields this package reads, as a plain tree: comments and processing instructions left out. */
interface Shape {
  type: string;
  start: number | null;
  name?: string;
  attribs?: Record<string, string>;
  data?: string;
  children?: Shape[];
}

function shape(node: DomNode): Shape {
  const out: Shape = { type: node.type, start: node.startIndex };
  if (node.name !== undefined) out.name = node.name;
  if (node.attribs !== undefined) out.attribs = { ...node.attribs };
  if (node.data !== undefined) out.data = node.data;
  if (node.children !== undefined) {
    out.children = node.children
      .filter((child) => child.type !== 'comment' && child.type !== 'directive')
      .map(shape);
  }
  return out;
}

function parents(node: DomNode): boolean {
  return (node.children ?? []).every((child) => child.parent === node && parents(child));
}

const reference = (text: string) =>
  shape(parseDocument(text, { withStartIndices: true, decodeEntities: true }) as unknown as DomNode);

function pages(folder: URL): Array<[string, string]> {
  return readdirSync(folder)
    .filter((name) => /\.html?$/i.test(name))
    .map((name) => {
      const bytes = new Uint8Array(readFileSync(new URL(name, folder)));
      const declared = declaredCharset(bytes);
      return [name, decode(bytes, declared ? { declared } : {}).text];
    });
}

describe('parseHtml', () => {
  it('builds the tree htmlparser2 builds, offsets included, on every HTML page of the fixtures and corpus', () => {
    const all = [
      ...pages(new URL('../test/fixtures/', import.meta.url)),
      ...pages(new URL('../../../test/corpus/input/html/', import.meta.url)),
    ];
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const [name, text] of all) {
      const tree = parseHtml(text);
      expect(shape(tree), name).toEqual(reference(text));
      expect(parents(tree), name).toBe(true);
    }
  });

  it('joins text as domhandler does: across entities, not across comments or elements', () => {
    const snippets = [
      '<p>一&amp;二&#x4E09;&nbsp;四</p>',
      '<p>前<!-- 注释 -->后</p>',
      '<p>前<?xml version="1.0"?>后</p>',
      '<!DOCTYPE html><html><body><table><tr><td>1<td>2<tr><td>3</table></body></html>',
      '<div><p>未闭合<p>段落<li>项<br>换行</div>尾',
      '<script>if (a < b) { x = "</p>"; }</script><style>p { color: red }</style>',
      '<![CDATA[ 数据 ]]><p>后</p>',
      '<TABLE BORDER=1><TR><TD COLSPAN="2">合并</TD></TR></TABLE>',
      '<p>unterminated <b>bold',
      '',
    ];
    for (const html of snippets) expect(shape(parseHtml(html)), html).toEqual(reference(html));
  });
});
