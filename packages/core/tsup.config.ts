import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ["src/index.ts", "src/testing.ts", "src/cli/vigil.ts"],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
});
