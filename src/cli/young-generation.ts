import {statSync} from 'node:fs'
import {createRequire} from 'node:module'

/**
 * perf (issue #18): V8 doubles the young generation whenever most of it survives a scavenge, up
 * to 16 MB per semi-space. Loading a topology keeps nearly everything it allocates, so the young
 * generation grows to its maximum during the load, and on this machine fresh memory costs ≈ 3 ms
 * per MB in page faults. Holding that growth while a large file loads (V8 reads the factor at
 * each growth, so it can be changed at run time, after the code cache is accepted) saves ≈ 6,000
 * page faults and 10% of a cold `reach` on the xl topology (docs/performance.md). Growth resumes
 * after the load: matrix, diff and exposure then allocate short-lived objects for seconds.
 */
const LARGE_INPUT_BYTES = 1 << 20
/** The flag's default in Node 20's V8 (11.3): double. */
const DEFAULT_GROWTH_FACTOR = 2

export function withYoungGenerationHeld<T>(file: string, load: () => T): T {
  if (!isLarge(file)) return load()
  // node:v8 costs ≈ 3 ms to load: only runs on large files pay it
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8')
  v8.setFlagsFromString('--semi-space-growth-factor=1')
  try {
    return load()
  } finally {
    v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`)
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
