import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is its own entry: the pool starts it by file name next to cli.js.
  entry: ['src/index.ts', 'src/cli.ts', 'src/worker.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
});
