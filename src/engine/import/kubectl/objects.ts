import type {KubeObject, NamespaceDoc} from '../document.js'
import {nonEmpty, note, type KubeContext, type Obj} from './common.js'

const SERVICE_DEFAULTS: Record<string, unknown> = {sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Cluster'}
const SERVICE_DROPPED = ['clusterIPs', 'allocateLoadBalancerNodePorts', 'healthCheckNodePort']

/** What the API server fills into every Service of an IPv4 cluster: dropped like the other defaults; any other family choice is kept (SPEC §8). */
function isIpv4SingleStack(spec: Obj): boolean {
  const families = spec.ipFamilies
  return (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === 'SingleStack') && (families === undefined || (Array.isArray(families) && families.length === 1 && families[0] === 'IPv4'))
}

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
  // the topology's clusterIP is the IPv4 one (schema): an IPv6-first Service's is its IPv4 entry of clusterIPs
  if (typeof spec.clusterIP === 'string' && spec.clusterIP.includes(':')) {
    const ipv4 = (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : []).find((ip: unknown) => typeof ip === 'string' && ip.includes('.'))
    if (ipv4) spec.clusterIP = ipv4
    else {
      note(ctx, `Service ${String(service.metadata?.namespace ?? 'default')}/${String(service.metadata?.name)}: its cluster IP ${String(spec.clusterIP)} is IPv6 only; not written (a topology's clusterIP is IPv4, the IPv6 one is allocated)`)
      delete spec.clusterIP
    }
  }
  for (const key of SERVICE_DROPPED) delete spec[key]
  if (isIpv4SingleStack(spec)) {
    delete spec.ipFamilies
    delete spec.ipFamilyPolicy
  }
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

/**
 * Ingress kept verbatim, except the pre-1.19 backend form (`serviceName`/`servicePort`, and
 * `spec.backend`), which `extensions/v1beta1` and `networking.k8s.io/v1beta1` clusters print and
 * the topology's v1 schema refuses: it is rewritten to the v1 form it means, with a note.
 */
export function mapIngress(object: Obj, ctx: KubeContext): KubeObject {
  const metadata = cleanMeta(object.metadata, true)
  let rewritten = 0
  const v1Backend = (backend: Obj | undefined): Obj | undefined => {
    if (!backend || !('serviceName' in backend || 'servicePort' in backend)) return backend
    rewritten++
    const {serviceName, servicePort, ...rest} = backend
    const port = servicePort === undefined ? undefined : typeof servicePort === 'number' || /^\d+$/.test(String(servicePort)) ? {number: Number(servicePort)} : {name: String(servicePort)}
    return {...rest, service: {name: serviceName, ...(port ? {port} : {})}}
  }
  const spec: Obj = {...(object.spec ?? {})}
  if (spec.backend !== undefined && spec.defaultBackend === undefined) {
    spec.defaultBackend = v1Backend(spec.backend) ?? spec.backend
    delete spec.backend
  }
  if (Array.isArray(spec.rules)) {
    spec.rules = spec.rules.map((rule: Obj) => (Array.isArray(rule?.http?.paths) ? {...rule, http: {...rule.http, paths: rule.http.paths.map((path: Obj) => ({...path, backend: v1Backend(path.backend)}))}} : rule))
  }
  if (rewritten > 0) note(ctx, `Ingress ${String(metadata.namespace)}/${String(metadata.name)}: ${rewritten} backend(s) in the pre-1.19 form (serviceName/servicePort) written in the networking.k8s.io/v1 form (service.name/port)`)
  return {apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec}
}

export function mapNamespace(ns: Obj): NamespaceDoc {
  const doc: NamespaceDoc = {name: String(ns.metadata?.name)}
  const labels = nonEmpty(ns.metadata?.labels)
  if (labels) doc.labels = labels
  return doc
}
