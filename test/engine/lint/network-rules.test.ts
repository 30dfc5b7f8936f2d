import {describe, expect, it} from 'vitest'
import {emptyConfig} from '../../../src/engine/lint/config.js'
import {lintInput} from '../../../src/engine/lint/run.js'

/**
 * ESLint RuleTester style: valid cases produce no finding of the rule, invalid ones exactly the
 * listed findings. Each boundary has a case on both sides, so a flipped comparison (priority <
 * vs <=, drop vs accept at equal priority, a port or address edge off by one) fails a test.
 */

const HEADER = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: t}\n'

function findings(body: string, ruleId: string) {
  return lintInput({file: 'inline.yaml', text: HEADER + body}, {config: emptyConfig()}).findings.filter((f) => f.ruleId === ruleId)
}

interface Case {
  name: string
  rules: string[]
  /** Indexes of the rules reported (none = valid). */
  shadowed?: number[]
}

const group = (rules: string[]) => `vpcs: [{name: p, cidr: 10.0.0.0/16}]\nsecurityGroups:\n  - name: g\n    vpc: p\n    type: enterprise\n    rules:\n${rules.map((r) => `      - ${r}\n`).join('')}`

const shadowCases: Case[] = [
  // valid
  {name: 'a drop with a lower priority (larger number) does not shadow', rules: ['{direction: ingress, protocol: tcp, ports: "22/22", peer: 10.0.0.0/8, priority: 5}', '{direction: ingress, protocol: tcp, ports: "1/1024", peer: 0.0.0.0/0, action: drop, priority: 6}']},
  {name: 'an accept at equal priority does not shadow a drop (drop wins)', rules: ['{direction: ingress, protocol: tcp, ports: "1/1024", peer: 0.0.0.0/0, priority: 5}', '{direction: ingress, protocol: tcp, ports: "22/22", peer: 10.0.0.0/8, action: drop, priority: 5}']},
  {name: 'at equal priority and action the earlier rule is not shadowed by a later one', rules: ['{direction: ingress, protocol: tcp, ports: "80/80", peer: 10.0.0.0/8, priority: 3}', '{direction: ingress, protocol: tcp, ports: "1/1024", peer: 0.0.0.0/0, priority: 3}']},
  {name: 'a port range one port short does not cover', rules: ['{direction: ingress, protocol: tcp, ports: "1/79", peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "1/80", peer: 0.0.0.0/0, priority: 2}']},
  {name: 'a range starting one port late does not cover', rules: ['{direction: ingress, protocol: tcp, ports: "81/100", peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "80/100", peer: 0.0.0.0/0, priority: 2}']},
  {name: 'a narrower peer does not cover', rules: ['{direction: ingress, protocol: tcp, ports: "80/80", peer: 10.0.0.0/9, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "80/80", peer: 10.0.0.0/8, priority: 2}']},
  {name: 'two peers with a gap between them do not cover', rules: ['{direction: ingress, protocol: tcp, peer: 10.0.0.0/9, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, peer: 10.192.0.0/10, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "80/80", peer: 10.0.0.0/8, priority: 2}']},
  {name: 'another protocol does not cover', rules: ['{direction: ingress, protocol: udp, ports: "53/53", peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "53/53", peer: 0.0.0.0/0, priority: 2}']},
  {name: 'tcp does not cover protocol all', rules: ['{direction: ingress, protocol: tcp, peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: all, peer: 0.0.0.0/0, priority: 2}']},
  {name: 'the other direction does not cover', rules: ['{direction: egress, protocol: all, peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0, priority: 2}']},
  // invalid
  {name: 'a higher-priority drop covers an accept', rules: ['{direction: ingress, protocol: tcp, ports: "1/1024", peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "22/22", peer: 10.0.0.0/8, priority: 2}'], shadowed: [1]},
  {name: 'an equal-priority drop covers an accept (drop wins)', rules: ['{direction: ingress, protocol: tcp, ports: "22/22", peer: 10.0.0.0/8, priority: 5}', '{direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0, action: drop, priority: 5}'], shadowed: [0]},
  {name: 'a higher-priority accept covers a later drop', rules: ['{direction: ingress, protocol: all, peer: 0.0.0.0/0, priority: 1}', '{direction: ingress, protocol: tcp, ports: "22/22", peer: 10.0.0.0/8, action: drop, priority: 2}'], shadowed: [1]},
  {name: 'exact port edges cover', rules: ['{direction: ingress, protocol: tcp, ports: "80/80", peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "80/80", peer: 0.0.0.0/0, priority: 2}'], shadowed: [1]},
  {name: 'the union of two port ranges covers', rules: ['{direction: ingress, protocol: tcp, ports: "1/79", peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "80/100", peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "50/90", peer: 0.0.0.0/0, priority: 3}'], shadowed: [2]},
  {name: 'the union of two peers covers', rules: ['{direction: ingress, protocol: tcp, peer: 10.0.0.0/9, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, peer: 10.128.0.0/9, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "80/80", peer: 10.0.0.0/8, priority: 2}'], shadowed: [2]},
  {name: 'protocol all covers tcp', rules: ['{direction: ingress, protocol: all, peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "443/443", peer: 0.0.0.0/0, priority: 2}'], shadowed: [1]},
  {name: 'a duplicate at equal priority and action: the later one is never reached', rules: ['{direction: ingress, protocol: tcp, ports: "80/80", peer: 0.0.0.0/0, priority: 3}', '{direction: ingress, protocol: tcp, ports: "80/80", peer: 0.0.0.0/0, priority: 3}'], shadowed: [1]},
]

