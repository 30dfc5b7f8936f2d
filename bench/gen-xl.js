#!/usr/bin/env node
// Writes the synthetic "xl" topology of SPEC §6: a realistic, lint-clean Terway cluster whose size
// scales with --scale (1× = 5,000 nodes, 2,000 workloads and Services, 1,000 NetworkPolicies,
// 200 enterprise security groups × 50 rules, 500 ECS instances, 1,000 expectations).
// Deterministic: the same --seed and --scale always give the same bytes.
// Every expectation's verdict is worked out here, from the same facts that the generator wrote,
// so `acknet lint` on the file checks the reach engine against an independent model.
//
//   node bench/gen-xl.js [--scale F] [--seed N] [--out FILE|-] [--clean] [--stats]
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
export const DEFAULT_OUT = resolve(HERE, 'out', 'xl.yaml')

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32): tiny, fast and good enough for picking names and mixes.
function prng(seed) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  }
}

// ---------------------------------------------------------------------------------------------
// IPv4 helpers for the generator's own address plan (uint32 arithmetic, formatting only).
const ip = (a, b, c, d) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d
const fmtIp = (n) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
const fmtCidr = (network, prefix) => `${fmtIp(network)}/${prefix}`
const blockSize = (prefix) => 2 ** (32 - prefix)
/** Smallest prefix (not longer than maxPrefix, not shorter than minPrefix) whose vSwitch usable count holds `need`. */
function prefixFor(need, minPrefix, maxPrefix) {
  for (let prefix = maxPrefix; prefix >= minPrefix; prefix--) if (blockSize(prefix) - 4 >= need) return prefix
  return minPrefix
}
/** Hands out aligned blocks from one region, in order. */
function allocator(base, prefix) {
  let cursor = base
  const end = base + blockSize(prefix)
  return (wantPrefix) => {
    const size = blockSize(wantPrefix)
    cursor = Math.ceil(cursor / size) * size
    if (cursor + size > end) throw new Error(`address plan: region ${fmtCidr(base, prefix)} is full`)
    const network = cursor
    cursor += size
    return network
  }
}

// Address plan inside the VPC 10.0.0.0/8 (one security-group rule can name each region):
const POD_REGION = {base: ip(10, 0, 0, 0), prefix: 11} //   10.0.0.0/11  Terway pod vSwitches
const NODE_REGION = {base: ip(10, 32, 0, 0), prefix: 12} // 10.32.0.0/12 node vSwitches
const DATA_REGION = {base: ip(10, 48, 0, 0), prefix: 12} // 10.48.0.0/12 ECS (data) vSwitches
const HOST_REGION = {base: ip(10, 32, 0, 0), prefix: 11} // 10.32.0.0/11 = nodes + ECS
const VPC_CIDR = '10.0.0.0/8'
// Outside addresses for the padding rules: documentation ranges (RFC 5737) and SLB health checks.
const OFFICE_CIDRS = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24']
const SLB_HEALTH_CHECK = '100.64.0.0/10'

// ---------------------------------------------------------------------------------------------
const ZONES = ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j']
// Pools: instance type, share of the nodes, max pods per node in shared mode (facts W5/W6:
// (EniQuantity − 1) × IPv4PerEni — g7/c7/r7 .xlarge/.2xlarge 3 × 15 = 45, g7.4xlarge 7 × 30 = 210).
const POOL_CLASSES = [
  {name: 'web', instanceType: 'ecs.g7.xlarge', share: 0.4, maxPods: 45},
  {name: 'app', instanceType: 'ecs.g7.2xlarge', share: 0.2, maxPods: 45},
  {name: 'compute', instanceType: 'ecs.c7.xlarge', share: 0.15, maxPods: 45},
  {name: 'memory', instanceType: 'ecs.r7.xlarge', share: 0.15, maxPods: 45},
  {name: 'big', instanceType: 'ecs.g7.4xlarge', share: 0.1, maxPods: 210},
]
const NS_WORDS = ['payments', 'checkout', 'catalog', 'search', 'orders', 'billing', 'identity', 'inventory',
  'shipping', 'pricing', 'reviews', 'ads', 'media', 'notify', 'risk', 'ledger', 'crm', 'reports', 'gateway', 'growth']
const APP_WORDS = ['api', 'web', 'worker', 'cache-proxy', 'indexer', 'scheduler', 'grpc', 'admin', 'sync', 'exporter',
  'consumer', 'producer', 'renderer', 'auth', 'router', 'ingestor', 'resolver', 'planner', 'notifier', 'archiver']
const TIERS = ['frontend', 'backend', 'worker', 'batch']
// ECS kinds: name stem and the one port it listens on.
const ECS_KINDS = [
  {stem: 'pg', port: 5432}, {stem: 'mysql', port: 3306}, {stem: 'redis', port: 6379},
  {stem: 'es', port: 9200}, {stem: 'mongo', port: 27017}, {stem: 'kafka', port: 9092},
]
const TEAMS = 25
const WORKLOADS_PER_POOL = 40
const SECURITY_GROUP_RULES = 50

