import {describe, expect, it} from 'vitest'
import {sgOnlyDelta} from '../../../src/engine/network/model-delta.js'
import {loadModel} from '../../../src/engine/topology/index.js'

// dual stack (issue #17): a rule's IPv6 peer block is part of what decides with it
const topology = (peer: string) => `apiVersion: acknet/v1
kind: Topology
metadata: {name: t}
vpcs: [{name: v, cidr: 10.0.0.0/16, ipv6Cidr: "2408:4005:3bc:1200::/56", vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24}]}]
securityGroups:
  - {name: g, vpc: v, rules: [{direction: ingress, protocol: tcp, ports: "22/22"${peer}}]}
instances: [{name: i, vswitch: s, securityGroups: [g]}]
`

describe('sgOnlyDelta with IPv6 peers', () => {
  it('any address → ::/0 is a rule change on its port, not "nothing differs"', () => {
    const delta = sgOnlyDelta(loadModel('a.yaml', topology('')).model, loadModel('b.yaml', topology(', peer: "::/0"')).model)
    expect(delta?.get('tcp')).toEqual([{from: 22, to: 22}])
  })

  it('the same IPv6 peer on both sides is no change', () => {
    const delta = sgOnlyDelta(loadModel('a.yaml', topology(', peer: "::/0"')).model, loadModel('b.yaml', topology(', peer: "::/0"')).model)
    expect(delta?.get('tcp') ?? []).toEqual([])
  })
})
