import {type Cidr, cidrSize, formatCidr, lastAddress} from '../engine/cidr/cidr.js'
import type {CidrInfo} from '../engine/cidr/info.js'
import {formatIpv4} from '../engine/cidr/ipv4.js'
import {VSWITCH_MASK, vswitchUsable} from '../engine/platform/rules.js'
import {colours as c} from './colors.js'
import {renderKeyValues} from './table.js'

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
    ['vSwitch usable', `${info.vswitchUsable.toLocaleString('en-US')} (total − 4 reserved)`],
    ['class', info.class],
    ['VPC CIDR', validity(info.validAs.vpc)],
    ['vSwitch CIDR', validity(info.validAs.vswitch)],
    ['pod CIDR', validity(info.validAs.podCidr)],
    ['Service CIDR', validity(info.validAs.serviceCidr)],
  ])
}

// ---------------------------------------------------------------------------------------------
// split / free / check

export type Align = 'left' | 'right'

/**
 * The same look as renderTable (one-space margin, three spaces between columns, no borders),
 * built by plain padding: cli-table3 needs minutes for the 65,536 rows of a /8 → /24 split.
 * Cells may carry ANSI colour; widths are measured without it.
 */
export function renderColumns(head: string[], rows: readonly string[][], align: readonly Align[] = []): string {
  const widths = head.map((title) => visibleLength(title))
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const length = visibleLength(row[i]!)
      if (length > widths[i]!) widths[i] = length
    }
  }
  const line = (cells: readonly string[]): string => {
    let text = ''
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!
      const padding = ' '.repeat(widths[i]! - visibleLength(cell))
      text += (i === 0 ? ' ' : '   ') + (align[i] === 'right' ? padding + cell : cell + padding)
    }
    return text.trimEnd()
  }
  const lines = new Array<string>(rows.length + 1)
  lines[0] = line(head)
  for (let i = 0; i < rows.length; i++) lines[i + 1] = line(rows[i]!)
  return lines.join('\n')
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;]*m/g

function visibleLength(text: string): number {
  return text.includes('\u001B') ? text.replace(ANSI, '').length : text.length
}

const count = (value: number): string => value.toLocaleString('en-US')

function blockRows(blocks: readonly Cidr[], numbered: boolean): string[][] {
  const rows = new Array<string[]>(blocks.length)
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!
    const cells = [formatCidr(block), formatIpv4(block.network), formatIpv4(lastAddress(block))]
    rows[i] = numbered ? [String(i + 1), ...cells] : [...cells, count(cidrSize(block))]
  }
  return rows
}

function listCidrs(blocks: readonly Cidr[]): string {
  return blocks.map(formatCidr).join(', ')
}

export interface SplitView {
  parent: Cidr
  prefix: number
  subnets: readonly Cidr[]
  /** Set for --count: what was asked and which equal parts stay free. */
  count?: {requested: number; remainder: readonly Cidr[]}
}

export function renderSplit(view: SplitView): string {
  const size = 2 ** (32 - view.prefix)
  const each = `${count(size)} addresses${view.prefix >= VSWITCH_MASK.min && view.prefix <= VSWITCH_MASK.max ? `, ${count(vswitchUsable({network: 0, prefix: view.prefix}))} usable in a vSwitch` : ''} each`
  let header = `${c.bold(formatCidr(view.parent))} → ${count(view.subnets.length)} × /${view.prefix} (${each})`
  const lines: string[] = []
  if (view.count && view.count.remainder.length > 0) {
    const parts = view.subnets.length + view.count.remainder.length
    header += `\n--count ${count(view.count.requested)} rounds up to ${count(parts)} equal parts; the first ${count(view.subnets.length)} are listed`
    lines.push('', `left free: ${listCidrs(view.count.remainder.length > 8 ? view.count.remainder.slice(0, 8) : view.count.remainder)}${view.count.remainder.length > 8 ? `, … (${count(view.count.remainder.length)} blocks)` : ''}`)
  }
  return [header, '', renderColumns(['#', 'CIDR', 'first', 'last'], blockRows(view.subnets, true), ['right']), ...lines].join('\n')
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
  return [header, '', renderColumns(['CIDR', 'first', 'last', 'addresses'], blockRows(view.free, false), ['left', 'left', 'left', 'right'])].join('\n')
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
