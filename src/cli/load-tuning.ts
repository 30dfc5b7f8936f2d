import {statSync} from 'node:fs'
import {createRequire} from 'node:module'

/**
 * perf (issue #18): two V8 settings tuned while a large topology loads, and restored after.
 * V8 reads both at run time, so they can change after the code cache is accepted (a V8 flag on
 * the command line would make V8 refuse it).
 *
 * - The young generation's growth is held (semi-space growth factor 1). V8 doubles the young
 *   generation whenever most of it survives a scavenge, up to 16 MB per semi-space; a load keeps
 *   nearly everything it allocates, so it grew to the maximum, and on this machine fresh memory
 *   costs ≈ 3 ms per MB in page faults: ≈ 6,000 fewer faults on a cold xl `reach`.
 * - Functions are optimised later (interrupt budget ×6): a load runs each parser and resolver
 *   function for a fraction of a second, and optimising them early cost more than it saved:
 *   ≈ 25 ms wall and 90 ms CPU less on a cold xl `reach`.
 *
 * Both return to Node 20's defaults after the load: matrix, diff and exposure then run for
 * seconds, allocating short-lived objects, with their hot functions worth optimising.
 * docs/performance.md has the measurements.
 */
const LARGE_INPUT_BYTES = 1 << 20
/** While loading, and after: Node 20's (V8 11.3) defaults, checked by test/cli/load-tuning.test.ts. */
export const LOAD_FLAGS = ['--semi-space-growth-factor=1', '--interrupt-budget=400000']
export const DEFAULT_FLAGS = ['--semi-space-growth-factor=2', '--interrupt-budget=67584']

export function withLargeLoadTuning<T>(file: string, load: () => T): T {
  if (!isLarge(file)) return load()
  // node:v8 costs ≈ 3 ms to load: only runs on large files pay it
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8')
  for (const flag of LOAD_FLAGS) v8.setFlagsFromString(flag)
  try {
    return load()
  } finally {
    for (const flag of DEFAULT_FLAGS) v8.setFlagsFromString(flag)
  }
}

function isLarge(file: string): boolean {
  if (file === '-') return false
  try {
    return statSync(file).size > LARGE_INPUT_BYTES
  } catch {
    return false // the loader reports the file
  }
}
