import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files share two cores and real services; a few at a time.
    maxWorkers: 2,
    pool: 'forks',
  },
});
