import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

/**
 * The renderer's tests need the Vue plugin, which the root vitest config does not load, and they
 * are .mts so that the root configs (vitest's `*.test.ts`, tsconfig.node's `test/**\/*.ts`) leave
 * them alone. Run from the repository root:
 *   npx vitest run --config test/unit/renderer/vitest.config.mts
 */
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/unit/renderer/**/*.test.mts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
