import { ADAPTER_SPECIFICATION_VERSION, isAdapter } from '@xxgk/core';
import { describe, expect, it } from 'vitest';
import { fixture, pseudoRandomBytes, utf8 } from '../test/helpers.js';
import { htmlAdapter } from './index.js';

describe('htmlAdapter', () => {
  it('fulfils the adapter contract', () => {
    expect(isAdapter(htmlAdapter)).toBe(true);
    expect(htmlAdapter.specificationVersion).toBe(ADAPTER_SPECIFICATION_VERSION);
    expect(htmlAdapter.name).toBe('html');
    expect(htmlAdapter.extensions).toEqual(['html', 'htm', 'shtml', 'jhtml', 'xhtml']);
    expect(htmlAdapter.mediaTypes).toContain('text/html');
  });

  it('reads through the adapter', async () => {
    const doc = await htmlAdapter.read(utf8('<p>一、总体情况</p>'));
    expect(doc.blocks).toEqual([
      { type: 'paragraph', text: '一、总体情况', position: { line: 1, column: 1, offset: 0 } },
    ]);
  });
});

describe('sniff', () => {
  const sniff = (text: string, fileName?: string) =>
    htmlAdapter.sniff(utf8(text), fileName ? { fileName } : undefined);

  it('is sure of documents that start with a doctype or <html>, after a BOM, whitespace or comments', () => {
    expect(sniff('<!DOCTYPE html>\n<html>')).toBeGreaterThanOrEqual(0.9);
    expect(sniff('\ufeff  <html lang="zh">')).toBeGreaterThanOrEqual(0.9);
    expect(
      sniff('<?xml version="1.0"?>\n<!-- saved from url=(0014)about:internet -->\n<html>'),
    ).toBeGreaterThanOrEqual(0.9);
    expect(htmlAdapter.sniff(fixture('word-gbk-2021.html'))).toBeGreaterThanOrEqual(0.9);
    expect(
      htmlAdapter.sniff(Buffer.from('\ufeff<html><body>正文</body></html>', 'utf16le')),
    ).toBeGreaterThanOrEqual(0.9);
  });

  it('takes fragments that start with a common element', () => {
    for (const start of [
      '<body>',
      '<head>',
      '<table border=1>',
      '<meta charset="gbk">',
      '<div class="a">',
      "<p style='x'>",
      '<p>',
    ]) {
      expect(sniff(`${start}正文`), start).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('gives markup further in a moderate score', () => {
    expect(sniff('标题：年度报告\n<table><tr><td>1</td></tr></table>', 'a.html')).toBe(0.5);
    expect(sniff('标题：年度报告\n<table><tr><td>1</td></tr></table>')).toBe(0.4);
  });

  it('leaves plain text, Markdown and binary data alone', () => {
    expect(sniff('一、总体情况\n2021年，我局……')).toBe(0);
    expect(sniff('# 年度报告\n\n| 规章 | 0 |')).toBe(0);
    expect(sniff('<pre-formatted> is not a tag')).toBe(0);
    expect(htmlAdapter.sniff(new Uint8Array(0))).toBe(0);
    expect(htmlAdapter.sniff(pseudoRandomBytes(4096, 3))).toBe(0);
    expect(htmlAdapter.sniff(utf8('PK\u0003\u0004[Content_Types].xml'))).toBe(0);
  });
});
