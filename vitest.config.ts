import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['contracts/**/*.test.ts', 'lambda/**/*.test.ts', 'camera/**/*.test.ts', 'infra/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', '**/cdk.out/**'],
    setupFiles: ['scripts/vitest-setup.ts'],
    // Two cores: browser tests each start a Chromium, so run at most two files at once.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
