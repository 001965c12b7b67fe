import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.config.base.js';

// `@xxgk/core/layouts`: the layouts without the zod schema, for a program that only needs the cell keys
// (the CLI's main thread, which writes the CSV headers while worker threads do the reading).
export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/layouts.ts'] });
