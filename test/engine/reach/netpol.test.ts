import {describe, expect, it} from 'vitest'
import {parseIpv4} from '../../../src/engine/cidr/ipv4.js'
import {type NetworkPolicyObject, NetworkPolicySet, type PolicyPod} from '../../../src/engine/reach/netpol.js'
import {selectorMatches} from '../../../src/engine/reach/labels.js'

/**
 * Conformance with the Kubernetes NetworkPolicy documentation
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/): the examples
 * there, AND-vs-OR peers, except blocks, named ports, endPort, empty selectors, defaulting.
 */

const ip = (text: string) => parseIpv4(text)!

function pod(namespace: string, labels: Record<string, string>, namespaceLabels: Record<string, string> = {}, ports: PolicyPod['ports'] = []): PolicyPod {
  return {namespace, labels, namespaceLabels, ports}
}

const db = pod('default', {role: 'db'}, {}, [{name: 'redis', containerPort: 6379}])
const frontend = pod('default', {role: 'frontend'})
const other = pod('default', {role: 'other'})
const myproject = pod('myproject', {app: 'x'}, {project: 'myproject'})

// The "test-network-policy" example of the Kubernetes docs, verbatim.
const docsExample: NetworkPolicyObject = {
  metadata: {name: 'test-network-policy', namespace: 'default'},
  spec: {
    podSelector: {matchLabels: {role: 'db'}},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{
      from: [
        {ipBlock: {cidr: '172.17.0.0/16', except: ['172.17.1.0/24']}},
        {namespaceSelector: {matchLabels: {project: 'myproject'}}},
        {podSelector: {matchLabels: {role: 'frontend'}}},
      ],
      ports: [{protocol: 'TCP', port: 6379}],
    }],
    egress: [{to: [{ipBlock: {cidr: '10.0.0.0/24'}}], ports: [{protocol: 'TCP', port: 5978}]}],
  },
}

describe('NetworkPolicy: the documentation example', () => {
  const set = new NetworkPolicySet([docsExample])

  it('allows ingress to role=db on 6379 from role=frontend pods in the same namespace', () => {
    const verdict = set.evaluate('ingress', db, {ip: ip('10.1.0.5'), pod: frontend}, 'tcp', 6379)
    expect(verdict).toMatchObject({allowed: true, isolated: true, policy: 'default/test-network-policy', ruleIndex: 0})
  })

  it('allows ingress from any pod of a namespace labelled project=myproject', () => {
    expect(set.evaluate('ingress', db, {ip: ip('10.2.0.9'), pod: myproject}, 'tcp', 6379).allowed).toBe(true)
  })

  it('allows ingress from 172.17.0.0/16 but not from the excepted 172.17.1.0/24', () => {
    expect(set.evaluate('ingress', db, {ip: ip('172.17.0.1')}, 'tcp', 6379).allowed).toBe(true)
    expect(set.evaluate('ingress', db, {ip: ip('172.17.1.1')}, 'tcp', 6379).allowed).toBe(false)
    expect(set.evaluate('ingress', db, {ip: ip('172.17.2.255')}, 'tcp', 6379).allowed).toBe(true)
  })

  it('denies ingress from role=other, and on another port from role=frontend', () => {
    const denied = set.evaluate('ingress', db, {ip: ip('10.1.0.6'), pod: other}, 'tcp', 6379)
    expect(denied).toMatchObject({allowed: false, isolated: true, policy: 'default/test-network-policy'})
    expect(set.evaluate('ingress', db, {ip: ip('10.1.0.5'), pod: frontend}, 'tcp', 80).allowed).toBe(false)
    expect(set.evaluate('ingress', db, {ip: ip('10.1.0.5'), pod: frontend}, 'udp', 6379).allowed).toBe(false)
  })

  it('limits egress of role=db to 10.0.0.0/24 on TCP 5978', () => {
    expect(set.evaluate('egress', db, {ip: ip('10.0.0.200')}, 'tcp', 5978)).toMatchObject({allowed: true, ruleIndex: 0})
    expect(set.evaluate('egress', db, {ip: ip('10.0.1.1')}, 'tcp', 5978).allowed).toBe(false)
    expect(set.evaluate('egress', db, {ip: ip('10.0.0.1')}, 'tcp', 5979).allowed).toBe(false)
  })

  it('leaves pods the policy does not select non-isolated, and says why for --explain', () => {
    const verdict = set.evaluate('ingress', frontend, {ip: ip('1.2.3.4')}, 'tcp', 1)
    expect(verdict).toMatchObject({allowed: true, isolated: false})
    expect(verdict.notSelecting).toEqual([{policy: 'default/test-network-policy', why: expect.stringContaining('role=db'), hasDirection: true}])
  })
})

