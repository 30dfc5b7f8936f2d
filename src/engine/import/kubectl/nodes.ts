import {cidrContainsAddress, parseCidr} from '../../cidr/cidr.js'
import {parseIpv4} from '../../cidr/ipv4.js'
import type {NodePoolDoc, TopologyDoc} from '../document.js'
import {INSTANCE_TYPE_LABELS, labelOf, NODEPOOL_LABEL, note, type KubeContext, type Obj, ZONE_LABELS} from './common.js'

/** What the nodes themselves say about the network (issue #14: nodes' own evidence is used). */
export interface NodeEvidence {
  /** nodes carrying Flannel's annotations */
  flannelNodes: number
  /** spec.podCIDR of every node that has one */
  podCidrs: string[]
}

/** The node's own IPv4 InternalIP (dual-stack nodes list an IPv6 one too). */
export function internalIpv4(node: Obj): string | undefined {
  const addresses: Obj[] = Array.isArray(node.status?.addresses) ? node.status.addresses : []
  return addresses.filter((a) => a?.type === 'InternalIP').map((a) => String(a.address)).find((ip) => parseIpv4(ip) !== undefined)
}

function findVSwitchByIp(context: TopologyDoc | undefined, vpcName: string, ip: string | undefined): string | undefined {
  const address = ip === undefined ? undefined : parseIpv4(ip)
  if (address === undefined) return undefined
  const vpc = context?.vpcs?.find((candidate) => candidate.name === vpcName)
  for (const vswitch of vpc?.vswitches ?? []) {
    const parsed = parseCidr(vswitch.cidr)
    if (parsed.ok && cidrContainsAddress(parsed.cidr, address)) return vswitch.name
  }
  return undefined
}

function isVirtual(labels: Obj): boolean {
  return labels.type === 'virtual-kubelet' || labels['alibabacloud.com/virtual-node'] === 'true'
}

/**
 * Nodes → node pools: the ACK pool label × instance type, with a count (5,000 nodes become a
 * few entries). Virtual nodes (ECI/ACS) carry no ECS and are skipped.
 */
export function mapNodes(nodes: Obj[], ctx: KubeContext): {pools: NodePoolDoc[]; evidence: NodeEvidence} {
  const pools = new Map<string, {poolId: string; instanceType: string; count: number; ips: string[]; vswitches: Set<string>; zones: Set<string>}>()
  const evidence: NodeEvidence = {flannelNodes: 0, podCidrs: []}
  let unlabelled = 0
  let virtual = 0
  for (const node of nodes) {
    const labels = node.metadata?.labels ?? {}
    if (isVirtual(labels)) {
      virtual++
      continue
    }
    const annotations = node.metadata?.annotations ?? {}
    if (Object.keys(annotations).some((key) => key.startsWith('flannel.alpha.coreos.com/'))) evidence.flannelNodes++
    if (typeof node.spec?.podCIDR === 'string' && node.spec.podCIDR.includes('.')) evidence.podCidrs.push(node.spec.podCIDR)
    let poolId = labels[NODEPOOL_LABEL] as string | undefined
    if (!poolId) {
      unlabelled++
      poolId = 'unlabelled'
    }
    const instanceType = labelOf(labels, INSTANCE_TYPE_LABELS) ?? 'unknown'
    const key = `${poolId}\u0000${instanceType}`
    if (!pools.has(key)) pools.set(key, {poolId, instanceType, count: 0, ips: [], vswitches: new Set(), zones: new Set()})
    const pool = pools.get(key)!
    pool.count++
    const zone = labelOf(labels, ZONE_LABELS)
    if (zone) pool.zones.add(zone)
    const ip = internalIpv4(node)
    if (ip) pool.ips.push(ip)
    const vswitch = findVSwitchByIp(ctx.context, ctx.vpc, ip)
    if (vswitch) pool.vswitches.add(vswitch)
  }
  if (virtual > 0) ctx.warnings.push(`${virtual} virtual node(s) (ECI/ACS) skipped; acknet models ECS node pools`)
  if (unlabelled > 0) note(ctx, `${unlabelled} node(s) have no ${NODEPOOL_LABEL} label (not in an ACK node pool); grouped as pool "unlabelled"`)

  const poolIdsWithManyTypes = new Set([...pools.values()].filter((p, _, all) => all.filter((q) => q.poolId === p.poolId).length > 1).map((p) => p.poolId))
  const docs: NodePoolDoc[] = []
  for (const pool of pools.values()) {
    const base = ctx.poolNames?.[pool.poolId] ?? pool.poolId
    const name = poolIdsWithManyTypes.has(pool.poolId) ? `${base}-${pool.instanceType.replace(/^ecs\./, '').replace(/\./g, '-')}` : base
    if (!ctx.poolNameById.has(pool.poolId)) ctx.poolNameById.set(pool.poolId, name)
    const existing = ctx.contextCluster?.nodePools?.find((candidate) => candidate.name === name)
    let vswitches = [...pool.vswitches].sort()
    if (vswitches.length === 0) vswitches = ctx.nodeVSwitches ?? existing?.vswitches ?? []
    // a node object with no status (a manifest, not `kubectl get`) has no InternalIP to look up
    const where = pool.ips.length > 0 ? `, or --merge a topology whose vSwitches contain the node IPs ${pool.ips.slice(0, 3).join(', ')}` : '; the nodes have no InternalIP address to find them by'
    if (vswitches.length === 0) note(ctx, `node pool ${name}: its vSwitches are unknown (pass --node-vswitches${where})`)
    const doc: NodePoolDoc = {name, instanceType: pool.instanceType, count: pool.count, vswitches}
    const groups = ctx.nodeSecurityGroups ?? existing?.securityGroups
    if (groups && groups.length > 0) doc.securityGroups = groups
    docs.push(doc)
    const ips = pool.ips.length > 4 ? `${pool.ips.slice(0, 4).join(', ')}, …` : pool.ips.join(', ')
    ctx.sources.set(doc, `${doc.count} node(s) labelled ${NODEPOOL_LABEL}=${pool.poolId}, ${pool.instanceType}${pool.zones.size > 0 ? ` in ${[...pool.zones].sort().join(', ')}` : ''}${ips ? `; node IPs ${ips}` : ''}`)
  }
  if (poolIdsWithManyTypes.size > 0) note(ctx, `node pool(s) ${[...poolIdsWithManyTypes].join(', ')} mix instance types; split into one pool per type`)
  return {pools: docs, evidence}
}
