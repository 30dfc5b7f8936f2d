import type {KubeObject, NamespaceDoc} from '../document.js'
import {nonEmpty, type KubeContext, type Obj} from './common.js'

const SERVICE_DEFAULTS: Record<string, unknown> = {sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Cluster'}
const SERVICE_DROPPED = ['clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'healthCheckNodePort']

/** Keeps what a topology needs of ObjectMeta; drops server-set fields and kubectl's last-applied copy. */
export function cleanMeta(meta: Obj | undefined, namespaced: boolean): Obj {
  const out: Obj = {name: meta?.name}
  if (namespaced) out.namespace = meta?.namespace ?? 'default'
  if (nonEmpty(meta?.labels)) out.labels = meta!.labels
  const annotations = {...(meta?.annotations ?? {})}
  delete annotations['kubectl.kubernetes.io/last-applied-configuration']
  delete annotations['deployment.kubernetes.io/revision']
  if (Object.keys(annotations).length > 0) out.annotations = annotations
  return out
}

export function mapService(service: Obj, ctx: KubeContext): KubeObject {
  const spec: Obj = {...(service.spec ?? {})}
  for (const key of SERVICE_DROPPED) delete spec[key]
  for (const [key, value] of Object.entries(SERVICE_DEFAULTS)) if (spec[key] === value) delete spec[key]
  if (spec.sessionAffinityConfig && !spec.sessionAffinity) delete spec.sessionAffinityConfig
  const doc = {apiVersion: 'v1', kind: 'Service', metadata: cleanMeta(service.metadata, true), spec}
  ctx.sources.set(doc, `Service ${String(service.metadata?.namespace ?? 'default')}/${String(service.metadata?.name)}`)
  return doc
}

/** NetworkPolicy and Ingress are kept verbatim (spec), minus server-set metadata. */
export function mapVerbatim(object: Obj, apiVersion: string, kind: string): KubeObject {
  return {apiVersion, kind, metadata: cleanMeta(object.metadata, true), spec: object.spec ?? {}}
}

export function mapNamespace(ns: Obj): NamespaceDoc {
  const doc: NamespaceDoc = {name: String(ns.metadata?.name)}
  const labels = nonEmpty(ns.metadata?.labels)
  if (labels) doc.labels = labels
  return doc
}
