import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {diffFlows} from '../../../src/engine/network/diff.js'
import {exposure, inbound, outbound} from '../../../src/engine/network/queries.js'
import {NetworkSession} from '../../../src/engine/network/session.js'
import {loadModelOrThrow} from '../../../src/engine/topology/index.js'

/** Real answers on the production fixture and edited copies of it. */

const FILE = 'fixtures/production.yaml'
const PRODUCTION = readFileSync(FILE, 'utf8')
const session = (text: string) => new NetworkSession(loadModelOrThrow(FILE, text).model)

function edit(text: string, from: string, to: string): string {
  expect(text.includes(from), `fixture lacks ${from}`).toBe(true)
  return text.replace(from, to)
}

/** A legacy app next to the bastion whose group admits the nodePort range from the VPC. */
function withLegacyApp(ports: string): string {
  let text = edit(PRODUCTION, 'securityGroups:\n', `securityGroups:\n  - name: legacy\n    vpc: prod\n    type: enterprise\n    rules:\n      - { direction: ingress, protocol: tcp, ports: "${ports}", peer: 192.168.0.0/16 }\n`)
  text = edit(text, 'instances:\n', 'instances:\n  - name: legacy-app\n    vswitch: ops-i\n    ip: 192.168.12.20\n    securityGroups: [legacy]\n')
  return text
}

describe('exposure of the production fixture', () => {
  it('lists the SLB listeners, the Ingress rule and the DNAT entry on its external port, most open first', () => {
    const flows = exposure(session(PRODUCTION))
    expect(flows.map((f) => `${f.to} ${f.protocol}/${f.ports} ${f.verdict}`)).toEqual([
      'lb:kube-system/nginx-ingress-lb tcp/80 allowed',
      'lb:kube-system/nginx-ingress-lb tcp/443 allowed',
      'url:https://shop.example.com/ tcp/443 allowed',
      // the bastion group admits ssh from the office range only
      'ip:47.96.10.2 tcp/2222 partial',
    ])
    expect(flows[3]!.via).toEqual(['natGateway/prod-nat/dnat#0', 'securityGroup/bastion#0'])
    expect(flows[3]!.admitted).toEqual(['203.0.113.0/24'])
    expect(flows[0]!.via).toContain('service/kube-system/nginx-ingress-lb/listener:tcp/80')
    expect(flows[0]!.via).toContain('securityGroup/k8s-cluster#1')
    expect(flows[2]!.via).toContain('ingress/web/shop')
    expect(flows[2]!.via).toContain('networkPolicy/web/frontend-from-ingress#0')
  })
})

describe('inbound and outbound on the production fixture', () => {
  it('pg-primary: the pods on 5432 through the pod-vSwitch rules, the replica by the replication rule, the bastion on 22', () => {
    const flows = inbound(session(PRODUCTION), 'instance:pg-primary')
    const line = (from: string) => flows.filter((f) => f.from === from).map((f) => `${f.protocol}/${f.ports}`)
    expect(line('pod:api/orders')).toEqual(['tcp/5432'])
    expect(line('instance:bastion-1')).toEqual(['tcp/22'])
    expect(line('instance:pg-replica')).toEqual(['tcp/5432'])
    // the frontend's egress policy keeps it away from the databases
    expect(line('pod:web/frontend')).toEqual([])
    expect(flows.find((f) => f.from === 'instance:bastion-1')!.via).toContain('securityGroup/db#7')
    expect(flows.find((f) => f.from === 'instance:pg-replica')!.via).toContain('securityGroup/db#6')
  })

  it('frontend: only the api namespace on 8080 and DNS, never the databases', () => {
    const flows = outbound(session(PRODUCTION), 'pod:web/frontend', {protocol: 'tcp'})
    const targets = new Set(flows.map((f) => f.to))
    expect(targets.has('instance:pg-primary')).toBe(false)
    expect(flows.filter((f) => f.to === 'pod:api/orders').map((f) => f.ports)).toEqual(['8080'])
    expect(flows.filter((f) => f.to === 'svc:api/orders').map((f) => f.ports)).toEqual(['8080'])
    expect(flows.find((f) => f.to === 'pod:api/orders')!.via).toEqual(expect.arrayContaining(['networkPolicy/api/orders-from-frontend#0', 'networkPolicy/web/frontend-egress#0']))
  })
})

describe('diff of edited production files', () => {
  it('a new namespace whose pods reach PostgreSQL shows as added tcp/5432', () => {
    const head = edit(PRODUCTION, '      - { name: kube-system }\n', '      - { name: kube-system }\n      - { name: reports }\n')
    const withWorkload = edit(head, '    workloads:\n', '    workloads:\n      - name: reporter\n        namespace: reports\n        replicas: 2\n        labels: { app: reporter }\n')
    const changes = [...diffFlows(session(PRODUCTION), session(withWorkload), ['tcp'], {from: ['pod:reports/reporter'], to: ['instance:pg-primary']})]
    expect(changes.map((c) => `${c.change} ${c.protocol}/${c.ports}`)).toEqual(['added tcp/5432'])
    expect(changes[0]!.base).toBeNull()
    expect(changes[0]!.head!.verdict).toBe('allowed')
  })

  it('opening 5432 in the frontend egress policy adds tcp/5432 to both databases and changes the reason for redis (its group admits pods on 5432, it does not listen there)', () => {
    const head = edit(PRODUCTION, '              ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]\n', '              ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]\n            - to: [{ ipBlock: { cidr: 192.168.128.0/23 } }]\n              ports: [{ protocol: TCP, port: 5432 }]\n')
    const changes = [...diffFlows(session(PRODUCTION), session(head), ['tcp'], {from: ['pod:web/frontend'], to: ['instance:*']})]
    expect(changes.map((c) => `${c.change} ${c.to} ${c.protocol}/${c.ports}`)).toEqual([
      'added instance:pg-primary tcp/5432',
      'added instance:pg-replica tcp/5432',
      'changed instance:redis-1 tcp/5432',
    ])
    expect(changes[0]!.base!.reason).toEqual({code: 'NETPOL_EGRESS_DENIED', object: 'networkPolicy/web/frontend-egress'})
    expect(changes[0]!.head!.via).toContain('networkPolicy/web/frontend-egress#2')
    expect(changes[2]!.base!.reason).toEqual({code: 'NETPOL_EGRESS_DENIED', object: 'networkPolicy/web/frontend-egress'})
    expect(changes[2]!.head!.reason).toEqual({code: 'PORT_NOT_LISTENING', object: 'instance/redis-1'})
  })

  it('narrowing a rule from 30000/32767 to 30000/30100 removes exactly tcp/30101-32767', () => {
    const base = session(withLegacyApp('30000/32767'))
    const head = session(withLegacyApp('30000/30100'))
    expect(inbound(base, 'instance:legacy-app', {protocol: 'tcp', from: ['instance:bastion-1']}).map((f) => f.ports)).toEqual(['30000-32767'])
    const changes = [...diffFlows(base, head, ['tcp'], {from: ['instance:bastion-1'], to: ['instance:legacy-app']})]
    expect(changes.map((c) => `${c.change} ${c.protocol}/${c.ports}`)).toEqual(['removed tcp/30101-32767'])
    expect(changes[0]!.head!.reason).toEqual({code: 'SG_INGRESS_DENIED', object: 'securityGroup/legacy'})
    expect(changes[0]!.base!.via).toContain('securityGroup/legacy#0')
  })

  it('no edit, no change', () => {
    expect([...diffFlows(session(PRODUCTION), session(PRODUCTION), ['tcp', 'udp'], {from: ['pod:web/*']})]).toEqual([])
  })
})
