import {formatCidr} from '../../cidr/cidr.js'
import {formatCount} from '../../count.js'
import type {Finding} from '../../findings.js'
import {prefixesIn, TERWAY_PREFIX_ADDRESSES} from '../../capacity/terway.js'
import type {Model, Node, VSwitch} from '../../topology/model.js'
import {plural} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const vswitchCapacityRule: LintRule<Model> = {
  id: 'vswitch-capacity',
  severity: 'error',
  description: 'Nodes, instances and pods assigned to a vSwitch exceed its usable addresses',
  help: 'A vSwitch has 2^(32−mask) − 4 usable addresses (the first and the last three are reserved). Every node, ECS instance, NAT gateway, intranet SLB and Terway/ACS pod placed in it takes one. In Terway prefix mode pods take whole /28 prefixes per node, and a vSwitch of mask m holds 2^(28−m) − 2 of them. Use a larger block, add vSwitches in the same zone, or lower replicas/node counts.',
  check(model, ctx) {
    const findings: Finding[] = []
    const reported = new Set<VSwitch>()
    for (const vswitch of model.vswitches) {
      if (vswitch.overflow <= 0) continue
      const needed = vswitch.allocated + vswitch.overflow
      const parts = [
        vswitch.nodes.length > 0 ? plural(vswitch.nodes.length, 'node') : '',
        vswitch.instances.length > 0 ? plural(vswitch.instances.length, 'ECS instance') : '',
        vswitch.pods.length > 0 ? plural(vswitch.pods.length, 'pod') : '',
      ].filter(Boolean)
      const including = parts.length > 0 ? ` (including ${parts.join(', ')})` : ''
      reported.add(vswitch)
      findings.push(ctx.finding(vswitch.source, 'cidr', `vSwitch ${vswitch.name} (${formatCidr(vswitch.cidr)}) has ${plural(vswitch.usable, 'usable address', 'usable addresses')} but needs ${formatCount(needed)}${including}; ${plural(vswitch.overflow, 'claim gets', 'claims get')} no address`))
    }
    // Terway prefix mode (SPEC 1.3): pods take addresses in whole /28 prefixes per node, and a
    // prefix cannot hold the vSwitch's reserved addresses, so a /m holds 2^(28−m) − 2 of them
    for (const vswitch of model.vswitches) {
      if (reported.has(vswitch)) continue
      const perNode = new Map<Node, number>()
      for (const pod of vswitch.pods) {
        const network = pod.workload.cluster.network
        if (network.plugin !== 'terway' || network.mode !== 'prefix' || !pod.node) continue
        perNode.set(pod.node, (perNode.get(pod.node) ?? 0) + 1)
      }
      if (perNode.size === 0) continue
      let needed = 0
      for (const pods of perNode.values()) needed += Math.ceil(pods / TERWAY_PREFIX_ADDRESSES)
      const available = prefixesIn(vswitch.cidr)
      if (needed <= available) continue
      findings.push(ctx.finding(vswitch.source, 'cidr', `vSwitch ${vswitch.name} (${formatCidr(vswitch.cidr)}) holds ${plural(available, 'whole /28 prefix', 'whole /28 prefixes')} (2^(28−${vswitch.cidr.prefix}) − 2), but the prefix-mode pods on ${plural(perNode.size, 'node')} need ${formatCount(needed)}; ${plural(needed - available, 'prefix', 'prefixes')} short`))
    }
    return findings
  },
}
