import {cidrContainsAddress, formatCidr, parseCidr, type Cidr} from '../../cidr/cidr.js'
import {parseIpv4, prefixMask} from '../../cidr/ipv4.js'
import {validateServiceCidr} from '../../platform/rules.js'
import type {ClusterNetworkDoc, TopologyDoc} from '../document.js'
import {note, type KubeContext, type Obj} from './common.js'
import {internalIpv4, type NodeEvidence} from './nodes.js'

/** Where a cluster's CNI DaemonSet runs. */
const CNI_NAMESPACES: unknown[] = ['kube-system', 'kube-flannel']

export interface NetworkFlags {
  type?: 'ack' | 'acs'
  plugin?: 'terway' | 'flannel'
  mode?: ClusterNetworkDoc['mode']
  podCidr?: string
  podVSwitches?: string[]
}

/** The smallest block holding every address, widened to at least `minimumSize` bits of prefix. */
export function coveringBlock(addresses: number[], minimumSize = 20): Cidr | undefined {
  if (addresses.length === 0) return undefined
  let prefix = minimumSize
  const fits = (p: number) => addresses.every((a) => ((a & prefixMask(p)) >>> 0) === ((addresses[0]! & prefixMask(p)) >>> 0))
  while (prefix > 0 && !fits(prefix)) prefix--
  return {network: (addresses[0]! & prefixMask(prefix)) >>> 0, prefix}
}

/**
 * The cluster network. Precedence: flags, then what the cluster itself shows (kube-system
 * DaemonSets, Flannel's node annotations and ConfigMap, the nodes' podCIDR), then the --merge
 * file's cluster. When the cluster's own evidence contradicts the merged file, the evidence
 * wins and a warning says so: a wrong base must not survive a re-import silently.
 */
export function inferNetwork(byKind: Map<string, Obj[]>, evidence: NodeEvidence | undefined, flags: NetworkFlags, ctx: KubeContext): ClusterNetworkDoc {
  // ACK runs the CNI DaemonSet in kube-system; upstream kube-flannel.yml (flannel ≥ 0.20) in its own kube-flannel namespace
  const daemonSets = (byKind.get('DaemonSet') ?? []).filter((ds) => CNI_NAMESPACES.includes(ds.metadata?.namespace)).map((ds) => ({name: String(ds.metadata?.name), namespace: String(ds.metadata?.namespace)}))
  const podCidrMasks = new Set((evidence?.podCidrs ?? []).map((cidr) => Number(cidr.split('/')[1])))
  let seen: 'terway' | 'flannel' | undefined
  let why = ''
  const terway = daemonSets.find((ds) => ds.name.startsWith('terway'))
  const flannel = daemonSets.find((ds) => ds.name.includes('flannel'))
  if (terway) [seen, why] = ['terway', `a terway DaemonSet in ${terway.namespace}`]
  else if (flannel) [seen, why] = ['flannel', `a flannel DaemonSet in ${flannel.namespace}`]
  else if ((evidence?.flannelNodes ?? 0) > 0) [seen, why] = ['flannel', `${evidence!.flannelNodes} node(s) with flannel.alpha.coreos.com annotations`]
  const network: ClusterNetworkDoc = {...(ctx.contextCluster?.network ?? {})}
  if (seen && network.plugin && network.plugin !== seen && !flags.plugin) {
    ctx.warnings.push(`the merged file says cluster ${ctx.contextCluster!.name} uses ${network.plugin}, but the cluster shows ${why}; ${seen} is used (pass --plugin to override)`)
    for (const key of ['mode', 'podVSwitches', 'podSecurityGroups', 'podCidr', 'nodeCidrMask'] as const) delete network[key]
  }
  if (seen) network.plugin = seen
  if (flags.plugin) network.plugin = flags.plugin
  if (flags.mode) network.mode = flags.mode
  if (flags.podVSwitches) network.podVSwitches = flags.podVSwitches
  if (!network.plugin && flags.type !== 'acs' && ctx.contextCluster?.type !== 'acs') note(ctx, 'could not tell the network plugin (no terway or flannel DaemonSet in kube-system or kube-flannel, no Flannel node annotations); pass --plugin')
  if (network.plugin === 'flannel') {
    const flannelConfig = (byKind.get('ConfigMap') ?? []).find((cm) => cm.metadata?.name === 'kube-flannel-cfg')
    let configured: string | undefined
    try {
      configured = JSON.parse(flannelConfig?.data?.['net-conf.json'] ?? '{}').Network
    } catch {
      note(ctx, 'kube-flannel-cfg net-conf.json is not JSON; pod CIDR not read from it')
    }
    const nodeRanges = (evidence?.podCidrs ?? []).map((cidr) => parseCidr(cidr)).filter((p): p is {ok: true; cidr: Cidr} => p.ok).map((p) => p.cidr)
    const fromNodes = coveringBlock(nodeRanges.map((range) => range.network), 16)
    const holdsNodes = (text: string) => {
      const base = parseCidr(text)
      return base.ok && nodeRanges.every((range) => range.prefix >= base.cidr.prefix && cidrContainsAddress(base.cidr, range.network))
    }
    if (flags.podCidr) network.podCidr = flags.podCidr
    else if (configured) {
      if (network.podCidr && network.podCidr !== configured) ctx.warnings.push(`the merged file gives pod CIDR ${network.podCidr}, but the cluster's kube-flannel-cfg says ${configured}; ${configured} is used`)
      network.podCidr = configured
    } else if (fromNodes && (!network.podCidr || !holdsNodes(network.podCidr))) {
      if (network.podCidr) ctx.warnings.push(`the merged file gives pod CIDR ${network.podCidr}, but the nodes' podCIDRs lie outside it; ${formatCidr(fromNodes)} (the block holding them) is used`)
      network.podCidr = formatCidr(fromNodes)
      note(ctx, `Flannel pod CIDR ${network.podCidr} is the smallest /16 or larger block holding every node's podCIDR; pass --pod-cidr (or include the kube-system/kube-flannel-cfg ConfigMap) to set it exactly`)
    }
    if (!network.podCidr) note(ctx, 'Flannel pod CIDR unknown: pass --pod-cidr (or include the kube-system/kube-flannel-cfg ConfigMap: add `cm` to the kubectl get)')
    if (podCidrMasks.size === 1) {
      const mask = [...podCidrMasks][0]!
      if (network.nodeCidrMask !== undefined && network.nodeCidrMask !== mask) ctx.warnings.push(`the merged file gives nodeCidrMask ${network.nodeCidrMask}, but the nodes' podCIDRs are /${mask}; /${mask} is used`)
      network.nodeCidrMask = mask
    }
  } else if (network.plugin === 'terway' && !network.podVSwitches?.length) {
    note(ctx, 'Terway pod vSwitches unknown: pass --pod-vswitches (they are in the eni-config ConfigMap of kube-system)')
  }
  return network
}

