import { defineConfig } from 'vitest/config';

/**
 * Pictures for the docs, kept out of the test suite (whose files end in .test.ts):
 * `npm run build && npx vitest run --config vitest.shots.config.mjs`. Chinese pages need a CJK
 * font on the machine (Debian: fonts-wqy-microhei).
 */
export default defineConfig({
  test: {
    include: ['src/**/*.shots.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