describe('NetworkPolicy: default policies', () => {
  const all = pod('default', {app: 'a'})
  const peer = {ip: ip('10.0.0.1'), pod: pod('default', {app: 'b'})}

  it('default-deny-ingress isolates every pod of the namespace for ingress only', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'default-deny-ingress', namespace: 'default'}, spec: {podSelector: {}, policyTypes: ['Ingress']}}])
    expect(set.evaluate('ingress', all, peer, 'tcp', 80)).toMatchObject({allowed: false, policy: 'default/default-deny-ingress'})
    expect(set.evaluate('egress', all, peer, 'tcp', 80)).toMatchObject({allowed: true, isolated: false})
    // another namespace is untouched
    expect(set.evaluate('ingress', pod('prod', {app: 'a'}), peer, 'tcp', 80).isolated).toBe(false)
  })

  it('allow-all-ingress (`ingress: [{}]`) allows everything, although the pod is isolated', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'allow-all-ingress', namespace: 'default'}, spec: {podSelector: {}, ingress: [{}], policyTypes: ['Ingress']}}])
    expect(set.evaluate('ingress', all, {ip: ip('8.8.8.8')}, 'udp', 53)).toMatchObject({allowed: true, isolated: true, ruleIndex: 0})
  })

  it('an empty ingress list denies, a missing one with policyTypes Ingress denies too', () => {
    const emptyList = new NetworkPolicySet([{metadata: {name: 'a', namespace: 'default'}, spec: {podSelector: {}, ingress: []}}])
    expect(emptyList.evaluate('ingress', all, peer, 'tcp', 80).allowed).toBe(false)
    const absent = new NetworkPolicySet([{metadata: {name: 'b', namespace: 'default'}, spec: {podSelector: {}}}])
    expect(absent.evaluate('ingress', all, peer, 'tcp', 80).allowed).toBe(false)
  })

  it('default-deny-egress blocks egress and leaves ingress open', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'default-deny-egress', namespace: 'default'}, spec: {podSelector: {}, policyTypes: ['Egress']}}])
    expect(set.evaluate('egress', all, peer, 'tcp', 80)).toMatchObject({allowed: false, policy: 'default/default-deny-egress'})
    expect(set.evaluate('ingress', all, peer, 'tcp', 80).isolated).toBe(false)
  })

  it('allow-all-egress (`egress: [{}]`) allows everything', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'allow-all-egress', namespace: 'default'}, spec: {podSelector: {}, egress: [{}], policyTypes: ['Egress']}}])
    expect(set.evaluate('egress', all, {ip: ip('1.1.1.1')}, 'tcp', 443).allowed).toBe(true)
  })

  it('default-deny-all blocks both directions', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'default-deny-all', namespace: 'default'}, spec: {podSelector: {}, policyTypes: ['Ingress', 'Egress']}}])
    expect(set.evaluate('egress', all, peer, 'tcp', 80).allowed).toBe(false)
    expect(set.evaluate('ingress', all, peer, 'tcp', 80).allowed).toBe(false)
  })
})

describe('NetworkPolicy: policyTypes defaulting', () => {
  const subject = pod('default', {app: 'a'})
  const peer = {ip: ip('10.0.0.1')}

  it('without policyTypes, a policy with egress rules isolates egress as well as ingress', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'p', namespace: 'default'}, spec: {podSelector: {}, egress: [{to: [{ipBlock: {cidr: '10.9.0.0/16'}}]}]}}])
    expect(set.evaluate('egress', subject, peer, 'tcp', 80).allowed).toBe(false)
    expect(set.evaluate('egress', subject, {ip: ip('10.9.1.1')}, 'tcp', 80).allowed).toBe(true)
    expect(set.evaluate('ingress', subject, peer, 'tcp', 80)).toMatchObject({allowed: false, isolated: true})
  })

  it('without policyTypes and without egress rules, egress stays open', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'p', namespace: 'default'}, spec: {podSelector: {}, ingress: [{}]}}])
    expect(set.evaluate('egress', subject, peer, 'tcp', 80).isolated).toBe(false)
  })

  it('an egress-only policy (policyTypes [Egress]) does not isolate ingress even with ingress rules present', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'egress-only', namespace: 'default'}, spec: {podSelector: {}, policyTypes: ['Egress'], ingress: [{from: [{ipBlock: {cidr: '1.0.0.0/8'}}]}], egress: [{ports: [{port: 53, protocol: 'UDP'}]}]}}])
    expect(set.evaluate('ingress', subject, peer, 'tcp', 80).isolated).toBe(false)
    expect(set.evaluate('egress', subject, peer, 'udp', 53).allowed).toBe(true)
    expect(set.evaluate('egress', subject, peer, 'tcp', 53).allowed).toBe(false)
    expect(set.evaluate('ingress', subject, peer, 'tcp', 80).notSelecting[0]!.why).toMatch(/no Ingress/)
  })
})

