import fc from 'fast-check'

/**
 * fast-check arbitraries for topology files built from the schema (SPEC §2): small but complete
 * (VPCs, vSwitches, route tables, security groups, ECS, NAT, an SLB, a Flannel or Terway cluster
 * with pools, workloads, Services, NetworkPolicies, expectations), plus mutations that break
 * them the way people do (a dropped field, a wrong type, a reference swapped or misspelt).
 * Names come from small pools so that references often resolve and sometimes collide.
 */

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
export type Doc = {[key: string]: Json}

const ZONES = ['cn-hangzhou-h', 'cn-hangzhou-i']
const VPC_NAMES = ['prod', 'shared', 'edge']
const SG_NAMES = ['nodes', 'pods', 'db', 'open']
const NS_NAMES = ['web', 'api', 'default']
const WORKLOAD_NAMES = ['frontend', 'backend', 'worker']
const INSTANCE_TYPES = ['ecs.g7.xlarge', 'ecs.g7.2xlarge', 'ecs.g7.4xlarge', 'ecs.c6.large']
const LABEL_VALUES = ['frontend', 'backend', 'worker', 'other']

const cidrIn = (base: number, bits: number) =>
  fc.integer({min: 0, max: 2 ** Math.min(bits - 16, 8) - 1}).map((index) => `192.168.${(base + index * 2 ** (24 - bits)) & 255}.0/${bits}`)

const port = fc.oneof(fc.constantFrom(22, 80, 443, 5432, 6379, 8080, 30080), fc.integer({min: 1, max: 65535}))
const peerCidr = fc.constantFrom('0.0.0.0/0', '192.168.0.0/16', '192.168.0.0/19', '10.0.0.0/8', '172.20.0.0/16')

const rule = fc.record(
  {
    direction: fc.constantFrom('ingress', 'egress'),
    protocol: fc.constantFrom('tcp', 'udp', 'icmp', 'all'),
    ports: fc.constantFrom('1/65535', '80/80', '5432/5432', '30000/32767', '22/22'),
    peer: fc.oneof(peerCidr, fc.constantFrom(...SG_NAMES.map((name) => `sg:${name}`))),
    action: fc.constantFrom('accept', 'drop'),
    priority: fc.integer({min: 1, max: 100}),
  },
  {requiredKeys: ['direction', 'protocol']},
).map((r) => {
  // ports only for tcp/udp (SPEC §3)
  if (r.protocol === 'icmp' || r.protocol === 'all') delete (r as {ports?: string}).ports
  return r as unknown as Json
})

const labelSelector = fc.record({app: fc.constantFrom(...LABEL_VALUES)}, {requiredKeys: []})

const networkPolicy = fc
  .record({
    name: fc.constantFrom('deny-all', 'allow-web', 'allow-db'),
    namespace: fc.constantFrom(...NS_NAMES),
    podSelector: labelSelector,
    ingress: fc.array(fc.record({from: fc.array(labelSelector.map((matchLabels) => ({podSelector: {matchLabels}})), {maxLength: 2}), ports: fc.array(fc.record({port}), {maxLength: 2})}, {requiredKeys: []}), {maxLength: 2}),
    policyTypes: fc.subarray(['Ingress', 'Egress']),
  })
  .map((p): Json => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {name: p.name, namespace: p.namespace},
    spec: {podSelector: {matchLabels: p.podSelector}, ingress: p.ingress as Json, ...(p.policyTypes.length ? {policyTypes: p.policyTypes} : {})},
  }))

const service = fc
  .record({
    name: fc.constantFrom('frontend', 'backend', 'api'),
    namespace: fc.constantFrom(...NS_NAMES),
    type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
    app: fc.constantFrom(...LABEL_VALUES),
    port,
    targetPort: fc.oneof(port, fc.constantFrom('http', 'metrics')),
  })
  .map((s): Json => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: s.name, namespace: s.namespace},
    spec: {type: s.type, selector: {app: s.app}, ports: [{port: s.port, targetPort: s.targetPort, protocol: 'TCP'}]},
  }))