// ---------------------------------------------------------------------------------------------
/** Builds the topology object and a summary; pure (no I/O). */
export function generate({scale = 1, seed = 8, clean = false} = {}) {
  if (!(scale >= 0.05 && scale <= 8)) throw new Error(`--scale must be between 0.05 and 8, got ${scale}`)
  const rnd = prng(seed)
  const count = (n) => Math.max(1, Math.round(n * scale))
  const nodes = count(5000)
  const namespaceCount = count(100)
  const workloadCount = count(2000)
  const policyCount = count(1000)
  const groupCount = Math.max(count(200), 10)
  const instanceCount = count(500)
  const expectationCount = count(1000)

  // --- node pools and their zone spread (pools span all three node vSwitches) ---------------
  // acknet places a workload's replicas round-robin over its pool's nodes starting at the
  // first node (SPEC §4.2), so node 0 of a pool runs one pod of every workload in the pool:
  // at most WORKLOADS_PER_POOL workloads per pool keeps every node within 45 pods.
  const poolCount = Math.max(POOL_CLASSES.length, Math.ceil(workloadCount / WORKLOADS_PER_POOL))
  const pools = []
  for (const [classIndex, poolClass] of POOL_CLASSES.entries()) {
    const classPools = Math.floor(poolCount / POOL_CLASSES.length) + (classIndex < poolCount % POOL_CLASSES.length ? 1 : 0)
    const classNodes = classIndex === POOL_CLASSES.length - 1 ? nodes - pools.reduce((sum, pool) => sum + pool.count, 0) : Math.round(nodes * poolClass.share)
    for (let k = 0; k < classPools; k++) {
      const count = Math.floor(classNodes / classPools) + (k < classNodes % classPools ? 1 : 0)
      pools.push({...poolClass, name: `${poolClass.name}-${k + 1}`, group: `pool-${poolClass.name}`, count})
    }
  }
  // interleave the classes so that workloads (assigned w mod pools) meet every instance type
  pools.sort((a, b) => Number(a.name.split('-').at(-1)) - Number(b.name.split('-').at(-1)) || POOL_CLASSES.findIndex((c) => c.name === a.name.replace(/-\d+$/, '')) - POOL_CLASSES.findIndex((c) => c.name === b.name.replace(/-\d+$/, '')))
  const perZone = (n) => Math.ceil(n / ZONES.length)

  // --- vSwitches ----------------------------------------------------------------------------
  const podAlloc = allocator(POD_REGION.base, POD_REGION.prefix)
  const nodeAlloc = allocator(NODE_REGION.base, NODE_REGION.prefix)
  const dataAlloc = allocator(DATA_REGION.base, DATA_REGION.prefix)
  // Pod vSwitches hold every pod the zone's nodes can run at full density (facts W7 sizes them the same way).
  const podsPerZoneAtFullDensity = pools.reduce((sum, pool) => sum + perZone(pool.count) * pool.maxPods, 0)
  const podVSwitchesPerZone = Math.ceil((podsPerZoneAtFullDensity * 1.1) / (blockSize(16) - 4))
  const podPrefix = podVSwitchesPerZone === 1 ? prefixFor(podsPerZoneAtFullDensity * 1.1, 16, 24) : 16
  // Intranet SLBs of LoadBalancer Services (≈8% of Services) and the NAT gateway take node vSwitch addresses.
  const loadBalancerReserve = Math.ceil(workloadCount * 0.1) + 16
  const nodePrefix = prefixFor(perZone(nodes) * 1.25 + loadBalancerReserve, 16, 26)
  const zoneSuffix = (zone) => zone.slice(-1)
  const vswitches = []
  const podVSwitchNames = []
  const nodeVSwitchNames = []
  for (const zone of ZONES) {
    const z = zoneSuffix(zone)
    vswitches.push({name: `node-${z}`, zone, cidr: fmtCidr(nodeAlloc(nodePrefix), nodePrefix)})
    nodeVSwitchNames.push(`node-${z}`)
  }
  for (const zone of ZONES) {
    for (let k = 0; k < podVSwitchesPerZone; k++) {
      const name = `pod-${zoneSuffix(zone)}${podVSwitchesPerZone > 1 ? `-${k + 1}` : ''}`
      vswitches.push({name, zone, cidr: fmtCidr(podAlloc(podPrefix), podPrefix)})
      podVSwitchNames.push(name)
    }
  }
  // Data vSwitches (/24, ~80 ECS each); the last one is bound to the custom "isolated" table.
  const dataVSwitchCount = Math.max(3, Math.ceil(instanceCount / 80))
  const dataVSwitches = []
  for (let k = 0; k < dataVSwitchCount; k++) {
    const zone = ZONES[k % ZONES.length]
    const isolated = k === dataVSwitchCount - 1
    const network = dataAlloc(24)
    const vswitch = {name: isolated ? `data-isolated-${zoneSuffix(zone)}` : `data-${zoneSuffix(zone)}-${Math.floor(k / 3) + 1}`, zone, cidr: fmtCidr(network, 24)}
    if (isolated) vswitch.routeTable = 'isolated'
    vswitches.push(vswitch)
    dataVSwitches.push({...vswitch, network, nextHost: 10, isolated})
  }

  // --- security groups (all enterprise: 5,000 nodes + Terway pods ≫ 2,000, facts §2/§6) -------
  const padRules = (rules, salt) => {
    // Realistic filler: office and partner ranges, SLB health checks; never a VPC peer, so
    // it cannot change a verdict inside the VPC, and never an admin port from 0.0.0.0/0.
    const ports = [443, 8443, 9443, 8080, 8000, 4443, 5000, 7000]
    let i = 0
    while (rules.length < SECURITY_GROUP_RULES) {
      const office = OFFICE_CIDRS[(i + salt) % OFFICE_CIDRS.length]
      const third = (i * 7 + salt) % 256
      const host = `${office.split('.').slice(0, 3).join('.')}.${third}/32`
      const kind = i % 5
      if (kind === 0) rules.push({direction: 'ingress', protocol: 'tcp', ports: `${ports[i % ports.length]}/${ports[i % ports.length]}`, peer: office})
      else if (kind === 1) rules.push({direction: 'ingress', protocol: 'tcp', ports: `${10000 + i}/${10000 + i}`, peer: host, priority: 10 + (i % 50)})
      else if (kind === 2) rules.push({direction: 'ingress', protocol: 'tcp', ports: '1/65535', peer: host, action: 'drop', priority: 1 + (i % 5)})
      else if (kind === 3) rules.push({direction: 'ingress', protocol: 'udp', ports: `${20000 + i}/${20000 + i}`, peer: office, priority: 20})
      else {
        // every 40 rules the port list comes round again: move one port up so no rule is written twice (sg-rule-shadowed)
        const port = ports[(i + 3) % ports.length] + Math.floor(i / 40)
        rules.push({direction: 'ingress', protocol: 'tcp', ports: `${port}/${port}`, peer: SLB_HEALTH_CHECK, priority: 5})
      }
      i++
    }
    return rules
  }
  const securityGroups = []
  // Cluster nodes and (Terway shared mode, no podSecurityGroups) their pods.
  securityGroups.push({
    name: 'k8s-nodes', vpc: 'prod', type: 'enterprise', rules: padRules([
      {direction: 'ingress', protocol: 'tcp', peer: VPC_CIDR},
      {direction: 'ingress', protocol: 'udp', peer: VPC_CIDR},
      {direction: 'ingress', protocol: 'icmp', peer: VPC_CIDR},
      {direction: 'ingress', protocol: 'tcp', ports: '30000/32767', peer: '0.0.0.0/0', priority: 50},
      {direction: 'egress', protocol: 'all', peer: '0.0.0.0/0'},
    ], 0),
  })
  for (const [index, poolClass] of POOL_CLASSES.entries()) {
    securityGroups.push({
      name: `pool-${poolClass.name}`, vpc: 'prod', type: 'enterprise', rules: padRules([
        {direction: 'ingress', protocol: 'tcp', ports: '10250/10250', peer: fmtCidr(NODE_REGION.base, NODE_REGION.prefix)},
        {direction: 'ingress', protocol: 'tcp', ports: '9100/9100', peer: fmtCidr(POD_REGION.base, POD_REGION.prefix)},
      ], index + 1),
    })
  }
  const bastionGroup = clean ? undefined : 'bastion'
  if (bastionGroup) {
    // Deliberate finding: sg-open-admin-port (warning) — SSH open to the world on the bastion.
    securityGroups.push({
      name: bastionGroup, vpc: 'prod', type: 'enterprise', rules: padRules([
        {direction: 'ingress', protocol: 'tcp', ports: '22/22', peer: '0.0.0.0/0'},
        {direction: 'egress', protocol: 'all', peer: '0.0.0.0/0'},
      ], 7),
    })
  }
  // Application groups for the ECS fleet. Half admit the pod region on their service port.
  const appGroups = []
  for (let g = 0; securityGroups.length < groupCount; g++) {
    const kind = ECS_KINDS[g % ECS_KINDS.length]
    const podsAllowed = g % 2 === 0
    const name = `${kind.stem}-sg-${g + 1}`
    const rules = [
      {direction: 'ingress', protocol: 'tcp', ports: `${kind.port}/${kind.port}`, peer: fmtCidr(HOST_REGION.base, HOST_REGION.prefix)},
      {direction: 'egress', protocol: 'all', peer: '0.0.0.0/0'},
    ]
    if (podsAllowed) {
      rules.push({direction: 'ingress', protocol: 'tcp', ports: `${kind.port}/${kind.port}`, peer: fmtCidr(POD_REGION.base, POD_REGION.prefix)})
      // Opens a range the instance does not listen on: a pod reaching 8080 gets PORT_NOT_LISTENING.
      rules.push({direction: 'ingress', protocol: 'tcp', ports: '8000/8999', peer: fmtCidr(POD_REGION.base, POD_REGION.prefix), priority: 30})
    }
    securityGroups.push({name, vpc: 'prod', type: 'enterprise', rules: padRules(rules, g)})
    appGroups.push({name, kind, podsAllowed})
  }

  // --- ECS instances --------------------------------------------------------------------------
  const instances = []
  const instanceFacts = []
  for (let i = 0; i < instanceCount; i++) {
    const group = appGroups[i % appGroups.length]
    const dataVSwitch = dataVSwitches[i % dataVSwitches.length]
    const address = dataVSwitch.network + dataVSwitch.nextHost++
    const name = `${group.kind.stem}-${i + 1}`
    const instance = {name, vswitch: dataVSwitch.name, ip: fmtIp(address), securityGroups: [group.name], listens: [{port: group.kind.port, protocol: 'tcp'}]}
    if (i % 4 === 0) instance.dnsNames = [`${name}.db.internal.example`]
    instances.push(instance)
    instanceFacts.push({name, port: group.kind.port, podsAllowed: group.podsAllowed, isolated: dataVSwitch.isolated})
  }
  const vpnHost = dataVSwitches[0]
  instances.push({name: 'vpn-gw-1', vswitch: vpnHost.name, ip: fmtIp(vpnHost.network + vpnHost.nextHost++), securityGroups: [appGroups[0].name]})
  if (bastionGroup) {
    instances.push({name: 'bastion-1', vswitch: vpnHost.name, ip: fmtIp(vpnHost.network + vpnHost.nextHost++), securityGroups: [bastionGroup], publicIp: true, listens: [{port: 22, protocol: 'tcp'}]})
  }

  // --- route tables and NAT -------------------------------------------------------------------
  const idcRoutes = []
  for (let i = 0; i < 24; i++) idcRoutes.push({destination: i < 16 ? `172.16.${i * 16}.0/20` : `172.17.${(i - 16) * 16}.0/20`, nextHop: 'instance:vpn-gw-1'})
  const routeTables = [
    {name: 'system', routes: [{destination: '0.0.0.0/0', nextHop: 'nat:prod-nat'}, ...idcRoutes]},
    {name: 'isolated', routes: [{destination: '10.255.0.0/16', nextHop: 'blackhole'}]},
  ]
  const natGateways = [{
    name: 'prod-nat', vpc: 'prod', vswitch: nodeVSwitchNames[0], eips: ['47.96.0.10', '47.96.0.11'],
    snat: [...nodeVSwitchNames.map((name) => ({source: `vswitch:${name}`})), {source: fmtCidr(POD_REGION.base, POD_REGION.prefix)}, {source: fmtCidr(DATA_REGION.base, DATA_REGION.prefix)}],
    dnat: bastionGroup ? [{eip: '47.96.0.11', externalPort: 2222, internalIp: instances.at(-1).ip, internalPort: 22, protocol: 'tcp'}] : [],
  }]

  // --- namespaces, workloads, Services ----------------------------------------------------------
  const namespaces = [{name: 'monitoring', labels: {team: 'monitoring', env: 'prod'}}]
  const nsFacts = new Map([['monitoring', {name: 'monitoring', team: 'monitoring', locked: false, egressRestricted: false, index: -1}]])
  for (let n = 0; namespaces.length < namespaceCount + 1; n++) {
    const name = `${NS_WORDS[n % NS_WORDS.length]}-${Math.floor(n / NS_WORDS.length) + 1}`
    const team = `team-${n % TEAMS}`
    namespaces.push({name, labels: {team, env: n % 7 === 6 ? 'staging' : 'prod'}})
    nsFacts.set(name, {name, team, locked: n % 2 === 0, egressRestricted: n % 5 === 0, index: n})
  }
  const appNamespaces = namespaces.slice(1).map((ns) => nsFacts.get(ns.name))

  const workloads = []
  const workloadFacts = []
  const services = []
  let nextNodePort = 30000
  const serviceIpBase = ip(172, 21, 0, 0)
  const servicePrefix = prefixFor((workloadCount + 64) * 2, 16, 24)
  let nextServiceIp = serviceIpBase + 10
  for (let w = 0; w < workloadCount; w++) {
    const ns = appNamespaces[w % appNamespaces.length]
    const ordinal = Math.floor(w / appNamespaces.length)
    const name = `${APP_WORDS[ordinal % APP_WORDS.length]}${ordinal >= APP_WORDS.length ? `-${Math.floor(ordinal / APP_WORDS.length) + 1}` : ''}`
    const tier = TIERS[(w * 7 + ordinal) % TIERS.length]
    const pool = pools[w % pools.length]
    const stateful = rnd.chance(0.12)
    workloads.push({
      name, namespace: ns.name, kind: stateful ? 'StatefulSet' : 'Deployment', replicas: rnd.int(1, 6), nodePool: pool.name,
      labels: {app: name, tier},
      ports: [{name: 'http', containerPort: 8080, protocol: 'TCP'}, {name: 'metrics', containerPort: 9090, protocol: 'TCP'}],
    })
    const roll = rnd.next()
    const type = roll < 0.7 ? 'ClusterIP' : roll < 0.8 ? 'headless' : roll < 0.92 ? 'NodePort' : 'LoadBalancer'
    const spec = {type: type === 'headless' ? 'ClusterIP' : type, selector: {app: name}}
    if (type === 'headless') spec.clusterIP = 'None'
    else spec.clusterIP = fmtIp(nextServiceIp++)
    const port = {name: 'http', port: 80, targetPort: 'http', protocol: 'TCP'}
    if (type === 'NodePort' || type === 'LoadBalancer') port.nodePort = nextNodePort++
    spec.ports = [port]
    const annotations = {}
    if (type === 'LoadBalancer') {
      annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type'] = rnd.chance(0.8) ? 'intranet' : 'internet'
    }
    services.push({apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: ns.name, annotations}, spec})
    workloadFacts.push({name, ns, tier, type, ref: `${ns.name}/${name}`})
  }
  if (nextNodePort > 32767) throw new Error('address plan: more NodePort Services than the default nodePort range holds')
  if (!clean) {
    // Deliberate finding: service-no-endpoints (warning) — a Service left behind by a retired app.
    const ns = appNamespaces[0]
    services.push({apiVersion: 'v1', kind: 'Service', metadata: {name: 'legacy-reports', namespace: ns.name, annotations: {}},
      spec: {type: 'ClusterIP', clusterIP: fmtIp(nextServiceIp++), selector: {app: 'legacy-reports'}, ports: [{name: 'http', port: 80, targetPort: 8080, protocol: 'TCP'}]}})
  }

  // --- NetworkPolicies --------------------------------------------------------------------------
  // Kinds, per namespace: default-deny-ingress (locked namespaces), restrict-batch-egress
  // (egress-restricted namespaces), then allow-<app> ingress policies and allow-metrics-<app>.
  const networkPolicies = []
  const ingressAllow = new Map() // "ns/app" → {fromTeam}
  const metricsAllow = new Set() // "ns/app"
  const byNamespace = new Map()
  for (const fact of workloadFacts) {
    if (!byNamespace.has(fact.ns.name)) byNamespace.set(fact.ns.name, [])
    byNamespace.get(fact.ns.name).push(fact)
  }
  const policy = (name, namespace, spec) => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name, namespace}, spec})
  const addPolicy = (p) => { if (networkPolicies.length < policyCount) networkPolicies.push(p) }
  for (const ns of appNamespaces) {
    if (ns.locked) addPolicy(policy('default-deny-ingress', ns.name, {podSelector: {}, policyTypes: ['Ingress']}))
    else ns.locked = false
    if (ns.egressRestricted) {
      addPolicy(policy('restrict-batch-egress', ns.name, {
        podSelector: {matchLabels: {tier: 'batch'}}, policyTypes: ['Egress'],
        egress: [
          {to: [{ipBlock: {cidr: fmtCidr(DATA_REGION.base, DATA_REGION.prefix)}}], ports: [{protocol: 'TCP', port: 5432}]},
          {to: [{namespaceSelector: {}}], ports: [{protocol: 'UDP', port: 53}, {protocol: 'TCP', port: 53}]},
        ],
      }))
    }
  }
  // Record what actually went in (policyCount may cut the list at small scales).
  const lockedNamespaces = new Set(networkPolicies.filter((p) => p.metadata.name === 'default-deny-ingress').map((p) => p.metadata.namespace))
  const egressRestricted = new Set(networkPolicies.filter((p) => p.metadata.name === 'restrict-batch-egress').map((p) => p.metadata.namespace))
  for (const ns of appNamespaces) { ns.locked = lockedNamespaces.has(ns.name); ns.egressRestricted = egressRestricted.has(ns.name) }
  const deliberatePolicies = clean ? 0 : 1
  let round = 0
  while (networkPolicies.length < policyCount - deliberatePolicies && round < 40) {
    for (const ns of appNamespaces) {
      if (networkPolicies.length >= policyCount - deliberatePolicies) break
      const list = byNamespace.get(ns.name) ?? []
      const target = list[Math.floor(round / 2)]
      if (!target) continue
      if (round % 2 === 0) {
        const fromTeam = `team-${(ns.index * 3 + round) % TEAMS}`
        networkPolicies.push(policy(`allow-${target.name}`, ns.name, {
          podSelector: {matchLabels: {app: target.name}}, policyTypes: ['Ingress'],
          ingress: [{
            from: [
              {namespaceSelector: {matchLabels: {team: fromTeam}}, podSelector: {matchLabels: {tier: 'frontend'}}},
              {podSelector: {matchLabels: {tier: 'frontend'}}},
              {ipBlock: {cidr: fmtCidr(DATA_REGION.base, DATA_REGION.prefix), except: [dataVSwitches.at(-1).cidr]}},
            ],
            ports: [{protocol: 'TCP', port: 8080}],
          }],
        }))
        ingressAllow.set(target.ref, {fromTeam})
      } else {
        networkPolicies.push(policy(`allow-metrics-${target.name}`, ns.name, {
          podSelector: {matchLabels: {app: target.name}},
          ingress: [{from: [{namespaceSelector: {matchLabels: {team: 'monitoring'}}}], ports: [{protocol: 'TCP', port: 'metrics'}]}],
        }))
        metricsAllow.add(target.ref)
      }
    }
    round++
  }
  if (!clean) {
    // Deliberate finding: netpol-selects-nothing (info) — a policy for an app that was renamed.
    networkPolicies.push(policy('allow-legacy-reports', appNamespaces[0].name, {
      podSelector: {matchLabels: {app: 'legacy-reports'}}, policyTypes: ['Ingress'],
      ingress: [{from: [{podSelector: {matchLabels: {tier: 'frontend'}}}]}],
    }))
  }
  // Monitoring scrapes metrics; it is the source of the metrics expectations.
  workloads.push({name: 'prometheus', namespace: 'monitoring', kind: 'StatefulSet', replicas: 2, nodePool: pools[0].name,
    labels: {app: 'prometheus', tier: 'backend'}, ports: [{name: 'web', containerPort: 9090, protocol: 'TCP'}]})
  services.push({apiVersion: 'v1', kind: 'Service', metadata: {name: 'prometheus', namespace: 'monitoring', annotations: {}},
    spec: {type: 'ClusterIP', clusterIP: fmtIp(nextServiceIp++), selector: {app: 'prometheus'}, ports: [{name: 'web', port: 9090, targetPort: 'web', protocol: 'TCP'}]}})
  const prometheus = {name: 'prometheus', ns: nsFacts.get('monitoring'), tier: 'backend', type: 'ClusterIP', ref: 'monitoring/prometheus'}

  // --- expectations (verdicts from this model) ---------------------------------------------------
  const egressLimited = (w) => w.tier === 'batch' && w.ns.egressRestricted
  /** Kubernetes NetworkPolicy ingress verdict for a pod-sourced connection into workload `to`. */
  function ingressAllowed(from, to, port) {
    const allow = ingressAllow.get(to.ref)
    const metrics = metricsAllow.has(to.ref)
    const isolated = to.ns.locked || allow !== undefined || metrics
    if (!isolated) return true
    if (allow && port === 8080 && from.tier === 'frontend' && (from.ns.team === allow.fromTeam || from.ns.name === to.ns.name)) return true
    if (metrics && port === 9090 && from.ns.team === 'monitoring') return true
    return false
  }
  /** Egress from a pod to an address in the pod region (another pod). */
  const podEgressToPods = (from) => !egressLimited(from)
  const expectations = []
  const notes = {}
  const expect = (kind, entry) => { expectations.push(entry); notes[kind] = (notes[kind] ?? 0) + 1 }
  const sources = workloadFacts
  const pickWorkload = (filter) => {
    for (let tries = 0; tries < 200; tries++) { const w = rnd.pick(sources); if (filter(w)) return w }
    return sources.find(filter)
  }
  const reachable = instanceFacts
  for (let e = 0; expectations.length < expectationCount; e++) {
    const slot = e % 20
    if (slot < 8) {
      // pod → ECS on its service port: SG admits the pod region or not.
      const from = pickWorkload((w) => !egressLimited(w))
      const to = rnd.pick(reachable)
      expect('pod-to-instance', {from: `pod:${from.ref}`, to: `instance:${to.name}`, port: to.port, protocol: 'tcp', expect: to.podsAllowed ? 'allowed' : 'denied'})
    } else if (slot < 10) {
      // pod → ECS on 8080: admitted by 8000/8999 where pods are allowed, but nothing listens.
      const from = pickWorkload((w) => !egressLimited(w))
      const to = rnd.pick(reachable)
      expect('pod-to-instance-closed-port', {from: `pod:${from.ref}`, to: `instance:${to.name}`, port: 8080, protocol: 'tcp', expect: 'denied'})
    } else if (slot < 15) {
      // pod → pod on 8080 (NetworkPolicy ingress decides; SGs admit the VPC).
      const from = pickWorkload((w) => slot === 14 || !egressLimited(w))
      const to = slot % 2 === 0 ? pickWorkload((w) => ingressAllow.has(w.ref) && w.ref !== from.ref) : rnd.pick(sources)
      const ok = podEgressToPods(from) && ingressAllowed(from, to, 8080)
      expect('pod-to-pod', {from: `pod:${from.ref}`, to: `pod:${to.ref}`, port: 8080, protocol: 'tcp', expect: ok ? 'allowed' : 'denied'})
    } else if (slot < 17) {
      // pod → ClusterIP Service port 80 → targetPort http (8080) on the selected pods.
      const from = pickWorkload((w) => !egressLimited(w))
      const to = pickWorkload((w) => w.type === 'ClusterIP' || w.type === 'NodePort' || w.type === 'LoadBalancer')
      const ok = ingressAllowed(from, to, 8080)
      expect('pod-to-service', {from: `pod:${from.ref}`, to: `svc:${to.ref}`, port: 80, protocol: 'tcp', expect: ok ? 'allowed' : 'denied'})
    } else if (slot === 17) {
      // Prometheus scrapes metrics (9090) — allowed unless a locked namespace has no metrics policy.
      const to = rnd.pick(sources)
      expect('metrics-scrape', {from: `pod:${prometheus.ref}`, to: `pod:${to.ref}`, port: 9090, protocol: 'tcp', expect: ingressAllowed(prometheus, to, 9090) ? 'allowed' : 'denied'})
    } else if (slot === 18) {
      // Batch pods in egress-restricted namespaces reach only 5432 in the data region.
      const from = pickWorkload((w) => egressLimited(w)) ?? pickWorkload(() => true)
      const to = rnd.pick(reachable)
      const ok = to.podsAllowed && (!egressLimited(from) || to.port === 5432)
      expect('batch-egress', {from: `pod:${from.ref}`, to: `instance:${to.name}`, port: to.port, protocol: 'tcp', expect: ok ? 'allowed' : 'denied'})
    } else {
      // Pods reach the internet through the NAT gateway (SNAT covers the pod region); ECS reach ECS.
      if (e % 40 === 19) {
        const from = pickWorkload((w) => !egressLimited(w))
        expect('pod-to-internet', {from: `pod:${from.ref}`, to: 'internet', port: 443, protocol: 'tcp', expect: 'allowed'})
      } else {
        // Every app group admits 10.32.0.0/11 (nodes and the data region) on its port.
        const from = rnd.pick(reachable)
        let to = rnd.pick(reachable)
        if (to === from) to = reachable[(reachable.indexOf(from) + 1) % reachable.length]
        expect('instance-to-instance', {from: `instance:${from.name}`, to: `instance:${to.name}`, port: to.port, protocol: 'tcp', expect: 'allowed'})
      }
    }
  }

  const topology = {
    apiVersion: 'acknet/v1',
    kind: 'Topology',
    metadata: {name: `xl-bench-${scale}x`, region: 'cn-hangzhou'},
    settings: {routeEntriesPerTable: 200, basicSecurityGroupMaxIps: 2000, rulesPerSecurityGroup: 200},
    vpcs: [{name: 'prod', cidr: VPC_CIDR, routeTables, vswitches}],
    securityGroups,
    instances,
    natGateways,
    clusters: [{
      name: 'prod-k8s', type: 'ack', vpc: 'prod',
      network: {plugin: 'terway', mode: 'shared', podVSwitches: podVSwitchNames, networkPolicy: true},
      serviceCidr: fmtCidr(serviceIpBase, servicePrefix),
      nodePortRange: '30000-32767',
      nodePools: pools.map((pool) => ({name: pool.name, instanceType: pool.instanceType, count: pool.count, vswitches: nodeVSwitchNames, securityGroups: ['k8s-nodes', pool.group]})),
      namespaces,
      workloads,
      services,
      networkPolicies,
    }],
    expectations,
  }
  const summary = {
    scale, seed, nodes, pools: pools.length, namespaces: namespaces.length, workloads: workloads.length, services: services.length,
    networkPolicies: networkPolicies.length, securityGroups: securityGroups.length, securityGroupRules: securityGroups.reduce((s, g) => s + g.rules.length, 0),
    instances: instances.length, vswitches: vswitches.length, expectations: expectations.length, expectationMix: notes,
    expectedDenied: expectations.filter((x) => x.expect === 'denied').length,
    deliberateFindings: clean ? [] : ['sg-open-admin-port (securityGroups bastion)', 'service-no-endpoints (legacy-reports)', 'netpol-selects-nothing (allow-legacy-reports)'],
  }
  return {topology, summary}
}