describe('rule sg-rule-shadowed: valid and invalid boundary cases', () => {
  for (const c of shadowCases) {
    it(`${c.shadowed ? 'invalid' : 'valid'}: ${c.name}`, () => {
      const found = findings(group(c.rules), 'sg-rule-shadowed')
      expect(found.map((f) => f.path)).toEqual((c.shadowed ?? []).map((i) => `securityGroups[0].rules[${i}]`))
    })
  }

  it('names the covering rules and points at the shadowed rule', () => {
    const [finding] = findings(group(['{direction: ingress, protocol: tcp, ports: "1/1024", peer: 0.0.0.0/0, action: drop, priority: 1}', '{direction: ingress, protocol: tcp, ports: "22/22", peer: 10.0.0.0/8, priority: 2}']), 'sg-rule-shadowed')
    expect(finding!.severity).toBe('warning')
    expect(finding!.line).toBe(11)
    expect(finding!.message).toBe('security group g: rule #1 (accept tcp 22 from 10.0.0.0/8, priority 2) is never reached: rule #0 (drop tcp 1/1024 from 0.0.0.0/0, priority 1) decides every packet it matches first')
  })
})

const cluster = (policies: string) => `vpcs: [{name: p, cidr: 192.168.0.0/16, vswitches: [{name: n, zone: z, cidr: 192.168.0.0/24}]}]
clusters:
  - name: c
    vpc: p
    network: {plugin: flannel, podCidr: 172.20.0.0/16}
    serviceCidr: 172.21.0.0/20
    nodePools: [{name: d, instanceType: ecs.g7.xlarge, count: 1, vswitches: [n]}]
    namespaces: [{name: web, labels: {team: web}}, {name: api, labels: {team: api}}]
    workloads:
      - {name: front, namespace: web, replicas: 1, labels: {app: front}}
      - {name: admin, namespace: web, replicas: 1, labels: {app: admin}}
      - {name: orders, namespace: api, replicas: 1, labels: {app: orders}}
      - {name: billing, namespace: api, replicas: 1, labels: {app: billing}}
    networkPolicies:
${policies}`

const policy = (name: string, selector: string, ingress: string[]) => `      - apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: ${name}, namespace: api}
        spec:
          podSelector: ${selector}
          ingress:
${ingress.map((r) => `            - ${r}\n`).join('')}`

interface PolicyCase {
  name: string
  policies: string
  redundant?: string[]
}

