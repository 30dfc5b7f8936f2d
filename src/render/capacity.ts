/** Human output of `terway capacity`, `flannel ranges` and `instance-types`. */
import type {FlannelLimits} from '../engine/capacity/flannel.js'
import type {TerwayCapacity, TerwayDualStack, TerwayMode} from '../engine/capacity/terway.js'
import type {InstanceTypeLimits} from '../engine/platform/catalog.js'
import {colours as c} from './colors.js'
import {renderKeyValues, renderTable} from './table.js'

const n = (value: number): string => value.toLocaleString('en-US')

/** The dual stack rule per mode, in words (the rule itself: platform/dual-stack.ts). */
const DUAL_RULE: Record<TerwayMode, string> = {
  shared: 'IPv6 per ENI equals IPv4 per ENI',
  trunk: 'IPv6 per ENI equals IPv4 per ENI',
  exclusive: 'IPv6 per ENI is above 0',
  prefix: 'IPv6 per ENI is above 0',
}

const MODE_FORMULA: Record<TerwayMode, string> = {
  shared: '(ENIs − 1) × IPv4 per ENI',
  exclusive: 'ENIs − 1',
  trunk: '(ENIs − 1) × IPv4 per ENI, pods without podNetworking',
  prefix: '(ENIs − 1) × (IPv4 per ENI − 1) × 16',
}

export function renderTerwayCapacity(result: TerwayCapacity, limits: InstanceTypeLimits): string {
  const dash = c.dim('—')
  const pairs: Array<[string, string]> = [
    ['instance type', c.bold(result.instanceType) + (limits.origin && limits.origin !== 'catalog' ? c.dim(` (limits from ${limits.origin})`) : '')],
    ['ENIs', String(limits.enis)],
    ['IPv4 per ENI', limits.ipv4PerEni === undefined ? dash : String(limits.ipv4PerEni)],
    ['IPv6 per ENI', limits.ipv6PerEni === undefined ? dash : String(limits.ipv6PerEni)],
    ['total ENIs (trunk)', limits.eniTotal === undefined ? dash : `${limits.eniTotal}${limits.trunk === undefined ? '' : limits.trunk ? ' (trunk supported)' : ' (no trunk)'}`],
    ['mode', result.mode],
    ['max pods per node', `${c.bold(n(result.maxPodsPerNode))}  ${c.dim(MODE_FORMULA[result.mode])}`],
  ]
  if (result.memberPodsPerNode !== undefined) pairs.push(['member-ENI pods per node', `${c.bold(n(result.memberPodsPerNode))}  ${c.dim('total ENIs − ENIs, pods with podNetworking, in addition')}`])
  pairs.push(['eligible', result.eligible ? c.green('yes') : `${c.red('no')} — ${result.reason}`])
  pairs.push(['dual stack', dualStackCell(result)])
  if (result.nodes !== undefined) pairs.push(['nodes', n(result.nodes)], ['pods at full density', n(result.podsDemand!)])
  if (result.podVSwitchUsable !== undefined) {
    pairs.push(['pod vSwitch usable', `${n(result.podVSwitchUsable)} ${c.dim('(each vSwitch: total − 4 reserved)')}`])
    pairs.push(['nodes until exhaustion', result.nodesUntilExhaustion === undefined ? dash : n(result.nodesUntilExhaustion)])
  }
  const sources = Object.entries(result.source).map(([field, where]) => `  ${SOURCE_LABEL[field] ?? field}: ${where}`)
  return renderKeyValues(pairs) + '\n\n' + terwayVerdict(result) + (sources.length ? `\n${c.dim(`sources:\n${sources.join('\n')}`)}` : '')
}

function dualStackCell({dualStack, mode}: TerwayCapacity): string {
  if (dualStack.supported === null) return `${c.yellow('unknown')} — no ${dualStack.missing?.input === 'ipv4PerEni' ? 'IPv4' : 'IPv6'}-per-ENI figure for this type (${dualStack.missing?.flag} N or --catalog FILE)`
  if (!dualStack.supported) return `${c.red('no')} — ${dualStack.reason}`
  const prefixes = dualStack.ipv6PrefixesPerNode === undefined ? '' : ` ${c.dim(`+ ${n(dualStack.ipv6PrefixesPerNode)} IPv6 /80 prefixes per node (one per ENI with IPv4 prefixes)`)}`
  return `${c.green('yes')} ${c.dim(`(${DUAL_RULE[mode]})`)}${prefixes}`
}

