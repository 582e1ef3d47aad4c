import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The long load and fault suites have their own config and scripts (vitest.stress.config.ts).
    exclude: ['tests/load/**', 'tests/faults/**', 'node_modules/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files share one database server; each test file uses its own database name.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
