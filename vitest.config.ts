import { defineConfig } from 'vitest/config';

// Two projects, one run (`npm test` runs both):
// - `unit`: files named *.unit.test.ts. Pure tests: no database is started for them, so
//   `npx vitest run --project unit` takes seconds.
// - `db`: every other *.test.ts. The global setup starts one database server for the run; each
//   file uses its own database name. A new test file lands here unless it opts in to `unit` by
//   its name, so a test that needs the database never runs without one.
// The long load and fault suites have their own config and scripts (vitest.stress.config.ts).
const UNIT = 'tests/**/*.unit.test.ts';
const STRESS = ['tests/load/**', 'tests/faults/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [UNIT],
          exclude: [...STRESS, 'node_modules/**'],
          // A unit test that reaches for the database fails at once, naming the mistake.
          provide: { mongoUri: 'mongodb://unit-tests-have-no-database.invalid/', dbEngine: 'none' },
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['tests/**/*.test.ts'],
          exclude: [UNIT, ...STRESS, 'node_modules/**'],
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
