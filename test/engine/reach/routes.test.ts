import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {type Cidr, requireCidr, cidrContainsAddress} from '../../../src/engine/cidr/cidr.js'
import {parseIpv4} from '../../../src/engine/cidr/ipv4.js'
import {describeEntry, parseNextHop, type RouteEntry, RouteLookup} from '../../../src/engine/reach/routes.js'

const ip = (text: string) => parseIpv4(text)!

describe('route lookup', () => {
  const table = new RouteLookup([
    {destination: requireCidr('192.168.0.0/19'), target: {kind: 'local', vswitch: 'node-i'}},
    {destination: requireCidr('0.0.0.0/0'), target: {kind: 'nat', name: 'prod-nat'}},
    {destination: requireCidr('10.99.0.0/16'), target: {kind: 'blackhole'}},
    {destination: requireCidr('10.99.1.0/24'), target: {kind: 'peer', vpc: 'dr'}},
    {destination: requireCidr('172.20.0.64/26'), target: {kind: 'node', cluster: 'shop', node: 'default-1'}},
  ])

  it('picks the longest prefix', () => {
    expect(table.lookup(ip('10.99.1.7'))!.target).toEqual({kind: 'peer', vpc: 'dr'})
    expect(table.lookup(ip('10.99.2.7'))!.target).toEqual({kind: 'blackhole'})
    expect(table.lookup(ip('192.168.3.3'))!.target).toEqual({kind: 'local', vswitch: 'node-i'})
    expect(table.lookup(ip('8.8.8.8'))!.target).toEqual({kind: 'nat', name: 'prod-nat'})
    expect(describeEntry(table.lookup(ip('172.20.0.70'))!)).toBe('172.20.0.64/26 → node default-1 (Flannel, cluster shop)')
  })

  it('a filter restricts the candidates (a Flannel pod CIDR is routed only by node routes)', () => {
    expect(table.lookup(ip('172.20.0.5'), (e) => e.target.kind === 'node')).toBeUndefined()
    expect(table.lookup(ip('172.20.0.5'))!.target.kind).toBe('nat')
  })

  it('without a default route an outside address has no route', () => {
    expect(new RouteLookup([{destination: requireCidr('192.168.0.0/24'), target: {kind: 'local', vswitch: 'a'}}]).lookup(ip('192.168.1.1'))).toBeUndefined()
  })

  it('parses nextHop text', () => {
    expect(parseNextHop('nat:prod-nat')).toEqual({kind: 'nat', name: 'prod-nat'})
    expect(parseNextHop('instance:fw')).toEqual({kind: 'instance', name: 'fw'})
    expect(parseNextHop('peer:dr')).toEqual({kind: 'peer', vpc: 'dr'})
    expect(parseNextHop('blackhole')).toEqual({kind: 'blackhole'})
    expect(parseNextHop('vpn:x')).toBeUndefined()
  })

  it('property: agrees with a linear longest-prefix scan', () => {
    const entryArb = fc.record({network: fc.integer({min: 0, max: 0xffffffff}), prefix: fc.integer({min: 0, max: 32})})
    fc.assert(
      fc.property(fc.array(entryArb, {maxLength: 40}), fc.array(fc.integer({min: 0, max: 0xffffffff}), {minLength: 1, maxLength: 20}), (raw, probes) => {
        const entries: RouteEntry[] = raw.map((r, i) => {
          const mask = r.prefix === 0 ? 0 : (0xffffffff << (32 - r.prefix)) >>> 0
          return {destination: {network: (r.network & mask) >>> 0, prefix: r.prefix}, target: {kind: 'instance', name: String(i)}}
        })
        const table = new RouteLookup(entries)
        for (const probe of probes) {
          // mix in addresses inside the entries so matches are frequent
          for (const address of [probe, ...entries.slice(0, 3).map((e) => ((e.destination as Cidr).network | (probe & 0xff)) >>> 0)]) {
            const covering = entries.filter((e) => cidrContainsAddress(e.destination as Cidr, address))
            const best = covering.length === 0 ? undefined : Math.max(...covering.map((e) => e.destination.prefix))
            const found = table.lookup(address)
            if (best === undefined ? found !== undefined : found?.destination.prefix !== best) return false
            if (found && !cidrContainsAddress(found.destination as Cidr, address)) return false
          }
        }
        return true
      }),
      {numRuns: 1000},
    )
  })
})
