import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/test/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Polls wait for what a user would see happen; on a loaded two-core CI machine a second is
    // too short for a stream event to reach a browser, not a sign that it never will.
    expect: { poll: { timeout: 10_000 } },
  },
});
