import {type AnyCidr, cidrBoundsAny, cidrSizeAny, formatCidrAny} from '../engine/cidr/any.js'
import {type Cidr, formatCidr} from '../engine/cidr/cidr.js'
import type {AnyCidrInfo} from '../engine/platform/cidr-info.js'
import {VSWITCH_IPV6_PREFIX, VSWITCH_IPV6_RESERVED_ADDRESSES} from '../engine/platform/ipv6.js'
import {VSWITCH_MASK, vswitchUsable} from '../engine/platform/rules.js'
import {colours as c} from './colors.js'
import {columnChunks, renderColumns, renderKeyValues, ROWS_PER_CHUNK, type RowSource} from './table.js'

function validity(value: true | string): string {
  return value === true ? c.green('yes') : `${c.red('no')} — ${value}`
}

/** Whole numbers with thousands separators; IPv6 sizes (BigInt) that are powers of two ≥ 2^32 also as 2^k. */
function count(value: number | bigint): string {
  if (typeof value === 'number') return value.toLocaleString('en-US')
  const exact = value.toLocaleString('en-US')
  if (value >= 1n << 32n && (value & (value - 1n)) === 0n) return `2^${value.toString(2).length - 1} = ${exact}`
  return exact
}

function vswitchUsableLine(info: AnyCidrInfo): string {
  if (info.family === 6) {
    const usable = count(BigInt(info.vswitchUsable))
    return info.prefix === VSWITCH_IPV6_PREFIX
      ? `${usable} (total − ${VSWITCH_IPV6_RESERVED_ADDRESSES} reserved: the first and the last nine)`
      : `${usable} if it were one (total − ${VSWITCH_IPV6_RESERVED_ADDRESSES} reserved; a vSwitch IPv6 block is a /${VSWITCH_IPV6_PREFIX})`
  }
  return info.prefix >= VSWITCH_MASK.min && info.prefix <= VSWITCH_MASK.max
    ? `${count(info.vswitchUsable)} (total − 4 reserved)`
    : `${count(info.vswitchUsable)} if it were one (total − 4 reserved; a vSwitch needs /${VSWITCH_MASK.min}–/${VSWITCH_MASK.max})`
}

