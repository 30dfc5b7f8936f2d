import {availableParallelism} from 'node:os'
import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // perf (issue #18): vitest's default is one worker less than the cores, which on the 2-core
    // CI machine runs every file one after another on one core; the files are CPU-bound and the
    // vitest parent mostly waits, so one worker per core uses both (test/corpus bounds its own
    // processes: harness.ts PROCESS_SLOTS)
    maxWorkers: availableParallelism(),
    // no test reads or writes the user's compiled-model cache, whichever way it starts acknet
    // (test/cli/model-cache.test.ts turns it on with its own directories)
    env: {ACKNET_NO_CACHE: '1'},
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
})