describe('NetworkPolicy: peers', () => {
  const subject = pod('prod', {app: 'api'})
  const policy = (from: object[]): NetworkPolicySet =>
    new NetworkPolicySet([{metadata: {name: 'p', namespace: 'prod'}, spec: {podSelector: {matchLabels: {app: 'api'}}, ingress: [{from: from as never}]}}])
  const clientInDev = pod('dev', {role: 'client'}, {user: 'alice'})
  const otherInDev = pod('dev', {role: 'other'}, {user: 'alice'})
  const clientInQa = pod('qa', {role: 'client'}, {user: 'bob'})
  const clientInProd = pod('prod', {role: 'client'}, {user: 'ops'})

  it('AND: namespaceSelector and podSelector in ONE element select client pods in alice namespaces only', () => {
    const set = policy([{namespaceSelector: {matchLabels: {user: 'alice'}}, podSelector: {matchLabels: {role: 'client'}}}])
    expect(set.evaluate('ingress', subject, {ip: 1, pod: clientInDev}, 'tcp', 80).allowed).toBe(true)
    expect(set.evaluate('ingress', subject, {ip: 1, pod: otherInDev}, 'tcp', 80).allowed).toBe(false)
    expect(set.evaluate('ingress', subject, {ip: 1, pod: clientInQa}, 'tcp', 80).allowed).toBe(false)
    expect(set.evaluate('ingress', subject, {ip: 1, pod: clientInProd}, 'tcp', 80).allowed).toBe(false)
  })

  it('OR: the same selectors as TWO elements select every pod in alice namespaces or client pods in the local namespace', () => {
    const set = policy([{namespaceSelector: {matchLabels: {user: 'alice'}}}, {podSelector: {matchLabels: {role: 'client'}}}])
    expect(set.evaluate('ingress', subject, {ip: 1, pod: clientInDev}, 'tcp', 80).allowed).toBe(true)
    expect(set.evaluate('ingress', subject, {ip: 1, pod: otherInDev}, 'tcp', 80).allowed).toBe(true)
    expect(set.evaluate('ingress', subject, {ip: 1, pod: clientInProd}, 'tcp', 80).allowed).toBe(true)
    // a podSelector alone means the policy's namespace: client pods in qa do not match
    expect(set.evaluate('ingress', subject, {ip: 1, pod: clientInQa}, 'tcp', 80).allowed).toBe(false)
  })

  it('an empty podSelector peer selects all pods of the policy namespace; empty namespaceSelector all namespaces', () => {
    const local = policy([{podSelector: {}}])
    expect(local.evaluate('ingress', subject, {ip: 1, pod: clientInProd}, 'tcp', 80).allowed).toBe(true)
    expect(local.evaluate('ingress', subject, {ip: 1, pod: clientInDev}, 'tcp', 80).allowed).toBe(false)
    const everywhere = policy([{namespaceSelector: {}}])
    expect(everywhere.evaluate('ingress', subject, {ip: 1, pod: clientInQa}, 'tcp', 80).allowed).toBe(true)
    // an address that is not a pod of the cluster matches no selector peer
    expect(everywhere.evaluate('ingress', subject, {ip: 1}, 'tcp', 80).allowed).toBe(false)
  })

  it('namespaceSelector on kubernetes.io/metadata.name works without declaring the label', () => {
    const set = policy([{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'qa'}}}])
    expect(set.evaluate('ingress', subject, {ip: 1, pod: clientInQa}, 'tcp', 80).allowed).toBe(true)
    expect(set.evaluate('ingress', subject, {ip: 1, pod: clientInDev}, 'tcp', 80).allowed).toBe(false)
  })

  it('ipBlock except carves holes, several except blocks all apply', () => {
    const set = policy([{ipBlock: {cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.0/24']}}])
    expect(set.evaluate('ingress', subject, {ip: ip('10.0.0.1')}, 'tcp', 80).allowed).toBe(true)
    expect(set.evaluate('ingress', subject, {ip: ip('10.1.200.1')}, 'tcp', 80).allowed).toBe(false)
    expect(set.evaluate('ingress', subject, {ip: ip('10.2.3.4')}, 'tcp', 80).allowed).toBe(false)
    expect(set.evaluate('ingress', subject, {ip: ip('10.2.4.4')}, 'tcp', 80).allowed).toBe(true)
    expect(set.evaluate('ingress', subject, {ip: ip('11.0.0.1')}, 'tcp', 80).allowed).toBe(false)
  })

  it('matchExpressions In / NotIn / Exists / DoesNotExist', () => {
    const labels = {env: 'prod', tier: 'web'}
    expect(selectorMatches({matchExpressions: [{key: 'env', operator: 'In', values: ['prod', 'qa']}]}, labels)).toBe(true)
    expect(selectorMatches({matchExpressions: [{key: 'env', operator: 'NotIn', values: ['prod']}]}, labels)).toBe(false)
    expect(selectorMatches({matchExpressions: [{key: 'missing', operator: 'NotIn', values: ['x']}]}, labels)).toBe(true)
    expect(selectorMatches({matchExpressions: [{key: 'tier', operator: 'Exists'}]}, labels)).toBe(true)
    expect(selectorMatches({matchExpressions: [{key: 'tier', operator: 'DoesNotExist'}]}, labels)).toBe(false)
    expect(selectorMatches({matchLabels: {env: 'prod'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['db']}]}, labels)).toBe(false)
    expect(selectorMatches({}, labels)).toBe(true)
  })
})

describe('NetworkPolicy: ports', () => {
  const web = pod('default', {app: 'web'}, {}, [{name: 'http', containerPort: 8080}, {name: 'dns', containerPort: 5353, protocol: 'UDP'}])
  const client = pod('default', {app: 'client'})
  const ingressPorts = (ports: object[]): NetworkPolicySet =>
    new NetworkPolicySet([{metadata: {name: 'ports', namespace: 'default'}, spec: {podSelector: {matchLabels: {app: 'web'}}, ingress: [{ports: ports as never}]}}])

  it('protocol defaults to TCP', () => {
    const set = ingressPorts([{port: 8080}])
    expect(set.evaluate('ingress', web, {ip: 1}, 'tcp', 8080).allowed).toBe(true)
    expect(set.evaluate('ingress', web, {ip: 1}, 'udp', 8080).allowed).toBe(false)
  })

  it('endPort makes an inclusive range (docs: 32000–32768)', () => {
    const set = ingressPorts([{protocol: 'TCP', port: 32000, endPort: 32768}])
    expect(set.evaluate('ingress', web, {ip: 1}, 'tcp', 32000).allowed).toBe(true)
    expect(set.evaluate('ingress', web, {ip: 1}, 'tcp', 32768).allowed).toBe(true)
    expect(set.evaluate('ingress', web, {ip: 1}, 'tcp', 32769).allowed).toBe(false)
    expect(set.evaluate('ingress', web, {ip: 1}, 'tcp', 31999).allowed).toBe(false)
  })

  it('a named port resolves against the destination pod container ports (ingress: the selected pod)', () => {
    const set = ingressPorts([{port: 'http'}, {port: 'dns', protocol: 'UDP'}])
    expect(set.evaluate('ingress', web, {ip: 1}, 'tcp', 8080).allowed).toBe(true)
    expect(set.evaluate('ingress', web, {ip: 1}, 'tcp', 80).allowed).toBe(false)
    expect(set.evaluate('ingress', web, {ip: 1}, 'udp', 5353).allowed).toBe(true)
    expect(set.evaluate('ingress', web, {ip: 1}, 'tcp', 5353).allowed).toBe(false)
  })

  it('a named port in an egress rule resolves against the destination pod; an outside address never matches it', () => {
    const set = new NetworkPolicySet([{metadata: {name: 'to-http', namespace: 'default'}, spec: {podSelector: {matchLabels: {app: 'client'}}, policyTypes: ['Egress'], egress: [{ports: [{port: 'http'}]}]}}])
    expect(set.evaluate('egress', client, {ip: 1, pod: web}, 'tcp', 8080).allowed).toBe(true)
    expect(set.evaluate('egress', client, {ip: 1}, 'tcp', 8080).allowed).toBe(false)
  })

  it('a rule with ports does not match ICMP; a rule without ports does', () => {
    expect(ingressPorts([{port: 80}]).evaluate('ingress', web, {ip: 1}, 'icmp', 0).allowed).toBe(false)
    const open = new NetworkPolicySet([{metadata: {name: 'o', namespace: 'default'}, spec: {podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}}])
    expect(open.evaluate('ingress', web, {ip: 1, pod: client}, 'icmp', 0).allowed).toBe(true)
  })
})

describe('NetworkPolicy: union of policies', () => {
  const api = pod('shop', {app: 'api', tier: 'backend'})
  const frontendPod = pod('shop', {app: 'frontend'})
  const monitoring = pod('monitoring', {app: 'prom'}, {purpose: 'monitoring'})
  const set = new NetworkPolicySet([
    {metadata: {name: 'deny-all', namespace: 'shop'}, spec: {podSelector: {}, policyTypes: ['Ingress']}},
    {metadata: {name: 'allow-frontend', namespace: 'shop'}, spec: {podSelector: {matchLabels: {app: 'api'}}, ingress: [{from: [{podSelector: {matchLabels: {app: 'frontend'}}}], ports: [{port: 8080}]}]}},
    {metadata: {name: 'allow-metrics', namespace: 'shop'}, spec: {podSelector: {matchLabels: {tier: 'backend'}}, ingress: [{from: [{namespaceSelector: {matchLabels: {purpose: 'monitoring'}}}], ports: [{port: 9090}]}]}},
  ])

  it('any selecting policy that allows is enough, deny-all notwithstanding', () => {
    expect(set.evaluate('ingress', api, {ip: 1, pod: frontendPod}, 'tcp', 8080)).toMatchObject({allowed: true, policy: 'shop/allow-frontend', ruleIndex: 0})
    expect(set.evaluate('ingress', api, {ip: 1, pod: monitoring}, 'tcp', 9090)).toMatchObject({allowed: true, policy: 'shop/allow-metrics'})
  })

  it('a combination no policy allows is denied, naming the first selecting policy and listing all', () => {
    const verdict = set.evaluate('ingress', api, {ip: 1, pod: monitoring}, 'tcp', 8080)
    expect(verdict).toMatchObject({allowed: false, policy: 'shop/deny-all'})
    expect(verdict.selecting).toEqual(['shop/deny-all', 'shop/allow-frontend', 'shop/allow-metrics'])
  })
})

describe('NetworkPolicy: the cached fast path (no --explain) agrees with the explaining one', () => {
  it('same verdict, policy and rule for every pod × peer × port of a mixed policy set', () => {
    const set = new NetworkPolicySet([
      docsExample,
      {metadata: {name: 'deny-all', namespace: 'default'}, spec: {podSelector: {}, policyTypes: ['Ingress', 'Egress']}},
      {metadata: {name: 'allow-dns', namespace: 'default'}, spec: {podSelector: {}, policyTypes: ['Egress'], egress: [{ports: [{port: 53, protocol: 'UDP'}]}]}},
      {metadata: {name: 'frontend-in', namespace: 'default'}, spec: {podSelector: {matchLabels: {role: 'frontend'}}, ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 80}]}]}},
    ])
    const pods = [db, frontend, other, myproject]
    const peers = [{ip: ip('172.17.0.1')}, {ip: ip('10.0.0.9')}, ...pods.map((p) => ({ip: ip('10.1.0.1'), pod: p}))]
    let compared = 0
    for (const subject of pods) for (const peer of peers) for (const [protocol, port] of [['tcp', 6379], ['tcp', 80], ['udp', 53], ['tcp', 5978]] as const) {
      for (const direction of ['ingress', 'egress'] as const) {
        const slow = set.evaluate(direction, subject, peer, protocol, port, true)
        const fast = set.evaluate(direction, subject, peer, protocol, port, false)
        expect([fast.allowed, fast.isolated, fast.policy, fast.ruleIndex]).toEqual([slow.allowed, slow.isolated, slow.policy, slow.ruleIndex])
        compared++
      }
    }
    expect(compared).toBe(4 * 6 * 4 * 2)
  })
})