export function renderCidrInfo(info: AnyCidrInfo): string {
  return renderKeyValues([
    ['CIDR', c.bold(info.cidr)],
    ['network', info.network],
    ['prefix', `/${info.prefix}`],
    ['first', info.first],
    ['last', info.last],
    ['total', info.family === 6 ? count(BigInt(info.total)) : count(info.total)],
    ['vSwitch usable', vswitchUsableLine(info)],
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

function blockRow(block: AnyCidr): string[] {
  const {first, last} = cidrBoundsAny(block)
  return [formatCidrAny(block), first, last]
}

function listCidrs(blocks: readonly AnyCidr[]): string {
  return blocks.map(formatCidrAny).join(', ')
}

export interface SplitView {
  parent: AnyCidr
  prefix: number
  subnets: {readonly length: number; at(index: number): AnyCidr}
  /** Set for --count: what was asked, into how many parts the block was divided, what is left. */
  count?: {requested: number; parts: number; remainder: readonly AnyCidr[]}
}

function subnetUsable(view: SplitView): string {
  if (view.parent.family === 6) {
    return view.prefix === VSWITCH_IPV6_PREFIX ? `, 2^64 − ${VSWITCH_IPV6_RESERVED_ADDRESSES} usable in a vSwitch` : ''
  }
  return view.prefix >= VSWITCH_MASK.min && view.prefix <= VSWITCH_MASK.max ? `, ${count(vswitchUsable({network: 0, prefix: view.prefix}))} usable in a vSwitch` : ''
}

/** The split as a numbered table, in chunks (a /8 → /28 split has a million rows). */
export function* renderSplitChunks(view: SplitView): Generator<string> {
  const size = view.parent.family === 6 ? 1n << BigInt(128 - view.prefix) : 2 ** (32 - view.prefix)
  const usable = subnetUsable(view)
  let header = `${c.bold(formatCidrAny(view.parent))} → ${count(view.subnets.length)} × /${view.prefix} (${count(size)} addresses${usable} each)\n`
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
  parent: AnyCidr
  used: readonly AnyCidr[]
  free: readonly AnyCidr[]
  freeAddresses: number | bigint
}

export function renderFree(view: FreeView): string {
  const parent = view.parent
  if (parent.family === 6 && parent.prefix <= 64 && view.free.every((block) => block.prefix <= 64)) return renderFreeIpv6In64s(view)
  const total = parent.family === 6 ? cidrSizeAny(parent) : 2 ** (32 - parent.prefix)
  // per mille in BigInt for IPv6 (totals beyond 2^53), plain division for IPv4
  const percent = typeof total === 'bigint' ? Number((BigInt(view.freeAddresses) * 1000n) / total) / 10 : Math.round((Number(view.freeAddresses) / total) * 1000) / 10
  if (view.free.length === 0) return `${c.bold(formatCidrAny(parent))}: ${c.red('nothing free')} (${view.used.length} used block${view.used.length === 1 ? '' : 's'} cover all ${count(total)} addresses)`
  const header = `${c.bold(formatCidrAny(parent))}: ${count(view.free.length)} free block${view.free.length === 1 ? '' : 's'}, ${count(view.freeAddresses)} of ${count(total)} addresses (${percent}%)`
  const rows = view.free.map((block) => [...blockRow(block), block.family === 6 ? count(cidrSizeAny(block)) : count(2 ** (32 - block.prefix))])
  return [header, '', renderColumns(['CIDR', 'first', 'last', 'addresses'], rows, ['left', 'left', 'left', 'right'])].join('\n')
}

/** IPv6 free space counted in /64s (vSwitch blocks), which is what a VPC's /56 is planned in. */
function renderFreeIpv6In64s(view: FreeView): string {
  const in64s = (block: AnyCidr): bigint => 1n << BigInt(64 - block.prefix)
  const total = in64s(view.parent)
  const free = view.free.reduce((sum, block) => sum + in64s(block), 0n)
  const name = c.bold(formatCidrAny(view.parent))
  if (view.free.length === 0) return `${name}: ${c.red('nothing free')} (${view.used.length} used block${view.used.length === 1 ? '' : 's'} cover all ${count(total)} /64 block${total === 1n ? '' : 's'})`
  const percent = Number((free * 1000n) / total) / 10
  const header = `${name}: ${count(view.free.length)} free block${view.free.length === 1 ? '' : 's'}, ${count(free)} of ${count(total)} /64 blocks (${percent}%)`
  const rows = view.free.map((block) => [...blockRow(block), count(in64s(block))])
  return [header, '', renderColumns(['CIDR', 'first', 'last', '/64 blocks'], rows, ['left', 'left', 'left', 'right'])].join('\n')
}

export interface CheckView {
  blocks: readonly AnyCidr[]
  overlaps: ReadonlyArray<{a: AnyCidr; b: AnyCidr; relation: 'equal' | 'contains' | 'inside'}>
}

/** With both families given: a line saying they were compared within their family only. */
function familiesNote(blocks: readonly AnyCidr[]): string | undefined {
  const ipv6 = blocks.filter((block) => block.family === 6).length
  const ipv4 = blocks.length - ipv6
  if (ipv4 === 0 || ipv6 === 0) return undefined
  return `${count(ipv4)} IPv4 and ${count(ipv6)} IPv6 block${ipv6 === 1 ? '' : 's'}: the families differ, so an IPv4 block never overlaps an IPv6 one; each family is checked on its own`
}

export function renderCheck(view: CheckView): string {
  const n = view.blocks.length
  const note = familiesNote(view.blocks)
  if (view.overlaps.length === 0) return [`${c.green('no overlaps')} among ${count(n)} block${n === 1 ? '' : 's'}`, ...(note ? [note] : [])].join('\n')
  const rows = view.overlaps.map(({a, b, relation}) => [formatCidrAny(a), c.red(relation), formatCidrAny(b)])
  const summary = `${c.red(`${count(view.overlaps.length)} overlap${view.overlaps.length === 1 ? '' : 's'}`)} among ${count(n)} blocks`
  return [renderColumns(['a', 'relation', 'b'], rows), '', summary, ...(note ? [note] : [])].join('\n')
}
