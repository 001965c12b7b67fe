import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.config.base.js';

// shims: the CommonJS build needs import.meta.url for codepages.ts's createRequire.
export default defineConfig({ ...libraryBuild, shims: true });
