import {cidrContains, cidrsOverlap, formatCidr} from '../../cidr/cidr.js'
import type {Finding} from '../../findings.js'
import type {Model, NatGateway, RouteTable} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const natSnatCoverageRule: LintRule<Model> = {
  id: 'nat-snat-coverage',
  severity: 'warning',
  description: 'A vSwitch routes 0.0.0.0/0 to a NAT gateway that has no SNAT entry for it',
  help: 'A NAT gateway forwards only sources covered by an SNAT entry (a vswitch:NAME or a CIDR). Nodes, Terway pods and ECS without a public IP in a vSwitch whose table sends 0.0.0.0/0 to the NAT gateway cannot reach the internet otherwise (reach: NO_SNAT). Add an SNAT entry for the vSwitch.',
  check(model, ctx) {
    const findings: Finding[] = []
    const defaultNat = new Map<RouteTable, NatGateway | undefined>()
    for (const table of model.routeTables) {
      const route = table.routes.find((entry) => entry.destination.prefix === 0)
      defaultNat.set(table, route && route.nextHop.type === 'nat' ? route.nextHop.nat : undefined)
    }
    for (const vswitch of model.vswitches) {
      const nat = defaultNat.get(vswitch.routeTable)
      if (!nat) continue
      const users = vswitch.nodes.length + vswitch.pods.length + vswitch.instances.filter((instance) => !instance.publicIp).length
      if (users === 0) continue
      if (nat.snat.some((entry) => cidrContains(entry.sourceCidr, vswitch.cidr))) continue
      const partly = nat.snat.some((entry) => cidrsOverlap(entry.sourceCidr, vswitch.cidr))
      findings.push(ctx.finding(vswitch.source, 'name', `vSwitch ${vswitch.name} (${formatCidr(vswitch.cidr)}) sends 0.0.0.0/0 to NAT gateway ${nat.name}, but ${partly ? 'its SNAT entries cover only part of it' : 'no SNAT entry covers it'}: nodes, pods and ECS there cannot reach the internet`))
    }
    return findings
  },
}
