import { defineConfig } from 'vitest/config';

/**
 * Files that load the machine: thousands of concurrent calls or streams, or child processes running the
 * import checker over the whole tree. They run in their own project, after every other test and one
 * file at a time (groupOrder 1, no file parallelism), so they cannot starve the tests that measure time
 * or spawn the CLI, and a slow run of one cannot fail another.
 */
const loadFiles = [
  'test/router-concurrency.test.ts',
  'src/testing/fake-server/fake-server-load.test.ts',
  'test/architecture/house-rules.test.ts',
  'test/soak/chaos-soak.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // Fails a file that leaves a socket, server, timer or process listener open (see the file).
    setupFiles: ['test/setup/leak-check.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: loadFiles,
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'load',
          include: loadFiles,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          // Alone on the machine they still compete with whatever else runs there (a CI neighbour, stress-ng).
          testTimeout: 120_000,
        },
      },
    ],
  },
});