const fromFront = '{from: [{namespaceSelector: {matchLabels: {team: web}}, podSelector: {matchLabels: {app: front}}}]'
const fromWeb = '{from: [{namespaceSelector: {matchLabels: {team: web}}}]'
const fromAdmin = '{from: [{namespaceSelector: {matchLabels: {team: web}}, podSelector: {matchLabels: {app: admin}}}]'
const policyCases: PolicyCase[] = [
  // valid
  {name: 'disjoint ports', policies: policy('a', '{}', [`${fromWeb}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 81}]}`])},
  {name: 'a port range one short does not cover the wider one (the narrower is reported)', policies: policy('a', '{}', [`${fromWeb}, ports: [{port: 80, endPort: 89}]}`, `${fromWeb}, ports: [{port: 80, endPort: 90}]}`]), redundant: ['api/a ingress[0]']},
  {name: 'a narrower peer does not cover a wider one (the narrower is reported)', policies: policy('a', '{}', [`${fromFront}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 80}]}`]), redundant: ['api/a ingress[0]']},
  {name: 'a policy selecting fewer pods does not cover', policies: policy('a', '{matchLabels: {app: orders}}', [`${fromWeb}}`]) + policy('b', '{}', [`${fromWeb}, ports: [{port: 80}]}`])},
  {name: 'another protocol does not cover', policies: policy('a', '{}', [`${fromWeb}, ports: [{protocol: UDP, port: 80}]}`, `${fromWeb}, ports: [{port: 80}]}`])},
  {name: 'an ipBlock one bit narrower does not cover (the narrower is reported)', policies: policy('a', '{}', ['{from: [{ipBlock: {cidr: 10.0.0.0/9}}]}', '{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}']), redundant: ['api/a ingress[0]']},
  {name: 'an ipBlock whose except cuts into the other block does not cover', policies: policy('a', '{}', ['{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}', '{from: [{ipBlock: {cidr: 10.0.0.0/9}}]}'])},
  // invalid
  {name: 'all ports from the namespace cover one port from one workload of it', policies: policy('a', '{}', [`${fromWeb}}`, `${fromFront}, ports: [{port: 80}]}`]), redundant: ['api/a ingress[1]']},
  {name: 'an endPort range covers a port at its upper edge', policies: policy('a', '{}', [`${fromWeb}, ports: [{port: 80, endPort: 90}]}`, `${fromWeb}, ports: [{port: 90}]}`]), redundant: ['api/a ingress[1]']},
  {name: 'a rule of another policy selecting every pod covers', policies: policy('a', '{matchLabels: {app: orders}}', [`${fromFront}, ports: [{port: 80}]}`]) + policy('b', '{}', [`${fromWeb}}`]), redundant: ['api/a ingress[0]']},
  {name: 'an except outside the covered block does not matter', policies: policy('a', '{}', ['{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.200.0.0/16]}}]}', '{from: [{ipBlock: {cidr: 10.0.0.0/9}}]}']), redundant: ['api/a ingress[1]']},
  {name: 'two identical rules: only the later one', policies: policy('a', '{}', [`${fromWeb}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 80}]}`]), redundant: ['api/a ingress[1]']},
  {name: 'a containing ipBlock covers', policies: policy('a', '{}', ['{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}', '{from: [{ipBlock: {cidr: 10.0.0.0/9}}]}']), redundant: ['api/a ingress[1]']},
  // union coverage: several rules together
  {name: 'two rules together cover both ports of a third', policies: policy('a', '{}', [`${fromWeb}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 81}]}`, `${fromWeb}, ports: [{port: 80}, {port: 81}]}`]), redundant: ['api/a ingress[2]']},
  {name: 'two rules together one port short of a range do not cover it (the range covers each of them)', policies: policy('a', '{}', [`${fromWeb}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 81}]}`, `${fromWeb}, ports: [{port: 80, endPort: 82}]}`]), redundant: ['api/a ingress[0]', 'api/a ingress[1]']},
  {name: 'a rule per workload of a namespace covers the namespace', policies: policy('a', '{}', [`${fromFront}, ports: [{port: 80}]}`, `${fromAdmin}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 80}]}`]), redundant: ['api/a ingress[2]']},
  {name: 'a rule for every port of one workload and one port of the other cover the namespace on that port', policies: policy('a', '{}', [`${fromFront}}`, `${fromAdmin}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 81}]}`, `${fromWeb}, ports: [{port: 80}]}`]), redundant: ['api/a ingress[3]']},
  {name: 'a workload of the namespace on another port: the namespace rule is not covered (it covers the first)', policies: policy('a', '{}', [`${fromFront}, ports: [{port: 80}]}`, `${fromAdmin}, ports: [{port: 81}]}`, `${fromWeb}, ports: [{port: 80}]}`]), redundant: ['api/a ingress[0]']},
  {name: 'rules of two policies selecting every pod together cover', policies: policy('a', '{matchLabels: {app: orders}}', [`${fromWeb}, ports: [{port: 80}, {port: 81}]}`]) + policy('b', '{}', [`${fromWeb}, ports: [{port: 80}]}`]) + policy('c', '{}', [`${fromWeb}, ports: [{port: 81}]}`]), redundant: ['api/a ingress[0]']},
  {name: 'a policy selecting other pods does not count towards a union', policies: policy('b', '{}', [`${fromWeb}, ports: [{port: 80}]}`]) + policy('c', '{matchLabels: {app: billing}}', [`${fromWeb}, ports: [{port: 81}]}`]) + policy('a', '{matchLabels: {app: orders}}', [`${fromWeb}, ports: [{port: 80}, {port: 81}]}`])},
  {name: 'a policy selecting the same pods counts towards a union', policies: policy('b', '{}', [`${fromWeb}, ports: [{port: 80}]}`]) + policy('c', '{matchLabels: {app: orders}}', [`${fromWeb}, ports: [{port: 81}]}`]) + policy('a', '{matchLabels: {app: orders}}', [`${fromWeb}, ports: [{port: 80}, {port: 81}]}`]), redundant: ['api/a ingress[0]']},
  {name: 'a broad rule and its two halves: the halves are reported, never all three', policies: policy('a', '{}', [`${fromWeb}, ports: [{port: 80}, {port: 81}]}`, `${fromWeb}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 81}]}`]), redundant: ['api/a ingress[1]', 'api/a ingress[2]']},
  {name: 'ipBlocks: two contained blocks with a port each cover both ports', policies: policy('a', '{}', ['{from: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 80}]}', '{from: [{ipBlock: {cidr: 10.0.0.0/9}}], ports: [{port: 81}]}', '{from: [{ipBlock: {cidr: 10.0.0.0/9}}], ports: [{port: 80}, {port: 81}]}']), redundant: ['api/a ingress[2]']},
  {name: 'ipBlocks: a block one bit wider than the one with the second port is not covered', policies: policy('a', '{}', ['{from: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 80}]}', '{from: [{ipBlock: {cidr: 10.0.0.0/9}}], ports: [{port: 81}]}', '{from: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 80}, {port: 81}]}']), redundant: ['api/a ingress[0]', 'api/a ingress[1]']},
]

describe('rule netpol-rule-redundant: valid and invalid boundary cases', () => {
  it('names the rules that cover a rule together', () => {
    const found = findings(cluster(policy('a', '{}', [`${fromWeb}, ports: [{port: 80}]}`, `${fromWeb}, ports: [{port: 81}]}`, `${fromWeb}, ports: [{port: 80}, {port: 81}]}`])), 'netpol-rule-redundant')
    expect(found.map((f) => f.message)).toEqual(['NetworkPolicy api/a ingress[2] allows nothing that ingress[0] and ingress[1] do not already allow together'])
  })

  for (const c of policyCases) {
    it(`${c.redundant ? 'invalid' : 'valid'}: ${c.name}`, () => {
      const found = findings(cluster(c.policies), 'netpol-rule-redundant')
      expect(found.map((f) => /NetworkPolicy (\S+ \S+) allows/.exec(f.message)?.[1])).toEqual(c.redundant ?? [])
      for (const f of found) expect(f.severity).toBe('info')
    })
  }
})
