import { defineConfig } from 'tsup';

export default defineConfig({
  // The SQLite store's writer thread is loaded by URL from the chunk beside it (dist/sqliteWriterThread.js).
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing.ts',
    'cli/vigil': 'src/cli/vigil.ts',
    sqliteWriterThread: 'src/stores/internal/sqliteWriterThread.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
});
