import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's component tests import .vue files.
  plugins: [vue()],
  test: {
    environment: 'node',
    include: ['test/{unit,contract,integration,e2e}/**/*.test.ts', 'test/unit/renderer/**/*.test.mts'],
    // The real electron module throws under plain Node; glue tests get a stub instead.
    alias: { electron: fileURLToPath(new URL('./test/stubs/electron.ts', import.meta.url)) },
    setupFiles: ['test/unit/renderer/jsdom-layout.mts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default'],
    pool: 'forks',
  },
});
