import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {emptyConfig} from '../../../src/engine/lint/config.js'
import {RULES} from '../../../src/engine/lint/registry.js'
import {lintInput} from '../../../src/engine/lint/run.js'

const HEADER = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: t}\n'

function lint(body: string) {
  return lintInput({file: 'inline.yaml', text: HEADER + body}, {config: emptyConfig()}).findings
}
const ids = (body: string) => lint(body).map((finding) => `${finding.ruleId}@${finding.line}:${finding.column}`)

const SPEC_RULE_IDS = [
  'yaml-syntax', 'schema', 'unknown-reference', 'duplicate-name', 'cidr-syntax', 'vpc-cidr', 'vswitch-cidr', 'vswitch-overlap',
  'pod-cidr', 'service-cidr', 'node-cidr-mask', 'route-quota', 'route-destination', 'vswitch-capacity', 'ip-address',
  'terway-min-pods', 'terway-exclusive-enis', 'terway-pod-vswitch-zone', 'pod-capacity', 'flannel-network-policy',
  'terway-pod-networking', 'flannel-unsupported', 'sg-mixed-types', 'sg-rule-count', 'sg-basic-capacity', 'sg-open-admin-port',
  'service-no-endpoints', 'service-target-port', 'node-port-range', 'netpol-selects-nothing', 'expectation',
]

describe('rule registry', () => {
  it('registers every SPEC §5 rule id once, with the SPEC severity', () => {
    const registered = RULES.map((rule) => rule.id)
    expect(new Set(registered).size).toBe(registered.length)
    expect(SPEC_RULE_IDS.filter((id) => !registered.includes(id))).toEqual([])
    const spec = RULES.filter((rule) => SPEC_RULE_IDS.includes(rule.id))
    const warnings = spec.filter((rule) => rule.severity === 'warning').map((rule) => rule.id).sort()
    expect(warnings).toEqual(['flannel-network-policy', 'pod-capacity', 'service-no-endpoints', 'sg-basic-capacity', 'sg-open-admin-port'])
    expect(spec.filter((rule) => rule.severity === 'info').map((rule) => rule.id)).toEqual(['netpol-selects-nothing'])
  })

  it('every rule has a description, help text and a section in docs/lint.md', () => {
    const docs = readFileSync(new URL('../../../docs/lint.md', import.meta.url), 'utf8')
    for (const rule of RULES) {
      expect(rule.description.length, rule.id).toBeGreaterThan(15)
      expect(rule.help.length, rule.id).toBeGreaterThan(60)
      expect(docs, `docs/lint.md section for ${rule.id}`).toContain(`### ${rule.id}\n`)
    }
  })
})

