import {describeSchema, type Shape} from './fast-check.js'
import {MANIFEST_SCHEMAS} from './manifest-schemas.js'
import {TopologySchema} from './schema.js'

/**
 * Everything acknet validates with zod, in one module that is loaded on demand (lazy-zod.ts):
 * a valid topology never needs it (issue #18: zod is a third of the modules a command loads).
 */
export {TopologySchema, topologyJsonSchema} from './schema.js'
export {MANIFEST_SCHEMAS, wrapAt} from './manifest-schemas.js'

/** The topology schema as a plain Shape for the fast validity test (topology-shape.ts). */
export function topologyShape(): Shape {
  return describeSchema(TopologySchema)
}

/** Each manifest kind's schema as a Shape (manifests.ts checks valid documents without zod). */
export function manifestShapes(): Record<string, Shape> {
  return Object.fromEntries(Object.entries(MANIFEST_SCHEMAS).map(([kind, schema]) => [kind, describeSchema(schema)]))
}