const workload = fc.record({
  name: fc.constantFrom(...WORKLOAD_NAMES),
  namespace: fc.constantFrom(...NS_NAMES),
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet'),
  replicas: fc.integer({min: 0, max: 4}),
  labels: fc.record({app: fc.constantFrom(...LABEL_VALUES)}),
  ports: fc.array(fc.record({name: fc.constantFrom('http', 'metrics'), containerPort: port, protocol: fc.constantFrom('TCP', 'UDP')}), {maxLength: 2}),
  hostNetwork: fc.boolean(),
})

/** A topology that follows the schema; lint may still find platform problems in it (overlaps, quotas, ...). */
export const topologyArbitrary: fc.Arbitrary<Doc> = fc
  .record({
    plugin: fc.constantFrom('flannel', 'terway'),
    mode: fc.constantFrom('shared', 'exclusive', 'trunk', 'prefix'),
    nodeMask: fc.integer({min: 22, max: 29}),
    nodeSwitchBits: fc.constantFrom(19, 20, 24),
    extraVpc: fc.boolean(),
    groups: fc.uniqueArray(fc.record({name: fc.constantFrom(...SG_NAMES), type: fc.constantFrom('basic', 'enterprise'), rules: fc.array(rule, {maxLength: 5})}), {selector: (g) => g.name, minLength: 1, maxLength: 4}),
    instances: fc.uniqueArray(fc.record({name: fc.constantFrom('db-1', 'cache-1', 'bastion'), vswitch: fc.constantFrom('node-a', 'data-a', 'pod-a'), listens: fc.array(fc.record({port, protocol: fc.constantFrom('tcp', 'udp')}), {maxLength: 2}), publicIp: fc.boolean(), groups: fc.subarray(SG_NAMES, {minLength: 1})}), {selector: (i) => i.name, maxLength: 3}),
    nat: fc.boolean(),
    slb: fc.boolean(),
    pools: fc.uniqueArray(fc.record({name: fc.constantFrom('default', 'big'), type: fc.constantFrom(...INSTANCE_TYPES), count: fc.integer({min: 0, max: 5})}), {selector: (p) => p.name, minLength: 1, maxLength: 2}),
    workloads: fc.uniqueArray(workload, {selector: (w) => `${w.namespace}/${w.name}`, maxLength: 4}),
    services: fc.uniqueArray(service, {selector: (s) => JSON.stringify((s as {metadata: Json}).metadata), maxLength: 3}),
    policies: fc.uniqueArray(networkPolicy, {selector: (p) => JSON.stringify((p as {metadata: Json}).metadata), maxLength: 3}),
    routes: fc.array(fc.record({destination: fc.constantFrom('0.0.0.0/0', '10.99.0.0/16', '172.30.0.0/16', '192.168.0.0/24'), nextHop: fc.constantFrom('nat:prod-nat', 'blackhole', 'instance:bastion', 'peer:shared')}), {maxLength: 3}),
    expectations: fc.array(fc.record({from: fc.constantFrom('pod:web/frontend', 'instance:bastion', 'internet', 'node:default'), to: fc.constantFrom('instance:db-1', 'svc:web/frontend', 'pod:api/backend', 'internet'), port, expect: fc.constantFrom('allowed', 'denied', 'partial')}), {maxLength: 3}),
  })
  .map((p): Doc => {
    // references only to what exists (mutations break them on purpose later)
    const groupType = new Map(p.groups.map((g) => [g.name, g.type]))
    const instanceNames = new Set<string>(p.instances.map((i) => i.name))
    for (const group of p.groups) {
      group.rules = group.rules.map((r) => {
        const peer = (r as {peer?: string}).peer
        const target = peer?.startsWith('sg:') ? peer.slice(3) : undefined
        return target !== undefined && (group.type !== 'basic' || groupType.get(target) !== 'basic') ? {...(r as object), peer: '0.0.0.0/0'} : r
      })
    }
    for (const instance of p.instances) {
      const kept = instance.groups.filter((name) => groupType.has(name))
      const type = groupType.get(kept[0] ?? '')
      instance.groups = kept.filter((name) => groupType.get(name) === type)
      if (instance.groups.length === 0) instance.groups = [p.groups[0]!.name]
    }
    p.routes = p.routes.filter((route, index) => {
      const [kind, target] = route.nextHop.split(':')
      if (p.routes.findIndex((other) => other.destination === route.destination) !== index) return false
      if (kind === 'nat') return p.nat
      if (kind === 'instance') return instanceNames.has(target!)
      if (kind === 'peer') return p.extraVpc
      return true
    })
    const vpcs: Json[] = [
      {
        name: 'prod',
        cidr: '192.168.0.0/16',
        routeTables: [{name: 'system', routes: p.routes as Json}],
        vswitches: [
          {name: 'node-a', zone: ZONES[0]!, cidr: `192.168.0.0/${p.nodeSwitchBits}`},
          {name: 'pod-a', zone: ZONES[0]!, cidr: '192.168.32.0/19'},
          {name: 'data-a', zone: ZONES[1]!, cidr: '192.168.64.0/24'},
        ],
      },
    ]
    if (p.extraVpc) vpcs.push({name: 'shared', cidr: '10.20.0.0/16', vswitches: [{name: 'shared-a', zone: ZONES[0]!, cidr: '10.20.0.0/24'}]})
    const network: Json = p.plugin === 'flannel' ? {plugin: 'flannel', podCidr: '172.20.0.0/16', nodeCidrMask: p.nodeMask} : {plugin: 'terway', mode: p.mode, podVSwitches: ['pod-a']}
    const doc: Doc = {
      apiVersion: 'acknet/v1',
      kind: 'Topology',
      metadata: {name: 'fuzz', region: 'cn-hangzhou'},
      vpcs,
      securityGroups: p.groups.map((g) => ({name: g.name, vpc: 'prod', type: g.type, rules: g.rules})),
      instances: p.instances.map((i) => ({name: i.name, vswitch: i.vswitch, securityGroups: i.groups, publicIp: i.publicIp, listens: i.listens as Json})),
      clusters: [
        {
          name: 'shop',
          vpc: 'prod',
          network,
          serviceCidr: '172.21.0.0/20',
          nodePools: p.pools.map((pool) => ({name: pool.name, instanceType: pool.type, count: pool.count, vswitches: ['node-a'], securityGroups: [p.groups[0]!.name]})),
          namespaces: NS_NAMES.map((name) => ({name})),
          workloads: p.workloads as unknown as Json,
          services: p.services,
          networkPolicies: p.policies,
        },
      ],
      expectations: p.expectations.map((e) => ({...e, protocol: 'tcp'})),
    }
    if (p.nat) doc.natGateways = [{name: 'prod-nat', vpc: 'prod', vswitch: 'node-a', eips: ['47.96.0.10'], snat: [{source: 'vswitch:node-a'}, {source: '192.168.32.0/19'}]}]
    if (p.slb) doc.loadBalancers = [{name: 'legacy-slb', vpc: 'prod', vswitch: 'node-a', addressType: 'intranet', listeners: [{port: 80, protocol: 'tcp', backends: instanceNames.has('db-1') ? ['instance:db-1:8080'] : []}]}]
    return doc
  })


