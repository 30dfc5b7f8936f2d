import {type Cidr, cidrSize, formatCidr, lastAddress} from '../engine/cidr/cidr.js'
import type {CidrInfo} from '../engine/platform/cidr-info.js'
import {formatIpv4} from '../engine/cidr/ipv4.js'
import {VSWITCH_MASK, vswitchUsable} from '../engine/platform/rules.js'
import {colours as c} from './colors.js'
import {columnChunks, renderColumns, renderKeyValues, ROWS_PER_CHUNK, type RowSource} from './table.js'

function validity(value: true | string): string {
  return value === true ? c.green('yes') : `${c.red('no')} — ${value}`
}

export function renderCidrInfo(info: CidrInfo): string {
  return renderKeyValues([
    ['CIDR', c.bold(info.cidr)],
    ['network', info.network],
    ['prefix', `/${info.prefix}`],
    ['first', info.first],
    ['last', info.last],
    ['total', info.total.toLocaleString('en-US')],
    ['vSwitch usable', info.prefix >= VSWITCH_MASK.min && info.prefix <= VSWITCH_MASK.max
      ? `${info.vswitchUsable.toLocaleString('en-US')} (total − 4 reserved)`
      : `${info.vswitchUsable.toLocaleString('en-US')} if it were one (total − 4 reserved; a vSwitch needs /${VSWITCH_MASK.min}–/${VSWITCH_MASK.max})`],
    ['class', info.class],
    ['VPC CIDR', validity(info.validAs.vpc)],
    ['vSwitch CIDR', validity(info.validAs.vswitch)],
    ['pod CIDR', validity(info.validAs.podCidr)],
    ['Service CIDR', validity(info.validAs.serviceCidr)],
  ])
}

// ---------------------------------------------------------------------------------------------
// split / free / check

/**
 * `{ "KEY": [ "a", "b" ] }` exactly as toJson would print it (two-space indent, trailing
 * newline), in chunks, for lists too long to stringify at once.
 */
export function* jsonStringListChunks(key: string, items: {readonly length: number; at(index: number): string}): Generator<string> {
  if (items.length === 0) {
    yield `{\n  ${JSON.stringify(key)}: []\n}\n`
    return
  }
  let chunk = `{\n  ${JSON.stringify(key)}: [\n`
  for (let i = 0; i < items.length; i++) {
    chunk += `    ${JSON.stringify(items.at(i))}${i === items.length - 1 ? '' : ','}\n`
    if (i % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) {
      yield chunk
      chunk = ''
    }
  }
  yield chunk + '  ]\n}\n'
}

const count = (value: number): string => value.toLocaleString('en-US')

function blockRow(block: Cidr): string[] {
  return [formatCidr(block), formatIpv4(block.network), formatIpv4(lastAddress(block))]
}

function listCidrs(blocks: readonly Cidr[]): string {
  return blocks.map(formatCidr).join(', ')
}

export interface SplitView {
  parent: Cidr
  prefix: number
  subnets: {readonly length: number; at(index: number): Cidr}
  /** Set for --count: what was asked, into how many parts the block was divided, what is left. */
  count?: {requested: number; parts: number; remainder: readonly Cidr[]}
}

/** The split as a numbered table, in chunks (a /8 → /28 split has a million rows). */
export function* renderSplitChunks(view: SplitView): Generator<string> {
  const size = 2 ** (32 - view.prefix)
  const usable = view.prefix >= VSWITCH_MASK.min && view.prefix <= VSWITCH_MASK.max ? `, ${count(vswitchUsable({network: 0, prefix: view.prefix}))} usable in a vSwitch` : ''
  let header = `${c.bold(formatCidr(view.parent))} → ${count(view.subnets.length)} × /${view.prefix} (${count(size)} addresses${usable} each)\n`
  if (view.count && view.count.parts > view.count.requested) {
    header += `--count ${count(view.count.requested)} rounds up to ${count(view.count.parts)} equal parts; the first ${count(view.count.requested)} are listed\n`
  }
  yield header + '\n'
  const rows: RowSource = {length: view.subnets.length, at: (index) => [String(index + 1), ...blockRow(view.subnets.at(index))]}
  yield* columnChunks(['#', 'CIDR', 'first', 'last'], rows, ['right'])
  if (view.count && view.count.remainder.length > 0) yield `\nleft free: ${listCidrs(view.count.remainder)}\n`
}

export function renderSplit(view: SplitView): string {
  return [...renderSplitChunks(view)].join('').slice(0, -1)
}

export interface SizesView {
  parent: Cidr
  allocations: ReadonlyArray<{size: number; cidr: Cidr}>
  free: readonly Cidr[]
}

export function renderSizes(view: SizesView): string {
  const rows = view.allocations.map(({size, cidr}) => {
    const usable = vswitchUsable(cidr)
    return [count(size), formatCidr(cidr), count(usable), count(usable - size)]
  })
  const header = `${c.bold(formatCidr(view.parent))}: ${view.allocations.length} vSwitch block${view.allocations.length === 1 ? '' : 's'} for the host counts (usable = total − 4; placed largest first, aligned)`
  const footer = view.free.length > 0 ? `left free: ${listCidrs(view.free)}` : `left free: nothing (${formatCidr(view.parent)} is fully allocated)`
  return [header, '', renderColumns(['hosts', 'CIDR', 'usable', 'spare'], rows, ['right', 'left', 'right', 'right']), '', footer].join('\n')
}

export interface FreeView {
  parent: Cidr
  used: readonly Cidr[]
  free: readonly Cidr[]
  freeAddresses: number
}

export function renderFree(view: FreeView): string {
  const total = cidrSize(view.parent)
  const percent = Math.round((view.freeAddresses / total) * 1000) / 10
  if (view.free.length === 0) return `${c.bold(formatCidr(view.parent))}: ${c.red('nothing free')} (${view.used.length} used block${view.used.length === 1 ? '' : 's'} cover all ${count(total)} addresses)`
  const header = `${c.bold(formatCidr(view.parent))}: ${count(view.free.length)} free block${view.free.length === 1 ? '' : 's'}, ${count(view.freeAddresses)} of ${count(total)} addresses (${percent}%)`
  const rows = view.free.map((block) => [...blockRow(block), count(cidrSize(block))])
  return [header, '', renderColumns(['CIDR', 'first', 'last', 'addresses'], rows, ['left', 'left', 'left', 'right'])].join('\n')
}

export interface CheckView {
  blocks: readonly Cidr[]
  overlaps: ReadonlyArray<{a: Cidr; b: Cidr; relation: 'equal' | 'contains' | 'inside'}>
}

export function renderCheck(view: CheckView): string {
  const n = view.blocks.length
  if (view.overlaps.length === 0) return `${c.green('no overlaps')} among ${count(n)} block${n === 1 ? '' : 's'}`
  const rows = view.overlaps.map(({a, b, relation}) => [formatCidr(a), c.red(relation), formatCidr(b)])
  const summary = `${c.red(`${count(view.overlaps.length)} overlap${view.overlaps.length === 1 ? '' : 's'}`)} among ${count(n)} blocks`
  return [renderColumns(['a', 'relation', 'b'], rows), '', summary].join('\n')
}
