import type {ClusterDoc} from '../document.js'
import {note, type KubeContext, type Obj} from './common.js'

const isIpv6 = (value: unknown): boolean => typeof value === 'string' && value.includes(':')

/**
 * `ipStack: dual` when the objects show IPv6 in the cluster network (SPEC §8): Nodes with an
 * IPv6 InternalIP or IPv6 `spec.podCIDRs`, Pods with an IPv6 `status.podIPs` entry, Services
 * with an IPv6 `spec.clusterIPs` entry. The evidence is named in a note. No IPv6 anywhere says
 * nothing (an IPv4-only List may come from a dual-stack cluster's IPv4 Services): nothing is
 * written, so --merge keeps the existing value.
 */
export function inferIpStack(byKind: Map<string, Obj[]>, cluster: ClusterDoc, ctx: KubeContext): void {
  const nodes = (byKind.get('Node') ?? []).filter((node) => {
    const addresses: Obj[] = Array.isArray(node.status?.addresses) ? node.status.addresses : []
    const podCidrs: unknown[] = Array.isArray(node.spec?.podCIDRs) ? node.spec.podCIDRs : []
    return addresses.some((a) => a?.type === 'InternalIP' && isIpv6(a.address)) || podCidrs.some(isIpv6)
  })
  const pods = (byKind.get('Pod') ?? []).filter((pod) => (Array.isArray(pod.status?.podIPs) ? pod.status.podIPs : []).some((entry: Obj) => isIpv6(entry?.ip)))
  const services = (byKind.get('Service') ?? []).filter((service) => (Array.isArray(service.spec?.clusterIPs) ? service.spec.clusterIPs : []).some(isIpv6))
  const evidence = [
    nodes.length > 0 ? `${nodes.length} Node(s) with an IPv6 InternalIP or podCIDR (${nodes[0]!.metadata?.name}${nodes.length > 1 ? ', …' : ''})` : '',
    pods.length > 0 ? `${pods.length} Pod(s) with an IPv6 podIP (${pods[0]!.metadata?.namespace ?? 'default'}/${pods[0]!.metadata?.name}${pods.length > 1 ? ', …' : ''})` : '',
    services.length > 0 ? `${services.length} Service(s) with an IPv6 clusterIP (${services[0]!.metadata?.namespace ?? 'default'}/${services[0]!.metadata?.name}${services.length > 1 ? ', …' : ''})` : '',
  ].filter(Boolean)
  if (evidence.length === 0) return
  cluster.ipStack = 'dual'
  note(ctx, `cluster ${cluster.name}: ipStack dual, from ${evidence.join('; ')}`)
}
