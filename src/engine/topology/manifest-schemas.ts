import {z} from 'zod'
import type {PathSegment} from './positions.js'
import {IngressSchema, NetworkPolicySchema, ObjectMetaSchema, ServiceSchema} from './schema.js'

/**
 * The zod schemas of the Kubernetes objects a cluster's `manifests:` files may hold (manifests.ts
 * maps them to topology input). Kept apart from manifests.ts so that zod is loaded only when a
 * file lists manifests (lazy-zod.ts).
 */

const containerPort = z.looseObject({
  name: z.string().optional(),
  containerPort: z.number().int().min(1).max(65535),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
})

/** Only the fields acknet reads; the rest of a real Deployment is tolerated. */
export const WorkloadManifestSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet']),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({
    replicas: z.number().int().min(0).optional(),
    template: z.looseObject({
      metadata: z.looseObject({labels: z.record(z.string(), z.string()).optional()}).optional(),
      spec: z.looseObject({
        hostNetwork: z.boolean().optional(),
        nodeSelector: z.record(z.string(), z.string()).optional(),
        containers: z.array(z.looseObject({ports: z.array(containerPort).optional()})).optional(),
        initContainers: z.unknown().optional(),
      }),
    }),
  }),
})

export const NamespaceManifestSchema = z.looseObject({apiVersion: z.string(), kind: z.literal('Namespace'), metadata: ObjectMetaSchema})

export const MANIFEST_SCHEMAS = {
  Service: ServiceSchema,
  NetworkPolicy: NetworkPolicySchema,
  Ingress: IngressSchema,
  Deployment: WorkloadManifestSchema,
  StatefulSet: WorkloadManifestSchema,
  DaemonSet: WorkloadManifestSchema,
  Namespace: NamespaceManifestSchema,
} as const

// issuesToFindings walks the schema and the data from the root; for a document nested at
// `path` in the file, wrap both so paths and "did you mean" hints line up.
export function wrapAt(schema: z.ZodType, path: PathSegment[]): z.ZodType {
  let wrapped = schema
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i]!
    wrapped = typeof segment === 'number' ? z.array(wrapped) : z.object({[segment]: wrapped})
  }
  return wrapped
}