/** Every path to a value in the document (for mutations). */
export function allPaths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [prefix]
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...allPaths(item, [...prefix, index])))
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths.push(...allPaths(item, [...prefix, key]))
  return paths
}

const WRONG_VALUES: Json[] = [null, true, 0, -1, 1.5, 1e300, '', 'x', '999.1.1.1/99', '10.0.0.0/-1', 'fd00::/8', [], {}, [1, 'a'], {name: 7}, '__proto__', 'constructor', 'a\n::error::b\u001b[2J\u2028']

/** One way to break a document: drop a field, put a wrong type, swap or misspell a reference. */
export const mutationArbitrary = fc.oneof(
  fc.record({kind: fc.constant('drop' as const), at: fc.nat()}),
  fc.record({kind: fc.constant('wrong-type' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...WRONG_VALUES), fc.jsonValue({maxDepth: 3}) as fc.Arbitrary<Json>)}),
  fc.record({kind: fc.constant('swap-strings' as const), at: fc.nat(), other: fc.nat()}),
  fc.record({kind: fc.constant('misspell' as const), at: fc.nat()}),
  fc.record({kind: fc.constant('duplicate-item' as const), at: fc.nat()}),
)

export type Mutation = typeof mutationArbitrary extends fc.Arbitrary<infer T> ? T : never

