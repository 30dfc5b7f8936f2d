/** Human output of `acknet plan`. */
import type {Plan, PlanContext} from '../engine/plan/types.js'
import {colours as c} from './colors.js'
import {renderKeyValues, renderTable} from './table.js'

const n = (value: number): string => value.toLocaleString('en-US')

export function renderPlan(plan: Plan, context: PlanContext): string {
  const pairs: Array<[string, string]> = [
    ['plugin', c.bold(plan.plugin)],
    ['VPC CIDR', c.bold(plan.vpcCidr)],
  ]
  if (plan.vpcIpv6Cidr) pairs.push(['VPC IPv6', `${c.bold(plan.vpcIpv6Cidr)} ${c.dim(plan.vpcIpv6CidrPlaceholder ? '(placeholder: Alibaba Cloud assigns the real /56)' : '(assigned by Alibaba Cloud)')}`])
  if (plan.podCidr) pairs.push(['pod CIDR', `${c.bold(plan.podCidr)} ${c.dim(`(node mask /${plan.nodeCidrMask})`)}`])
  pairs.push(['Service CIDR', c.bold(plan.serviceCidr)], ['node pool', `${n(context.input.nodes)} × ${context.instanceType}`])
  const terway = plan.plugin === 'terway'
  const dual = plan.ipStack === 'dual'
  const head = ['zone', 'node vSwitch', ...(dual ? ['node IPv6'] : []), ...(terway ? ['pod vSwitch'] : []), ...(terway && dual ? ['pod IPv6'] : [])]
  const rows = plan.zones.map((zone) => [zone.zone, zone.nodeVSwitch, ...(dual ? [zone.nodeVSwitchIpv6 ?? ''] : []), ...(terway ? [zone.podVSwitch ?? ''] : []), ...(terway && dual ? [zone.podVSwitchIpv6 ?? ''] : [])])
  const limits = renderKeyValues([
    ['max nodes', `${c.bold(n(plan.limits.maxNodes))} ${c.dim(`(limited by ${plan.limits.limitedBy})`)}`],
    ['max pods per node', n(plan.limits.maxPodsPerNode)],
    ['max pods', n(plan.limits.maxPods)],
  ])
  const out = [renderKeyValues(pairs), '', renderTable(head, rows), '', limits]
  if (plan.warnings.length > 0) out.push('', ...plan.warnings.map((warning) => `${c.yellow('warning')} ${warning}`))
  if (context.notes.length > 0) out.push('', ...context.notes.map((note) => `${c.dim('note')} ${note}`))
  out.push('', c.dim('Write it as a topology file with --output yaml, then check it with `acknet lint`.'))
  return out.join('\n')
}
