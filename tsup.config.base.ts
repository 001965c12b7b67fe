import type { Options } from 'tsup';

/** Every library package builds the same way: ESM + CJS + declarations from src/index.ts. */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
};