/** Applies the mutation to a deep copy (paths picked modulo the number available). */
export function mutate(doc: Doc, mutation: Mutation): Doc {
  const copy = structuredClone(doc) as Doc
  const paths = allPaths(copy).filter((path) => path.length > 0)
  const parentOf = (path: Array<string | number>) => path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key as string]!, copy)
  const path = paths[mutation.at % paths.length]!
  const parent = parentOf(path) as Record<string | number, Json>
  const key = path[path.length - 1]!
  switch (mutation.kind) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key]
      break
    case 'wrong-type':
      parent[key] = structuredClone(mutation.value)
      break
    case 'swap-strings': {
      const strings = paths.filter((p) => typeof parentOf(p) === 'object' && typeof (parentOf(p) as Record<string | number, Json>)[p[p.length - 1]!] === 'string')
      if (strings.length === 0) break
      const other = strings[mutation.other % strings.length]!
      const otherParent = parentOf(other) as Record<string | number, Json>
      const otherKey = other[other.length - 1]!
      const saved = parent[key]!
      parent[key] = otherParent[otherKey]!
      otherParent[otherKey] = saved
      break
    }
    case 'misspell':
      if (typeof parent[key] === 'string') parent[key] = `${parent[key]}x`
      break
    case 'duplicate-item':
      if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]!))
      break
  }
  return copy
}

const IPV6_PEERS = ['::/0', '2408:4005:3bc:1200::/56', '2408:4005:3bc:1210::/64', '2408:4005:3bc:1200::/64', '2001:250::/32']

/**
 * A dual-stack variant (SPEC §8): the topology above with the VPC's IPv6 /56 and a /64 per vSwitch
 * (data-a sometimes without), the cluster dual stack or not, some ECS with `ipv6: true`, some
 * security-group rules turned into (or copied as) IPv6 rules, IPv6 ipBlocks, an IPv6 gateway with
 * a random internet list, IPv6 routes and Service family policies. With `ipv4Unchanged`, every
 * change is IPv6 only (rules are copied, never turned; ipBlocks join only non-empty peer lists),
 * so IPv4 answers must equal those of `base`.
 */
