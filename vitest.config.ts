import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**', 'out/**', 'e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration suites open real sockets and databases; two workers match the two-core machine.
    maxWorkers: 2,
    // Under MEESHY_TEST_DATABASE=postgres: one throwaway Postgres for the run (does nothing otherwise).
    globalSetup: ['./test-support/postgres-global-setup.ts'],
    reporters: ['default', './tools/test-summary-reporter.ts'],
  },
});
