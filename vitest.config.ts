import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // no test reads or writes the user's compiled-model cache, whichever way it starts acknet
    // (test/cli/model-cache.test.ts turns it on with its own directories)
    env: {ACKNET_NO_CACHE: '1'},
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
})
