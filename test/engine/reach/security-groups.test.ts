import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {parseIpv4} from '../../../src/engine/cidr/ipv4.js'
import {EniPolicy, type SecurityGroupInput, SecurityGroupIndex} from '../../../src/engine/reach/security-groups.js'

const ip = (text: string) => parseIpv4(text)!
const none = new Set<string>()

describe('security groups: rule order', () => {
  const db: SecurityGroupInput = {
    name: 'db',
    type: 'enterprise',
    rules: [
      {direction: 'ingress', protocol: 'tcp', ports: '5432/5432', peer: '192.168.0.0/16', priority: 10},
      {direction: 'ingress', protocol: 'tcp', ports: '5432/5432', peer: '192.168.32.0/19', action: 'drop', priority: 10},
      {direction: 'ingress', protocol: 'all', peer: '10.0.0.0/8', action: 'drop', priority: 5},
      {direction: 'egress', protocol: 'all', peer: '0.0.0.0/0'},
    ],
  }
  const eni = new EniPolicy([db])

  it('at equal priority drop wins over accept', () => {
    const decision = eni.evaluate('ingress', 'tcp', 5432, ip('192.168.33.1'), none)
    expect(decision).toMatchObject({accepted: false, group: 'db', ruleIndex: 1, priority: 10, byDefault: false})
    expect(decision.overridden).toEqual([expect.stringContaining('db rule 0')])
  })

  it('the accept rule applies where the drop rule does not match', () => {
    expect(eni.evaluate('ingress', 'tcp', 5432, ip('192.168.1.1'), none)).toMatchObject({accepted: true, ruleIndex: 0})
  })

  it('a lower priority number wins regardless of declaration order', () => {
    const twoGroups = new EniPolicy([
      {name: 'a', type: 'enterprise', rules: [{direction: 'ingress', protocol: 'tcp', ports: '1/65535', peer: '0.0.0.0/0', action: 'drop', priority: 50}]},
      {name: 'b', type: 'enterprise', rules: [{direction: 'ingress', protocol: 'tcp', ports: '80/80', peer: '0.0.0.0/0', priority: 20}]},
    ])
    expect(twoGroups.evaluate('ingress', 'tcp', 80, ip('1.2.3.4'), none)).toMatchObject({accepted: true, group: 'b', priority: 20})
    expect(twoGroups.evaluate('ingress', 'tcp', 81, ip('1.2.3.4'), none)).toMatchObject({accepted: false, group: 'a', priority: 50})
  })

  it('enterprise groups drop unmatched ingress and egress', () => {
    expect(eni.evaluate('ingress', 'udp', 53, ip('192.168.1.1'), none)).toMatchObject({accepted: false, byDefault: true})
    const noEgress = new EniPolicy([{name: 'e', type: 'enterprise', rules: []}])
    expect(noEgress.evaluate('egress', 'tcp', 443, ip('8.8.8.8'), none)).toMatchObject({accepted: false, byDefault: true, group: 'e'})
  })

  it('protocol all matches icmp; port ranges only constrain tcp/udp', () => {
    expect(eni.evaluate('egress', 'icmp', 0, ip('8.8.8.8'), none).accepted).toBe(true)
    const icmpOnly = new EniPolicy([{name: 'i', type: 'enterprise', rules: [{direction: 'ingress', protocol: 'icmp', peer: '0.0.0.0/0'}]}])
    expect(icmpOnly.evaluate('ingress', 'icmp', 0, ip('1.1.1.1'), none).accepted).toBe(true)
    expect(icmpOnly.evaluate('ingress', 'tcp', 80, ip('1.1.1.1'), none).accepted).toBe(false)
  })
})

