import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Only a guard against a test that hangs: the suite shares a small machine
    // with whatever else runs, and a loaded machine must not fail a test that works.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // Test files share two cores and real services; a few at a time.
    maxWorkers: 2,
    pool: 'forks',
  },
});