export function dualStackOf(options: {ipv4Unchanged?: boolean} = {}): fc.Arbitrary<{base: Doc; doc: Doc}> {
  const unchanged = options.ipv4Unchanged === true
  return fc
  .tuple(
    topologyArbitrary,
    fc.record({
      dual: fc.constantFrom(true, true, true, false),
      dataIpv6: fc.boolean(),
      instanceIpv6: fc.array(fc.boolean(), {minLength: 3, maxLength: 3}),
      ruleFamily: fc.array(unchanged ? fc.constantFrom('keep', 'both') : fc.constantFrom('keep', 'ipv6', 'both'), {minLength: 20, maxLength: 20}),
      ipv6Peer: fc.array(fc.constantFrom(...IPV6_PEERS), {minLength: 20, maxLength: 20}),
      gateway: fc.constantFrom(true, true, false),
      internet: fc.subarray(['2408:4005:3bc:1210::/64', '2408:4005:3bc:1200::/64', '2408:4005:3bc:1230::/64', '2408:4005:3bc:1200::8/125']),
      ipv6Routes: fc.subarray([{destination: '2001:250::/32', nextHop: 'blackhole'}, {destination: '2408:4005:3bc:1230::/64', nextHop: 'blackhole'}]),
      familyPolicy: fc.array(fc.constantFrom('SingleStack', 'PreferDualStack', 'RequireDualStack', undefined), {minLength: 3, maxLength: 3}),
      terway: fc.constantFrom(true, true, false),
      ipBlock: fc.array(unchanged ? fc.constantFrom(undefined, '2408:4005:3bc:1200::/56', '2408:4005:3bc:1200::/64') : fc.constantFrom(undefined, '2408:4005:3bc:1200::/56', '2408:4005:3bc:1200::/64', '10.0.0.0/8', '192.168.0.0/16'), {minLength: 3, maxLength: 3}),
    }),
  )
  .map(([base, d]) => {
    const doc = structuredClone(base) as Doc & {vpcs: Array<Record<string, Json>>; securityGroups: Array<{rules: Array<Record<string, Json>>}>; instances: Array<Record<string, Json>>; clusters: Array<Record<string, Json>>}
    const prod = doc.vpcs[0]!
    prod.ipv6Cidr = '2408:4005:3bc:1200::/56'
    const blocks: Record<string, string | undefined> = {'node-a': '2408:4005:3bc:1200::/64', 'pod-a': '2408:4005:3bc:1210::/64', 'data-a': d.dataIpv6 ? '2408:4005:3bc:1230::/64' : undefined}
    for (const vswitch of prod.vswitches as Array<Record<string, Json>>) {
      const block = blocks[vswitch.name as string]
      if (block) vswitch.ipv6Cidr = block
    }
    const system = (prod.routeTables as Array<{routes: Json[]}>)[0]!
    system.routes = [...system.routes, ...d.ipv6Routes]
    let k = 0
    for (const group of doc.securityGroups) {
      const rules: Array<Record<string, Json>> = []
      for (const rule of group.rules) {
        const choice = d.ruleFamily[k % 20]!
        const peer = d.ipv6Peer[k % 20]!
        k++
        const cidrPeer = typeof rule.peer === 'string' && !rule.peer.startsWith('sg:')
        if (!cidrPeer || choice === 'keep') rules.push(rule)
        else if (choice === 'ipv6') rules.push({...rule, peer})
        else rules.push(rule, {...rule, peer})
      }
      group.rules = rules
    }
    doc.instances.forEach((instance, index) => {
      if (d.instanceIpv6[index] && instance.vswitch !== 'data-a') instance.ipv6 = true
      if (d.instanceIpv6[index] && instance.vswitch === 'data-a' && d.dataIpv6) instance.ipv6 = true
    })
    if (d.gateway) doc.ipv6Gateways = [{name: 'prod-v6', vpc: 'prod', internet: d.internet}]
    const cluster = doc.clusters[0]!
    if (d.dual) cluster.ipStack = 'dual'
    // mostly a cluster that can run dual stack (Terway on a type whose IPv6 per ENI allows it), so
    // that most IPv6 pairs get past NO_IPV6_ADDRESS; left alone when IPv4 answers must not move
    if (!unchanged && d.terway) {
      cluster.network = {plugin: 'terway', mode: 'shared', podVSwitches: ['pod-a']}
      for (const pool of cluster.nodePools as Array<Record<string, Json>>) pool.instanceType = 'ecs.g7.xlarge'
    }
    ;(cluster.services as Array<{spec: Record<string, Json>}>).forEach((service, index) => {
      const policy = d.familyPolicy[index]
      if (policy) service.spec.ipFamilyPolicy = policy
    })
    ;(cluster.networkPolicies as Array<{spec: {ingress?: Array<{from?: Json[]}>}}>).forEach((policy, index) => {
      const cidr = d.ipBlock[index]
      const first = policy.spec.ingress?.[0]
      // an empty `from` admits every peer: an ipBlock there would narrow IPv4 too
      if (cidr && first && (!unchanged || (first.from?.length ?? 0) > 0)) first.from = [...(first.from ?? []), {ipBlock: {cidr}}]
    })
    return {base, doc: doc as Doc}
  })
}

export const dualStackTopologyArbitrary: fc.Arbitrary<Doc> = dualStackOf().map(({doc}) => doc)