// ---------------------------------------------------------------------------------------------
// YAML emitter: block style for structure, flow style for short all-scalar maps and lists (the
// way people write rules and ports by hand). Output is plain YAML 1.2 that js-yaml reads back.
const NUMBER_LIKE = /^[-+]?(\.\d+|\d+\.?\d*)([eE][-+]?\d+)?$|^0x|^0o|^[-+]?\.(inf|nan)$/i
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i
function scalar(value) {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === null || value === undefined) return 'null'
  const text = String(value)
  if (/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(text) && !NUMBER_LIKE.test(text) && !RESERVED.test(text)) return text
  return JSON.stringify(text)
}
const isScalar = (v) => v === null || typeof v !== 'object'
function flow(value) {
  if (Array.isArray(value)) return value.every(isScalar) ? `[${value.map(scalar).join(', ')}]` : undefined
  const entries = Object.entries(value)
  if (entries.length === 0) return '{}'
  if (!entries.every(([, v]) => isScalar(v) || (Array.isArray(v) && v.every(isScalar)) || (v && typeof v === 'object' && Object.keys(v).length === 0))) return undefined
  const text = `{ ${entries.map(([k, v]) => `${scalar(k)}: ${isScalar(v) ? scalar(v) : flow(v)}`).join(', ')} }`
  return text.length <= 120 ? text : undefined
}
function emit(value, indent, out) {
  const pad = ' '.repeat(indent)
  if (Array.isArray(value)) {
    for (const item of value) {
      const inline = isScalar(item) ? scalar(item) : flow(item)
      if (inline !== undefined) { out.push(`${pad}- ${inline}`); continue }
      if (Array.isArray(item)) { out.push(`${pad}-`); emit(item, indent + 2, out); continue }
      // a block map as a list item: first key on the dash line
      const lines = []
      emit(item, indent + 2, lines)
      lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`
      for (const line of lines) out.push(line)
    }
    return
  }
  for (const [key, v] of Object.entries(value)) {
    if (isScalar(v)) { out.push(`${pad}${scalar(key)}: ${scalar(v)}`); continue }
    if (Array.isArray(v) && v.length === 0) { out.push(`${pad}${scalar(key)}: []`); continue }
    const inline = flow(v)
    if (inline !== undefined && (!Array.isArray(v) || inline.length <= 100)) { out.push(`${pad}${scalar(key)}: ${inline}`); continue }
    out.push(`${pad}${scalar(key)}:`)
    emit(v, Array.isArray(v) ? indent + 2 : indent + 2, out)
  }
}
export function toYaml(topology, summary) {
  const out = [
    '# Synthetic xl topology for acknet benchmarks (SPEC §6) — generated by bench/gen-xl.js, do not edit.',
    `# scale ${summary.scale}, seed ${summary.seed}: ${summary.nodes} nodes, ${summary.workloads} workloads, ${summary.services} Services,`,
    `# ${summary.networkPolicies} NetworkPolicies, ${summary.securityGroups} security groups, ${summary.instances} ECS, ${summary.expectations} expectations.`,
    `# Deliberate findings: ${summary.deliberateFindings.length ? summary.deliberateFindings.join('; ') : 'none (--clean)'}.`,
  ]
  emit(topology, 0, out)
  return `${out.join('\n')}\n`
}

// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const options = {scale: 1, seed: 8, out: undefined, clean: false, stats: false}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined]
    const value = () => inline ?? argv[++i]
    if (flag === '--scale') options.scale = Number(value())
    else if (flag === '--seed') options.seed = Number(value())
    else if (flag === '--out' || flag === '-o') options.out = value()
    else if (flag === '--clean') options.clean = true
    else if (flag === '--stats') options.stats = true
    else if (flag === '--help' || flag === '-h') options.help = true
    else throw new Error(`unknown argument ${arg} (try --help)`)
  }
  if (!Number.isFinite(options.scale)) throw new Error('--scale needs a number, e.g. --scale 0.5')
  if (!Number.isInteger(options.seed)) throw new Error('--seed needs an integer')
  return options
}

