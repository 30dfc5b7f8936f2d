import * as side from './zod-side.js'

export type ZodSide = typeof side

/**
 * The zod side of the loader (schemas, JSON Schema), reached only through this function so that
 * a valid file never loads zod. Run from source (tsx, vitest) this is a plain import; the build
 * (scripts/build.mjs) replaces this module with a synchronous require() of dist/zod-side.cjs made
 * on the first call, because loadTopology is synchronous.
 */
export function zodSide(): ZodSide {
  return side
}
