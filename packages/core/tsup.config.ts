import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.config.base.js';

// Two entries without the zod schema: `@xxgk/core/layouts`, for a program that only needs the cell
// keys (the CLI's main thread writes the CSV headers), and `@xxgk/core/engine`, for the threads that
// read reports. Split in the CommonJS build too, so that every entry shares one AdapterError class.
export default defineConfig({
  ...libraryBuild,
  entry: ['src/index.ts', 'src/layouts.ts', 'src/engine.ts'],
  splitting: true,
});
