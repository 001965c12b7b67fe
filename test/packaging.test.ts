/**
 * The packages' type declarations as a TypeScript program that installed them sees them, under each
 * module resolution in use. Node10 resolution ignores `exports`: without core's `typesVersions` the
 * adapters' declarations, which import `@xxgk/core/engine`, fail to resolve and (with `skipLibCheck`)
 * silently become `any`. The consumer below makes two deliberate type errors; both must be reported,
 * and nothing else.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CONSUMER = join(import.meta.dirname, 'packaging-consumer.ts');
const SOURCE = `
import { readXlsx } from '@xxgk/adapter-xlsx';
import { readHtml } from '@xxgk/adapter-html';
import { readText } from '@xxgk/adapter-text';
import { AdapterError, normalize } from '@xxgk/core/engine';
import { formatKeys } from '@xxgk/core/layouts';
import { reportSchema } from '@xxgk/core';
const blocks: number = readXlsx(new Uint8Array()).blocks;
const keys: number = formatKeys('2021');
export const used = [blocks, keys, readHtml, readText, AdapterError, normalize, reportSchema];
`;

const RESOLUTIONS: [string, ts.CompilerOptions][] = [
  ['node10', { moduleResolution: ts.ModuleResolutionKind.Node10, module: ts.ModuleKind.CommonJS }],
  ['node16', { moduleResolution: ts.ModuleResolutionKind.Node16, module: ts.ModuleKind.Node16 }],
  ['bundler', { moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext }],
];

describe('type declarations as an installed consumer sees them', () => {
  for (const [name, resolution] of RESOLUTIONS) {
    it(`resolve under moduleResolution ${name}`, () => {
      const options: ts.CompilerOptions = {
        ...resolution,
        strict: true,
        noEmit: true,
        // An unresolved import in a declaration file then turns its types into `any`: the deliberate
        // errors below go missing, and the test fails all the same.
        skipLibCheck: true,
        esModuleInterop: true,
        target: ts.ScriptTarget.ES2022,
        types: ['node'],
      };
      const host = ts.createCompilerHost(options);
      const { getSourceFile, fileExists, readFile } = host;
      host.fileExists = (file) => file === CONSUMER || fileExists(file);
      host.readFile = (file) => (file === CONSUMER ? SOURCE : readFile(file));
      host.getSourceFile = (file, language, ...rest) =>
        file === CONSUMER
          ? ts.createSourceFile(file, SOURCE, language)
          : getSourceFile(file, language, ...rest);
      const program = ts.createProgram([CONSUMER], options, host);
      const messages = ts
        .getPreEmitDiagnostics(program)
        .map(
          (d) =>
            `${d.file ? ts.getLineAndCharacterOfPosition(d.file, d.start!).line : '-'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
        );
      expect(messages).toEqual([
        "7: Type 'Block[]' is not assignable to type 'number'.",
        "8: Type 'string[]' is not assignable to type 'number'.",
      ]);
    });
  }
});