describe('rules on small topologies', () => {
  it('vswitch-count: the 151st vSwitch of a VPC', () => {
    const vswitches = Array.from({length: 151}, (_, i) => `      - {name: v${i}, zone: z, cidr: 10.${Math.floor(i / 256)}.${i % 256}.0/24}`).join('\n')
    const findings = lint(`vpcs:\n  - name: big\n    cidr: 10.0.0.0/8\n    vswitches:\n${vswitches}\n`)
    expect(findings.map((finding) => finding.ruleId)).toEqual(['vswitch-count'])
    expect(findings[0]).toMatchObject({line: 3 + 4 + 151, column: 16, path: 'vpcs[0].vswitches[150].name'})
    expect(findings[0]!.message).toMatch(/151 vSwitches; the quota is 150/)
  })

  it('vswitch-overlap: equal blocks, reported on the later one only', () => {
    expect(ids('vpcs:\n  - name: p\n    cidr: 10.0.0.0/16\n    vswitches:\n      - {name: a, zone: z, cidr: 10.0.1.0/24}\n      - {name: b, zone: z, cidr: 10.0.1.0/24}\n')).toEqual(['vswitch-overlap@9:34'])
  })

  it('sg-open-admin-port: not when a drop rule with higher priority covers the port; yes for protocol all from anywhere', () => {
    const sg = (rules: string) => `vpcs: [{name: p, cidr: 10.0.0.0/16}]\nsecurityGroups:\n  - name: g\n    vpc: p\n    rules:\n${rules}`
    expect(ids(sg('      - {direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0, priority: 5}\n      - {direction: ingress, protocol: tcp, ports: "1/1024", peer: 0.0.0.0/0, action: drop, priority: 1}\n'))).toEqual(['sg-rule-shadowed@9:9']) // the drop shadows the accept: sg-rule-shadowed says so instead
    expect(ids(sg('      - {direction: ingress, protocol: tcp, ports: "22/22", peer: 10.0.0.0/8}\n      - {direction: egress, protocol: tcp, ports: "22/22"}\n'))).toEqual([])
    const all = lint(sg('      - {direction: ingress, protocol: all}\n'))
    expect(all.map((finding) => finding.ruleId)).toEqual(['sg-open-admin-port'])
    expect(all[0]!.message).toMatch(/all traffic from 0\.0\.0\.0\/0 to 22 \(SSH\), 3389 \(RDP\), 6443/)
  })

  const twoClusters = (podB: string, serviceB: string) => `vpcs:
  - name: p
    cidr: 192.168.0.0/16
    vswitches: [{name: n, zone: z, cidr: 192.168.0.0/24}]
clusters:
  - name: a
    vpc: p
    network: {plugin: flannel, podCidr: 172.20.0.0/16}
    serviceCidr: 172.21.0.0/20
  - name: b
    vpc: p
    network: {plugin: flannel, podCidr: ${podB}}
    serviceCidr: ${serviceB}
`

  it('pod-cidr and service-cidr-shared: overlaps between clusters of one VPC, reported once on the later cluster', () => {
    const findings = lint(twoClusters('172.20.128.0/17', '172.21.0.0/24'))
    // overlapping Service CIDRs are allowed in ACK (0.2): a warning, no longer a service-cidr error
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}: ${finding.severity}: ${finding.message}`)).toEqual([
      'pod-cidr@15: error: cluster b: pod CIDR 172.20.128.0/17 overlaps the pod CIDR of cluster a (172.20.0.0/16)',
      'service-cidr-shared@16: warning: cluster b: Service CIDR 172.21.0.0/24 overlaps the Service CIDR of cluster a (172.21.0.0/20) in VPC p; allowed, but cluster IPs become ambiguous across the two',
    ])
    expect(ids(twoClusters('172.22.0.0/16', '172.23.0.0/20'))).toEqual([])
    expect(lint(twoClusters('172.21.0.0/16', '172.23.0.0/20')).map((finding) => finding.message)).toEqual(['cluster b: pod CIDR 172.21.0.0/16 overlaps the Service CIDR of cluster a (172.21.0.0/20)'])
  })

  it('route-quota: custom routes alone over the quota, on the first entry past it', () => {
    const routes = Array.from({length: 3}, (_, i) => `          - {destination: 10.${i}.0.0/16, nextHop: blackhole}`).join('\n')
    const findings = lint(`settings: {routeEntriesPerTable: 2}\nvpcs:\n  - name: p\n    cidr: 192.168.0.0/16\n    routeTables:\n      - name: system\n        routes:\n${routes}\n`)
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}:${finding.column}`)).toEqual(['route-quota@13:27'])
    expect(findings[0]!.message).toMatch(/3 custom routes; the quota is 2/)
  })

  it('route-destination: a destination that contains a vSwitch is fine; 100.64.0.0/10 is not', () => {
    const table = (destination: string) => `vpcs:\n  - name: p\n    cidr: 192.168.0.0/16\n    routeTables:\n      - name: system\n        routes: [{destination: ${destination}, nextHop: blackhole}]\n    vswitches: [{name: n, zone: z, cidr: 192.168.1.0/24}]\n`
    expect(ids(table('192.168.0.0/16'))).toEqual([])
    expect(lint(table('100.64.1.0/24')).map((finding) => finding.message)).toEqual(['route 100.64.1.0/24 in table system lies in 100.64.0.0/10, which route entries may not use'])
    expect(lint(table('192.168.1.0/24'))[0]!.message).toMatch(/equals the CIDR of vSwitch n/)
  })

  it('flannel-unsupported: dual-stack Services in a Flannel cluster', () => {
    const findings = lint(`vpcs: [{name: p, cidr: 192.168.0.0/16}]
clusters:
  - name: f
    vpc: p
    network: {plugin: flannel, podCidr: 172.20.0.0/16}
    services:
      - metadata: {name: s}
        spec: {ipFamilyPolicy: RequireDualStack, ports: [{port: 80}]}
`)
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}:${finding.column}`)).toEqual(['flannel-unsupported@11:32'])
  })

  it('netpol-selects-nothing: matchExpressions are honoured; an empty podSelector is never reported', () => {
    const cluster = (selector: string) => `vpcs: [{name: p, cidr: 192.168.0.0/16, vswitches: [{name: n, zone: z, cidr: 192.168.0.0/24}, {name: q, zone: z, cidr: 192.168.1.0/24}]}]
clusters:
  - name: c
    vpc: p
    network: {plugin: terway, podVSwitches: [q]}
    nodePools: [{name: d, instanceType: ecs.g7.xlarge, count: 1, vswitches: [n]}]
    workloads: [{name: w, namespace: web, replicas: 1, labels: {app: web, tier: front}}]
    networkPolicies:
      - metadata: {name: np, namespace: web}
        spec: {podSelector: ${selector}}
`
    expect(ids(cluster('{}'))).toEqual([])
    expect(ids(cluster('{matchExpressions: [{key: tier, operator: In, values: [front, back]}]}'))).toEqual([])
    expect(ids(cluster('{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}'))).toEqual(['netpol-selects-nothing@13:29'])
    expect(ids(cluster('{matchExpressions: [{key: team, operator: Exists}]}'))).toEqual(['netpol-selects-nothing@13:29'])
  })

  it('terway-min-pods: not reported when the catalog lacks IPv4 per ENI (never guessed)', () => {
    const findings = lint(`instanceTypes: [{name: ecs.custom.small, enis: 2}]
vpcs: [{name: p, cidr: 192.168.0.0/16, vswitches: [{name: n, zone: z, cidr: 192.168.0.0/24}, {name: q, zone: z, cidr: 192.168.1.0/24}]}]
clusters:
  - name: c
    vpc: p
    network: {plugin: terway, podVSwitches: [q]}
    nodePools: [{name: d, instanceType: ecs.custom.small, count: 1, vswitches: [n]}]
`)
    expect(findings.filter((finding) => finding.ruleId === 'terway-min-pods')).toEqual([])
  })

  it('a partially resolved file (broken references) still gets the other rules, without crashing', () => {
    const findings = lint(`vpcs:
  - name: p
    cidr: 192.168.0.0/16
    vswitches: [{name: n, zone: z, cidr: 10.9.0.0/24}]
clusters:
  - name: c
    vpc: nowhere
    network: {plugin: terway, podVSwitches: [missing]}
    nodePools: [{name: d, instanceType: ecs.g7.xlarge, count: 2, vswitches: [n, ghost]}]
`)
    const rules = findings.map((finding) => finding.ruleId)
    expect(rules).toContain('unknown-reference')
    expect(rules).toContain('vswitch-cidr')
  })

  it('sg-enterprise-reference: enterprise groups neither use nor are used as sg: peers', () => {
    const findings = lint(`vpcs: [{name: p, cidr: 10.0.0.0/16}]
securityGroups:
  - {name: ent, vpc: p, type: enterprise, rules: [{direction: ingress, protocol: tcp, peer: "sg:basic"}]}
  - {name: basic, vpc: p, rules: [{direction: ingress, protocol: tcp, peer: "sg:ent"}, {direction: ingress, protocol: tcp, peer: "sg:other"}]}
  - {name: other, vpc: p}
`)
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}:${finding.column}`)).toEqual(['sg-enterprise-reference@6:93', 'sg-enterprise-reference@7:77'])
    expect(findings[1]!.message).toMatch(/references enterprise group ent/)
  })

  it('terway-pod-vswitch-distinct: a pod vSwitch that is also a node vSwitch', () => {
    const findings = lint(`vpcs: [{name: p, cidr: 192.168.0.0/16, vswitches: [{name: n, zone: z, cidr: 192.168.0.0/24}]}]
clusters:
  - name: c
    vpc: p
    network: {plugin: terway, podVSwitches: [n]}
    nodePools: [{name: d, instanceType: ecs.g7.xlarge, count: 1, vswitches: [n]}]
`)
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}:${finding.column}`)).toEqual(['terway-pod-vswitch-distinct@8:46'])
  })

  it('nat-snat-coverage: only vSwitches with users whose default route goes to the NAT gateway', () => {
    const topology = (snat: string) => `vpcs:
  - name: p
    cidr: 192.168.0.0/16
    routeTables: [{name: system, routes: [{destination: 0.0.0.0/0, nextHop: "nat:gw"}]}]
    vswitches:
      - {name: a, zone: z, cidr: 192.168.0.0/24}
      - {name: b, zone: z, cidr: 192.168.1.0/24}
      - {name: empty, zone: z, cidr: 192.168.2.0/24}
instances:
  - {name: vm-a, vswitch: a}
  - {name: vm-b, vswitch: b}
  - {name: public, vswitch: empty, publicIp: true}
natGateways: [{name: gw, vpc: p, vswitch: a, eips: [47.0.0.1], snat: ${snat}}]
`
    expect(ids(topology('[{source: "vswitch:a"}, {source: 192.168.1.0/24}]'))).toEqual([])
    const findings = lint(topology('[{source: "vswitch:a"}, {source: 192.168.1.0/25}]'))
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}`)).toEqual(['nat-snat-coverage@10'])
    expect(findings[0]!.message).toMatch(/vSwitch b .*cover only part of it/)
  })
})
