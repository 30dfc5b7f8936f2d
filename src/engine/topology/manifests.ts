import {z} from 'zod'
import type {Finding} from '../findings.js'
import {issuesToFindings} from './issues.js'
import {readInputText} from './load.js'
import type {PathSegment, Positions} from './positions.js'
import {IngressSchema, type IngressInput, NamespaceSchema, type NetworkPolicyInput, NetworkPolicySchema, ObjectMetaSchema, type ServiceInput, ServiceSchema, type WorkloadInput} from './schema.js'
import {parseYaml} from './yaml.js'

/**
 * Kubernetes YAML files listed by a cluster's `manifests:`: multi-document, `List`s unpacked.
 * Services, NetworkPolicies, Ingresses and Namespaces keep their verbatim shape; Deployments,
 * StatefulSets and DaemonSets map to workloads (SPEC §2: name, namespace, kind, replicas, pod
 * template labels, container ports, hostNetwork). Other kinds are ignored.
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

const NamespaceManifestSchema = z.looseObject({apiVersion: z.string(), kind: z.literal('Namespace'), metadata: ObjectMetaSchema})

/** nodeSelector keys that pin pods to a node pool (ACK's label, and acknet's own). */
export const NODE_POOL_SELECTOR_KEYS = ['alibabacloud.com/nodepool-id', 'acknet.io/node-pool'] as const

export type ManifestObject =
  | {kind: 'Service'; input: ServiceInput; path: PathSegment[]}
  | {kind: 'NetworkPolicy'; input: NetworkPolicyInput; path: PathSegment[]}
  | {kind: 'Ingress'; input: IngressInput; path: PathSegment[]}
  | {kind: 'Workload'; input: WorkloadInput; path: PathSegment[]}
  | {kind: 'Namespace'; input: z.infer<typeof NamespaceSchema>; path: PathSegment[]}

export interface LoadedManifests {
  file: string
  positions: Positions
  objects: ManifestObject[]
  findings: Finding[]
}

const SCHEMAS = {
  Service: ServiceSchema,
  NetworkPolicy: NetworkPolicySchema,
  Ingress: IngressSchema,
  Deployment: WorkloadManifestSchema,
  StatefulSet: WorkloadManifestSchema,
  DaemonSet: WorkloadManifestSchema,
  Namespace: NamespaceManifestSchema,
} as const

/** Reads and maps one manifest file; `file` is how findings name it. */
export function loadManifestFile(absolutePath: string, file: string): LoadedManifests {
  const decoded = readInputText(absolutePath)
  if (decoded.finding) {
    return {file, positions: parseYaml(file, '').positions, objects: [], findings: [{...decoded.finding, file}]}
  }
  const parsed = parseYaml(file, decoded.text, {multiDocument: true})
  const findings = [...parsed.findings]
  const objects: ManifestObject[] = []
  const visit = (doc: unknown, path: PathSegment[]): void => {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return
    const kind = (doc as {kind?: unknown}).kind
    if (kind === 'List' && Array.isArray((doc as {items?: unknown}).items)) {
      ;(doc as {items: unknown[]}).items.forEach((item, index) => visit(item, [...path, 'items', index]))
      return
    }
    if (typeof kind !== 'string' || !(kind in SCHEMAS)) return
    const schema = SCHEMAS[kind as keyof typeof SCHEMAS]
    const result = schema.safeParse(doc)
    if (!result.success) {
      // issues are relative to the document: re-locate them under its path in the file
      const located = result.error.issues.map((issue) => ({...issue, path: [...path, ...issue.path]}))
      findings.push(...issuesToFindings(located, wrapAt(schema, path), wrapData(doc, path), parsed.positions))
      return
    }
    objects.push(toObject(kind, result.data, path))
  }
  parsed.documents.forEach((doc, index) => visit(doc, [index]))
  return {file, positions: parsed.positions, objects, findings}
}

function toObject(kind: string, data: unknown, path: PathSegment[]): ManifestObject {
  if (kind === 'Service') return {kind, input: data as ServiceInput, path}
  if (kind === 'NetworkPolicy') return {kind, input: data as NetworkPolicyInput, path}
  if (kind === 'Ingress') return {kind, input: data as IngressInput, path}
  if (kind === 'Namespace') {
    const meta = (data as z.infer<typeof NamespaceManifestSchema>).metadata
    return {kind, input: {name: meta.name, labels: meta.labels}, path}
  }
  const manifest = data as z.infer<typeof WorkloadManifestSchema>
  const podSpec = manifest.spec.template.spec
  const ports = (podSpec.containers ?? []).flatMap((container) => (container.ports ?? []).map((p) => ({name: p.name, containerPort: p.containerPort, protocol: p.protocol})))
  const selector = podSpec.nodeSelector ?? {}
  const pool = NODE_POOL_SELECTOR_KEYS.map((key) => selector[key]).find((value) => value !== undefined)
  const workload: WorkloadInput = {
    name: manifest.metadata.name,
    namespace: manifest.metadata.namespace,
    kind: manifest.kind,
    replicas: manifest.kind === 'DaemonSet' ? undefined : manifest.spec.replicas ?? 1,
    labels: manifest.spec.template.metadata?.labels ?? {},
    ports,
    hostNetwork: podSpec.hostNetwork ?? false,
    ...(pool === undefined ? {} : {nodePool: pool}),
  }
  return {kind: 'Workload', input: workload, path}
}

// issuesToFindings walks the schema and the data from the root; for a document nested at
// `path` in the file, wrap both so paths and "did you mean" hints line up.
function wrapAt(schema: z.ZodType, path: PathSegment[]): z.ZodType {
  let wrapped = schema
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i]!
    wrapped = typeof segment === 'number' ? z.array(wrapped) : z.object({[segment]: wrapped})
  }
  return wrapped
}

function wrapData(doc: unknown, path: PathSegment[]): unknown {
  let wrapped: unknown = doc
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i]!
    if (typeof segment === 'number') {
      const list: unknown[] = []
      list[segment] = wrapped
      wrapped = list
    } else wrapped = {[segment]: wrapped}
  }
  return wrapped
}