/** A missing Service CIDR from the cluster IPs: the smallest /20 or larger block holding them all. */
export function inferServiceCidr(services: Obj[], ctx: KubeContext): string | undefined {
  const clusterIps = services.map((s) => parseIpv4(String(s.spec?.clusterIP ?? ''))).filter((a): a is number => a !== undefined)
  const block = coveringBlock(clusterIps)
  if (!block) return undefined
  // a Service CIDR is /16–/24 inside the private ranges (CreateCluster service_cidr): no other guess
  const valid = validateServiceCidr(block)
  if (valid !== true) {
    ctx.warnings.push(`Service CIDR not given and the cluster IPs span ${formatCidr(block)}, which is not a valid Service CIDR (${valid}); pass --service-cidr`)
    return undefined
  }
  const cidr = formatCidr(block)
  note(ctx, `Service CIDR not given; ${cidr} is the smallest /20 or larger block holding every cluster IP. Pass --service-cidr to set it exactly`)
  return cidr
}

/** With --merge and no --vpc: the one VPC of the topology whose CIDRs hold every node's InternalIP. */
export function inferVpcFromNodes(context: TopologyDoc | undefined, objects: Obj[]): string | undefined {
  // a dual-stack node may list its IPv6 InternalIP first: take its IPv4 one
  const ips = objects.filter((item) => item?.kind === 'Node').map((node) => parseIpv4(internalIpv4(node) ?? '')).filter((ip): ip is number => ip !== undefined)
  if (!context?.vpcs || ips.length === 0) return undefined
  const holding = context.vpcs.filter((vpc) => {
    const blocks = [vpc.cidr, ...(vpc.secondaryCidrs ?? [])].map((text) => parseCidr(text)).flatMap((parsed) => (parsed.ok ? [parsed.cidr] : []))
    return ips.every((ip) => blocks.some((block) => cidrContainsAddress(block, ip)))
  })
  return holding.length === 1 ? holding[0]!.name : undefined
}
