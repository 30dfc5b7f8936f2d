import type {Finding} from '../../findings.js'
import type {Model, SecurityGroupRule} from '../../topology/model.js'
import {takesPrecedence} from '../../platform/sg-precedence.js'
import type {LintRule} from '../rule.js'

/** Ports that must not be open to the internet: remote shells, the Kubernetes control plane, etcd, kubelet. */
const ADMIN_PORTS: ReadonlyArray<{from: number; to: number; what: string}> = [
  {from: 22, to: 22, what: 'SSH'},
  {from: 3389, to: 3389, what: 'RDP'},
  {from: 6443, to: 6443, what: 'the Kubernetes API server'},
  {from: 2379, to: 2380, what: 'etcd'},
  {from: 10250, to: 10250, what: 'the kubelet API'},
]

export const sgOpenAdminPortRule: LintRule<Model> = {
  id: 'sg-open-admin-port',
  severity: 'warning',
  description: 'Ingress from 0.0.0.0/0 or ::/0 to 22, 3389, 6443, 2379–2380 or 10250',
  help: 'A rule that accepts SSH, RDP, the API server, etcd or the kubelet from anywhere exposes administration to the whole internet. Restrict the peer to your office or bastion CIDR, or reach the hosts through a bastion, VPN or Cloud Assistant. Suppress with `# acknet-disable-next-line sg-open-admin-port` where it is intended.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const group of model.securityGroups) {
      // the drop rules that could shadow an accept: usually none, so the common case stays linear
      const drops = group.rules.filter((rule) => rule.direction === 'ingress' && rule.action === 'drop' && fromAnywhere(rule) && (rule.protocol === 'all' || rule.protocol === 'tcp'))
      for (const rule of group.rules) {
        if (rule.direction !== 'ingress' || rule.action !== 'accept' || !fromAnywhere(rule)) continue
        if (rule.protocol !== 'tcp' && rule.protocol !== 'all') continue
        const exposed = ADMIN_PORTS.filter((admin) => overlaps(rule, admin) && !droppedFirst(drops, rule, admin))
        if (exposed.length === 0) continue
        const what = exposed.map((admin) => `${admin.from === admin.to ? admin.from : `${admin.from}-${admin.to}`} (${admin.what})`).join(', ')
        const field = rule.ports ? 'ports' : rule.peer.type === 'cidr' || rule.peer.type === 'cidr6' ? 'peer' : 'protocol'
        const anywhere = rule.peer.type === 'cidr6' ? '::/0' : '0.0.0.0/0'
        findings.push(ctx.finding(rule.source, field, `security group ${group.name} accepts ${rule.protocol === 'all' ? 'all traffic' : 'tcp'} from ${anywhere} to ${what}`))
      }
    }
    return findings
  },
}

/** Peer omitted, 0.0.0.0/0 or ::/0 (the whole IPv6 internet is as open as the IPv4 one). */
function fromAnywhere(rule: SecurityGroupRule): boolean {
  return rule.peer.type === 'any' || ((rule.peer.type === 'cidr' || rule.peer.type === 'cidr6') && rule.peer.cidr.prefix === 0)
}

function overlaps(rule: SecurityGroupRule, admin: {from: number; to: number}): boolean {
  if (!rule.ports) return true
  return rule.ports.from <= admin.to && admin.from <= rule.ports.to
}

/** A drop rule from anywhere that wins over `accept` (lower priority number, or equal: drop wins) for the whole port range. */
function droppedFirst(drops: readonly SecurityGroupRule[], accept: SecurityGroupRule, admin: {from: number; to: number}): boolean {
  return drops.some((rule) => takesPrecedence(rule, accept) && sameFamily(rule, accept) && (!rule.ports || (rule.ports.from <= admin.from && rule.ports.to >= admin.to)))
}

/** A drop from ::/0 does not close what an accept from 0.0.0.0/0 opens, nor the reverse. */
function sameFamily(drop: SecurityGroupRule, accept: SecurityGroupRule): boolean {
  if (drop.peer.type === 'any') return true
  return drop.peer.type === 'cidr6' ? accept.peer.type === 'cidr6' : accept.peer.type !== 'cidr6'
}
