import type {z} from 'zod'
import type {Finding} from '../findings.js'
import {compileShape, type FastCheck} from './fast-check.js'
import {issuesToFindings} from './issues.js'
import {zodSide} from './lazy-zod.js'
import {readInputText} from './load.js'
import type {NamespaceManifestSchema, WorkloadManifestSchema} from './manifest-schemas.js'
import type {PathSegment, Positions} from './positions.js'
import type {IngressInput, NamespaceSchema, NetworkPolicyInput, ServiceInput, WorkloadInput} from './schema.js'
import {manifestShapes} from './topology-shape.js'
import {parseYaml} from './yaml.js'

/**
 * Kubernetes YAML files listed by a cluster's `manifests:`: multi-document, `List`s unpacked.
 * Services, NetworkPolicies, Ingresses and Namespaces keep their verbatim shape; Deployments,
 * StatefulSets and DaemonSets map to workloads (SPEC §2: name, namespace, kind, replicas, pod
 * template labels, container ports, hostNetwork). Other kinds are ignored.
 */

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

let checksByKind: Record<string, FastCheck> | undefined
/** The fast validity test of each manifest kind, compiled on first use. */
function manifestChecks(): Record<string, FastCheck> {
  checksByKind ??= Object.fromEntries(Object.entries(manifestShapes()).map(([kind, shape]) => [kind, compileShape(shape)]))
  return checksByKind
}

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
    const checks = manifestChecks()
    if (typeof kind !== 'string' || !Object.hasOwn(checks, kind)) return
    // perf: a document the fast test accepts is one zod accepts unchanged (fast-check.ts), so
    // zod loads only for a document that may be invalid (lazy-zod.ts)
    if (checks[kind]!(doc)) {
      objects.push(toObject(kind, doc, path))
      return
    }
    const {MANIFEST_SCHEMAS, wrapAt} = zodSide()
    const schema = MANIFEST_SCHEMAS[kind as keyof typeof MANIFEST_SCHEMAS]
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
// `path` in the file, wrap the data as wrapAt (manifest-schemas.ts) wraps the schema.
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
