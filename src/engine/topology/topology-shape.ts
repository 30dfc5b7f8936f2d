import type {Shape} from './fast-check.js'
import {zodSide} from './lazy-zod.js'

/**
 * The topology schema (and each manifest kind's) as a Shape (fast-check.ts). Run from source it is derived from the zod
 * schema on the first call; the build (scripts/build.mjs) replaces this module with the Shape it
 * derived at build time, so the fast validity test never loads zod.
 */
export function topologyShape(): Shape {
  return zodSide().topologyShape()
}

/** Each Kubernetes manifest kind's schema as a Shape, by kind (manifest-schemas.ts). */
export function manifestShapes(): Record<string, Shape> {
  return zodSide().manifestShapes()
}
