import { defineConfig } from 'vitest/config';

const globalSetup = ['apps/server/src/testing/global-setup.ts'];
const integration = ['apps/server/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'];
const unit = ['apps/server/src/**/*.unit.test.ts', 'packages/*/src/**/*.unit.test.ts'];
const processes = ['apps/server/src/**/*.process.test.ts'];

/** The integration tests, run against one queue backend. */
function integrationProject(queue: 'postgres' | 'redis') {
  return {
    test: {
      name: `integration-${queue}-queue`,
      include: integration,
      exclude: [...unit, ...processes, '**/node_modules/**'],
      globalSetup,
      env: { SAMVERKAN_TEST_QUEUE: queue },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

/**
 * One run, five projects: pure unit tests; the integration tests twice, once
 * per queue backend (BullMQ on PostgreSQL and on Redis); tests that start real
 * processes (the server, the CLI); the browser tests.
 */
export default defineConfig({
  test: {
    // The JSON report is what .ci/run counts passes and failures from.
    reporters: ['default', ['json', { outputFile: 'test-results/results.json' }]],
    projects: [
      { test: { name: 'unit', include: unit } },
      integrationProject('postgres'),
      integrationProject('redis'),
      {
        test: {
          name: 'processes',
          include: processes,
          globalSetup,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
