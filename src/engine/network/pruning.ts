import {internetClasses} from '../reach/internet.js'
import type {Model} from '../topology/model.js'
import type {NetworkProtocol, PortRange} from './ports.js'
import type {Footprint} from './sg-footprint.js'

/** What the two pair filters of `diff` (sg-pruning.ts, netpol-pruning.ts) share. */

/** Port ranges sorted and merged where they touch or overlap (new objects; the input is left alone). */
export function mergeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = ranges.map((range) => ({from: range.from, to: range.to})).sort((a, b) => a.from - b.from)
  const out: PortRange[] = []
  for (const range of sorted) {
    const last = out.at(-1)
    if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to)
    else out.push(range)
  }
  return out
}

/** Whether a port is one of the ranges; icmp and sctp stage ports are not told apart (any range holds them). */
export function inside(ranges: readonly PortRange[], protocol: NetworkProtocol, port: number): boolean {
  if (protocol === 'icmp' || protocol === 'sctp') return ranges.length > 0
  return ranges.some((range) => range.from <= port && port <= range.to)
}

/** The affected ports plus the flow ports whose receivers are asked on an affected port, merged. */
export function withTranslated(affected: readonly PortRange[], footprint: Footprint, protocol: NetworkProtocol): readonly PortRange[] {
  if (protocol === 'icmp') return affected
  const extra: PortRange[] = []
  for (const {flow, stage} of footprint.translated) {
    if (flow < 1 || flow > 65_535 || inside(affected, protocol, flow)) continue
    if (stage.some((port) => inside(affected, protocol, port))) extra.push({from: flow, to: flow})
  }
  return extra.length === 0 ? affected : mergeRanges([...affected, ...extra])
}

/** The internet is traced per address class: pairs with it may be skipped only when both files cut it alike. */
export function sameInternet(base: Model, head: Model, family: 4 | 6): boolean {
  const a = internetClasses(base, family)
  const b = internetClasses(head, family)
  return a.length === b.length && a.every((cls, i) => cls.name === b[i]!.name && cls.representative === b[i]!.representative)
}