describe('security groups: basic defaults and sg: peers', () => {
  const nodes: SecurityGroupInput = {name: 'nodes', rules: [{direction: 'ingress', protocol: 'tcp', ports: '22/22', peer: '0.0.0.0/0', action: 'drop'}]}
  const isolated: SecurityGroupInput = {name: 'isolated', innerAccess: 'drop', rules: []}
  const app: SecurityGroupInput = {name: 'app', rules: [{direction: 'ingress', protocol: 'tcp', ports: '8080/8080', peer: 'sg:web'}]}

  it('basic: ingress from a member of the same group is accepted, from others dropped', () => {
    const eni = new EniPolicy([nodes])
    expect(eni.evaluate('ingress', 'tcp', 10250, ip('192.168.0.9'), new Set(['nodes']))).toMatchObject({accepted: true, byDefault: true, group: 'nodes'})
    expect(eni.evaluate('ingress', 'tcp', 10250, ip('192.168.0.9'), new Set(['other']))).toMatchObject({accepted: false, byDefault: true})
    // an explicit drop rule beats the same-group default
    expect(eni.evaluate('ingress', 'tcp', 22, ip('192.168.0.9'), new Set(['nodes']))).toMatchObject({accepted: false, byDefault: false, ruleIndex: 0})
  })

  it('basic: egress is accepted with no rule', () => {
    expect(new EniPolicy([nodes]).evaluate('egress', 'tcp', 5432, ip('10.0.0.1'), none)).toMatchObject({accepted: true, byDefault: true})
  })

  it('basic with innerAccess drop: members are not accepted by default', () => {
    const decision = new EniPolicy([isolated]).evaluate('ingress', 'tcp', 80, ip('192.168.0.9'), new Set(['isolated']))
    expect(decision.accepted).toBe(false)
    expect(decision.detail).toMatch(/innerAccess drop/)
  })

  it('a sg:NAME peer matches members of that group only', () => {
    const eni = new EniPolicy([app])
    expect(eni.evaluate('ingress', 'tcp', 8080, ip('192.168.1.1'), new Set(['web']))).toMatchObject({accepted: true, ruleIndex: 0})
    expect(eni.evaluate('ingress', 'tcp', 8080, ip('192.168.1.1'), new Set(['db'])).accepted).toBe(false)
  })

  it('the index sorts each distinct group set once and reuses it', () => {
    const index = new SecurityGroupIndex([nodes, app])
    expect(index.forEni(['nodes', 'app'])).toBe(index.forEni(['nodes', 'app']))
    expect(index.forEni(['app'])).not.toBe(index.forEni(['nodes', 'app']))
  })
})

describe('security groups: property — first matching rule in (priority, drop-first) order decides', () => {
  it('agrees with a brute-force oracle over random rule sets', () => {
    const rule = fc.record({
      direction: fc.constant('ingress' as const),
      protocol: fc.constantFrom('tcp', 'udp', 'all'),
      from: fc.integer({min: 1, max: 100}),
      len: fc.integer({min: 0, max: 50}),
      action: fc.constantFrom('accept' as const, 'drop' as const),
      priority: fc.integer({min: 1, max: 5}),
      peerPrefix: fc.constantFrom(0, 8, 16, 24),
    })
    fc.assert(
      fc.property(fc.array(rule, {maxLength: 12}), fc.integer({min: 1, max: 160}), fc.constantFrom('tcp', 'udp'), (rules, port, protocol) => {
        const peer = ip('10.1.2.3')
        const group: SecurityGroupInput = {
          name: 'g',
          type: 'enterprise',
          rules: rules.map((r) => ({direction: r.direction, protocol: r.protocol, ports: `${r.from}/${r.from + r.len}`, action: r.action, priority: r.priority, peer: r.peerPrefix === 0 ? '0.0.0.0/0' : r.peerPrefix === 8 ? '10.0.0.0/8' : r.peerPrefix === 16 ? '10.2.0.0/16' : '10.1.2.0/24'})),
        }
        const decision = new EniPolicy([group]).evaluate('ingress', protocol, port, peer, none)
        // oracle: among matching rules, the best priority; any drop there wins
        const matching = rules.filter((r) => (r.protocol === 'all' || r.protocol === protocol) && (r.protocol === 'all' || (port >= r.from && port <= r.from + r.len)) && r.peerPrefix !== 16)
        if (matching.length === 0) return decision.accepted === false && decision.byDefault
        const best = Math.min(...matching.map((r) => r.priority))
        const dropAtBest = matching.some((r) => r.priority === best && r.action === 'drop')
        return decision.accepted === !dropAtBest && decision.priority === best
      }),
      {numRuns: 1000},
    )
  })
})