const USAGE = `Usage: node bench/gen-xl.js [--scale F] [--seed N] [--out FILE|-] [--clean] [--stats]
  --scale F   size multiplier, 0.1 … 4 (1 = SPEC §6: 5,000 nodes, 2,000 workloads, …)
  --seed N    PRNG seed (default 8); the same seed and scale give the same bytes
  --out FILE  where to write (default bench/out/xl.yaml; "-" = stdout)
  --clean     leave out the deliberate lint findings
  --stats     print a JSON summary of what was generated on stderr`

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2))
    if (options.help) { process.stdout.write(`${USAGE}\n`); process.exit(0) }
    const {topology, summary} = generate(options)
    const yaml = toYaml(topology, summary)
    if (options.out === '-') process.stdout.write(yaml)
    else {
      const out = resolve(options.out ?? DEFAULT_OUT)
      mkdirSync(dirname(out), {recursive: true})
      writeFileSync(out, yaml)
      process.stderr.write(`wrote ${out} (${(yaml.length / 1e6).toFixed(2)} MB)\n`)
    }
    if (options.stats) process.stderr.write(`${JSON.stringify({...summary, bytes: yaml.length}, null, 2)}\n`)
  } catch (error) {
    process.stderr.write(`gen-xl: ${error.message}\n`)
    process.exit(2)
  }
}
