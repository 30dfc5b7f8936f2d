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
  if (plan.podCidr) pairs.push(['pod CIDR', `${c.bold(plan.podCidr)} ${c.dim(`(node mask /${plan.nodeCidrMask})`)}`])
  pairs.push(['Service CIDR', c.bold(plan.serviceCidr)], ['node pool', `${n(context.input.nodes)} × ${context.instanceType}`])
  const head = plan.plugin === 'terway' ? ['zone', 'node vSwitch', 'pod vSwitch'] : ['zone', 'node vSwitch']
  const rows = plan.zones.map((zone) => (plan.plugin === 'terway' ? [zone.zone, zone.nodeVSwitch, zone.podVSwitch ?? ''] : [zone.zone, zone.nodeVSwitch]))
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
