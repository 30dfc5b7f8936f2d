import {execFileSync} from 'node:child_process'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {formatIpv4} from '../../../src/engine/cidr/ipv4.js'
import {loadModel} from '../../../src/engine/topology/index.js'

/**
 * Address allocation against an independent oracle: Python's `ipaddress` lists a vSwitch's
 * addresses; Alibaba reserves the first and the last three, and allocation must hand out the
 * rest in order, skipping explicitly given addresses. One python3 process for the whole batch.
 */
interface Case {
  third: number
  prefix: number
  explicit: number[]
  auto: number
}

const caseArb = fc.record({
  third: fc.integer({min: 0, max: 255}),
  prefix: fc.integer({min: 24, max: 29}),
  explicit: fc.uniqueArray(fc.integer({min: 1, max: 6}), {maxLength: 3}),
  auto: fc.integer({min: 0, max: 12}),
})

function topology(c: Case): string {
  const network = `10.1.${c.third}.0/${c.prefix}`
  const lines = ['apiVersion: acknet/v1', 'kind: Topology', 'metadata: {name: p}', 'vpcs:', '  - name: v', '    cidr: 10.0.0.0/8', `    vswitches: [{name: s, zone: z, cidr: "${network}"}]`, 'instances:']
  c.explicit.forEach((offset, i) => lines.push(`  - {name: e${i}, vswitch: s, ip: 10.1.${c.third}.${offset}}`))
  for (let i = 0; i < c.auto; i++) lines.push(`  - {name: a${i}, vswitch: s}`)
  if (c.explicit.length === 0 && c.auto === 0) lines[lines.length - 1] = 'instances: []'
  return lines.join('\n') + '\n'
}

describe('address allocation (python ipaddress oracle)', () => {
  it('hands out usable addresses in order, skipping reserved and explicit ones', () => {
    const cases = fc.sample(caseArb, {numRuns: 1000, seed: 42})
    const script = `
import ipaddress, json, sys
out = []
for c in json.load(sys.stdin):
    net = ipaddress.ip_network(f"10.1.{c['third']}.0/{c['prefix']}")
    usable = list(net)[1:-3]            # first and last three are reserved
    explicit = {str(net.network_address + o) for o in c['explicit']}
    free = [str(a) for a in usable if str(a) not in explicit]
    out.append(free[:c['auto']] + [None] * max(0, c['auto'] - len(free)))
print(json.dumps(out))
`
    const oracle = JSON.parse(execFileSync('python3', ['-c', script], {input: JSON.stringify(cases), encoding: 'utf8'})) as Array<Array<string | null>>
    expect(oracle.flat().filter((ip) => ip === null).length).toBeGreaterThan(0) // some cases overflow
    cases.forEach((c, index) => {
      // explicit offsets may fall on reserved addresses of a /29: harmless, they are never handed out anyway
      const {model} = loadModel('p.yaml', topology(c))
      const auto = model.instances.filter((instance) => !instance.ipGiven).map((instance) => (instance.ip === undefined ? null : formatIpv4(instance.ip)))
      expect(auto, JSON.stringify(c)).toEqual(oracle[index])
      const vswitch = model.vswitchByName.get('s')!
      expect(vswitch.usable).toBe(2 ** (32 - c.prefix) - 4)
    })
  })
})
