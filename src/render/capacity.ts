/** Human output of `terway capacity`, `flannel ranges` and `instance-types`. */
import type {FlannelLimits} from '../engine/capacity/flannel.js'
import type {TerwayCapacity, TerwayMode} from '../engine/capacity/terway.js'
import type {InstanceTypeLimits} from '../engine/platform/catalog.js'
import {colours as c} from './colors.js'
import {renderKeyValues, renderTable} from './table.js'

const n = (value: number): string => value.toLocaleString('en-US')

const MODE_FORMULA: Record<TerwayMode, string> = {
  shared: '(ENIs − 1) × IPv4 per ENI',
  exclusive: 'ENIs − 1',
  trunk: 'total ENIs − ENIs',
  prefix: '(IPv4 per ENI − 1) × 16 × (total ENIs − 1)',
}

export function renderTerwayCapacity(result: TerwayCapacity, limits: InstanceTypeLimits): string {
  const dash = c.dim('—')
  const pairs: Array<[string, string]> = [
    ['instance type', c.bold(result.instanceType) + (limits.origin && limits.origin !== 'catalog' ? c.dim(` (limits from ${limits.origin})`) : '')],
    ['ENIs', String(limits.enis)],
    ['IPv4 per ENI', limits.ipv4PerEni === undefined ? dash : String(limits.ipv4PerEni)],
    ['total ENIs (trunk)', limits.eniTotal === undefined ? dash : `${limits.eniTotal}${limits.trunk === undefined ? '' : limits.trunk ? ' (trunk supported)' : ' (no trunk)'}`],
    ['mode', result.mode],
    ['max pods per node', `${c.bold(n(result.maxPodsPerNode))}  ${c.dim(MODE_FORMULA[result.mode])}`],
    ['eligible', result.eligible ? c.green('yes') : `${c.red('no')} — ${result.reason}`],
  ]
  if (result.nodes !== undefined) pairs.push(['nodes', n(result.nodes)], ['pods at full density', n(result.podsDemand!)])
  if (result.podVSwitchUsable !== undefined) {
    pairs.push(['pod vSwitch usable', `${n(result.podVSwitchUsable)} ${c.dim('(each vSwitch: total − 4 reserved)')}`])
    pairs.push(['nodes until exhaustion', result.nodesUntilExhaustion === undefined ? dash : n(result.nodesUntilExhaustion)])
  }
  return renderKeyValues(pairs) + '\n\n' + terwayVerdict(result)
}

function terwayVerdict(result: TerwayCapacity): string {
  if (!result.eligible) return `${c.red('✗')} ${result.instanceType} cannot join a Terway cluster in ${result.mode} mode: ${result.reason}.`
  if (result.maxPodsPerNode === 0) return `${c.red('✗')} ${result.reason ?? 'no pods fit on this node in ' + result.mode + ' mode'}.`
  let line = `${c.green('✓')} ${result.instanceType} runs up to ${n(result.maxPodsPerNode)} pods per node in ${result.mode} mode`
  if (result.nodesUntilExhaustion !== undefined) {
    if (result.nodes !== undefined && result.nodes > result.nodesUntilExhaustion) {
      return `${c.red('✗')} the pod vSwitches (${n(result.podVSwitchUsable!)} usable addresses) fill up after ${n(result.nodesUntilExhaustion)} nodes at full density; ${n(result.nodes)} nodes need ${n(result.podsDemand!)}. Add or enlarge pod vSwitches.`
    }
    line += `; the pod vSwitches hold ${n(result.nodesUntilExhaustion)} such nodes at full density`
  }
  return line + '.'
}

export function renderFlannelSummary(podCidr: string, nodeCidrMask: number, limits: FlannelLimits, notes: string[]): string {
  const pairs: Array<[string, string]> = [
    ['pod CIDR', c.bold(podCidr)],
    ['node CIDR mask', `/${nodeCidrMask}`],
    ['addresses per node', n(limits.addressesPerNode)],
    ['pods per node', `${n(limits.podsPerNode)} ${c.dim('(addresses − 1, as ACK counts them)')}`],
    ['node ranges', n(limits.rangeCount)],
    ['route capacity', `${n(limits.routeCapacity)} ${c.dim('(route quota − custom routes)')}`],
    ['max nodes', `${c.bold(n(limits.maxNodes))} ${c.dim(`(limited by ${limits.limitedBy})`)}`],
    ['max pods', n(limits.maxPods)],
  ]
  const lines = [renderKeyValues(pairs)]
  for (const note of notes) lines.push(`${c.yellow('note')} ${note}`)
  return lines.join('\n')
}

export interface InstanceTypeRow {
  limits: InstanceTypeLimits
  maxPods: Record<TerwayMode, number | null>
}

export function renderInstanceTypes(rows: InstanceTypeRow[], highlight?: TerwayMode): string {
  if (rows.length === 0) return 'no instance type matches'
  const na = c.dim('n/a')
  const cell = (value: number | null | undefined): string => (value === null || value === undefined ? na : String(value))
  const head = ['type', 'vCPU', 'GiB', 'ENIs', 'IPv4/ENI', 'total ENIs', 'shared', 'exclusive', 'trunk', 'prefix']
  const modeColumn: Record<TerwayMode, number> = {shared: 6, exclusive: 7, trunk: 8, prefix: 9}
  if (highlight) head[modeColumn[highlight]] = c.bold(head[modeColumn[highlight]]!)
  const table = renderTable(
    head,
    rows.map(({limits, maxPods}) => [
      limits.name,
      cell(limits.vcpus),
      cell(limits.memoryGiB),
      limits.enis,
      cell(limits.ipv4PerEni),
      cell(limits.eniTotal),
      cell(maxPods.shared),
      cell(maxPods.exclusive),
      cell(maxPods.trunk),
      cell(maxPods.prefix),
    ]),
    {align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']},
  )
  return `${table}\n${c.dim(`${rows.length} types; max pods per node per Terway mode; n/a = the catalog lacks an input the mode needs`)}`
}
