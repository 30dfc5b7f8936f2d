import {formatCidr} from '../../cidr/cidr.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import {plural} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const vswitchCapacityRule: LintRule<Model> = {
  id: 'vswitch-capacity',
  severity: 'error',
  description: 'Nodes, instances and pods assigned to a vSwitch exceed its usable addresses',
  help: 'A vSwitch has 2^(32−mask) − 4 usable addresses (the first and the last three are reserved). Every node, ECS instance, NAT gateway, intranet SLB and Terway/ACS pod placed in it takes one. Use a larger block, add vSwitches in the same zone, or lower replicas/node counts.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vswitch of model.vswitches) {
      if (vswitch.overflow <= 0) continue
      const needed = vswitch.allocated + vswitch.overflow
      const parts = [
        vswitch.nodes.length > 0 ? plural(vswitch.nodes.length, 'node') : '',
        vswitch.instances.length > 0 ? plural(vswitch.instances.length, 'ECS instance') : '',
        vswitch.pods.length > 0 ? plural(vswitch.pods.length, 'pod') : '',
      ].filter(Boolean)
      const including = parts.length > 0 ? ` (including ${parts.join(', ')})` : ''
      findings.push(ctx.finding(vswitch.source, 'cidr', `vSwitch ${vswitch.name} (${formatCidr(vswitch.cidr)}) has ${plural(vswitch.usable, 'usable address', 'usable addresses')} but needs ${needed.toLocaleString('en-US')}${including}; ${plural(vswitch.overflow, 'claim gets', 'claims get')} no address`))
    }
    return findings
  },
}