const SOURCE_LABEL: Record<string, string> = {enis: 'ENIs', ipv4PerEni: 'IPv4 per ENI', eniTotal: 'total ENIs', trunk: 'trunk support', ipv6PerEni: 'IPv6 per ENI'}

function terwayVerdict(result: TerwayCapacity): string {
  if (!result.eligible) return `${c.red('✗')} ${result.instanceType} cannot join a Terway cluster in ${result.mode} mode: ${result.reason}.`
  if (result.ipStack === 'dual' && result.dualStack.supported === false) return `${c.red('✗')} ${result.instanceType} cannot run dual stack in ${result.mode} mode: ${result.dualStack.reason}.`
  if (result.maxPodsPerNode === 0 || result.memberPodsPerNode === 0) return `${c.red('✗')} ${result.reason ?? 'no pods fit on this node in ' + result.mode + ' mode'}.`
  const members = result.memberPodsPerNode === undefined ? '' : ` plus ${n(result.memberPodsPerNode)} with podNetworking (member ENIs)`
  const dual = result.ipStack === 'dual' ? ' with IPv4 and IPv6' : ''
  let line = `${c.green('✓')} ${result.instanceType} runs up to ${n(result.maxPodsPerNode)} pods per node${members}${dual} in ${result.mode} mode`
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
  memberPods: number | null
  dualStack: Record<TerwayMode, TerwayDualStack>
}

const MISSING_NAME: Record<string, string> = {eniTotal: 'EniTotalQuantity', ipv4PerEni: 'IPv4 per ENI', ipv6PerEni: 'IPv6 per ENI'}

/** `mode`: the mode of the dual column (and of the highlighted column, with `highlight`). */
export function renderInstanceTypes(rows: InstanceTypeRow[], mode: TerwayMode, options: {highlight?: boolean; ipStack?: 'ipv4' | 'dual'} = {}, missing?: {input: string; types: number; of: number; hint: string}): string {
  if (rows.length === 0) {
    const head = options.ipStack === 'dual' ? `no matching instance type runs dual stack in ${mode} mode` : 'no instance type matches'
    if (!missing) return options.ipStack === 'dual' ? `${head} (it needs ${DUAL_RULE[mode]})` : head
    return `${head}; ${n(missing.types)} of the ${n(missing.of)} candidate types lack ${MISSING_NAME[missing.input] ?? missing.input}, so they could not be checked.\n${missing.hint}`
  }
  const na = c.dim('n/a')
  const cell = (value: number | null | undefined): string => (value === null || value === undefined ? na : String(value))
  const trunkCell = (ordinary: number | null, members: number | null): string => (ordinary === null ? na : `${ordinary} + ${members === null ? na : members}`)
  const dualCell = (dual: TerwayDualStack): string => (dual.supported === 'unknown' ? na : dual.supported ? 'yes' : 'no')
  const head = ['type', 'vCPU', 'GiB', 'ENIs', 'IPv4/ENI', 'IPv6/ENI', 'total ENIs', 'shared', 'exclusive', 'trunk', 'prefix', `dual ${mode}`]
  const modeColumn: Record<TerwayMode, number> = {shared: 7, exclusive: 8, trunk: 9, prefix: 10}
  if (options.highlight) head[modeColumn[mode]] = c.bold(head[modeColumn[mode]]!)
  const table = renderTable(
    head,
    rows.map(({limits, maxPods, memberPods, dualStack}) => [
      limits.name,
      cell(limits.vcpus),
      cell(limits.memoryGiB),
      limits.enis,
      cell(limits.ipv4PerEni),
      cell(limits.ipv6PerEni),
      cell(limits.eniTotal),
      cell(maxPods.shared),
      cell(maxPods.exclusive),
      trunkCell(maxPods.trunk, memberPods),
      cell(maxPods.prefix),
      dualCell(dualStack[mode]),
    ]),
    {align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']},
  )
  return `${table}\n${c.dim(`${rows.length} types; max pods per node per Terway mode (trunk: ordinary + member-ENI pods); n/a = the catalog lacks an input the mode needs`)}\n${c.dim(`dual ${mode}: pods get IPv6 too in ${mode} mode when ${DUAL_RULE[mode]}${mode === 'prefix' ? ' (one IPv6 /80 per ENI that has IPv4 prefixes)' : ''}`)}`
}
