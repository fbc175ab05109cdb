import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { environment: 'node', include: ['test/live/**/*.live.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
