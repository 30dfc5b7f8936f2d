import {formatIpv6Cidr, ipv6CidrContains} from '../../cidr/cidr6.js'
import type {Finding} from '../../findings.js'
import {dualStackClusterProblems, dualStackSupport} from '../../platform/dual-stack.js'
import type {Cluster, Model, SourceRef, VSwitch} from '../../topology/model.js'
import type {LintRule, RuleContext} from '../rule.js'

/**
 * IPv4/IPv6 dual stack (SPEC §8, alibaba-facts §10 V4–V8): what keeps a cluster with
 * `ipStack: dual`, or an IPv6 gateway or instance, from getting IPv6. The rules themselves are
 * in platform/dual-stack.ts (dualStackClusterProblems, dualStackSupport); this rule only places
 * them in the file. One owner per fact (docs/lint.md, "dual-stack"):
 * - ACS with dual stack (V9): `acs-unsupported` (SPEC §3); this rule skips ACS clusters.
 * - Services that require IPv6 in a single-stack cluster: `service-ip-family` (Flannel clusters:
 *   `flannel-unsupported`).
 * - The IPv6 blocks themselves (V1–V3): `vpc-cidr`, `vswitch-cidr`, `vswitch-overlap`, `ip-address`.
 */
export const dualStackRule: LintRule<Model> = {
  id: 'dual-stack',
  severity: 'error',
  description: 'A dual-stack cluster, IPv6 gateway or IPv6 instance that cannot get IPv6 as written',
  help: 'ACK dual stack (ipStack: dual) needs Terway (Flannel is IPv4 only), a VPC with an IPv6 block, an IPv6 /64 on every node and pod vSwitch, no eRDMA, and instance types whose IPv6 addresses per ENI equal their IPv4 addresses per ENI in shared and trunk mode (any IPv6 in exclusive and prefix mode): otherwise Terway turns IPv6 off on the node and its pods stay IPv4 only (Terway daemon/daemon.go; alibaba-facts §10 V4–V8). g6, t6, gn6i and 6th-generation bare metal have 1 IPv6 per ENI; g7, c7, r7, g8i have as many as IPv4. A type with no published IPv6 figure is named: add ipv6PerEni for it under instanceTypes. An IPv6 gateway needs its VPC to have an IPv6 block, one per VPC, and internet blocks inside that block.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.ipStack !== 'dual' || cluster.type === 'acs') continue
      checkCluster(cluster, ctx, findings)
    }
    checkIpv6Gateways(model, ctx, findings)
    for (const instance of model.instances) {
      if (instance.ipv6 !== undefined || instance.ipv6Given || instance.vswitch.ipv6Cidr) continue
      // `ipv6: true` on a vSwitch without a /64 (a given address there is ip-address's)
      if (ctx.raw(instance.source, 'ipv6') === true) {
        findings.push(ctx.finding(instance.source, 'ipv6', `instance ${instance.name} asks for an IPv6 address, but its vSwitch ${instance.vswitch.name} has no IPv6 block (ipv6Cidr)`))
      }
    }
    return findings
  },
}

function checkCluster(cluster: Cluster, ctx: RuleContext, findings: Finding[]): void {
  const network = cluster.network
  const plugin = network.plugin === 'flannel' ? 'flannel' : 'terway'
  // V4 (Terway only, VPC with an IPv6 block) and V7 (no eRDMA); the Kubernetes version is not in the file
  for (const problem of dualStackClusterProblems({kind: 'ack', plugin, vpcHasIpv6: cluster.vpc.ipv6Cidr !== undefined, erdma: network.plugin === 'terway' && network.erdma})) {
    const field = problem.input === 'erdma' ? 'network.erdma' : problem.input === 'plugin' ? 'network.plugin' : problem.input === 'vpcHasIpv6' ? 'vpc' : 'ipStack'
    findings.push(ctx.finding(cluster.source, field, `cluster ${cluster.name}: ${problem.message}`))
  }
  if (network.plugin !== 'terway') return

  // every node and pod vSwitch needs a /64, else its nodes or pods get no IPv6 address
  if (cluster.vpc.ipv6Cidr) {
    const reported = new Set<VSwitch>()
    const needsIpv6 = (vswitch: VSwitch, role: string, source: SourceRef, field: string) => {
      if (vswitch.ipv6Cidr || reported.has(vswitch)) return
      reported.add(vswitch)
      findings.push(ctx.finding(source, field, `cluster ${cluster.name} is dual stack, but its ${role} vSwitch ${vswitch.name} has no IPv6 block (ipv6Cidr): ${role === 'node' ? 'nodes' : 'pods'} there get no IPv6 address`))
    }
    for (const pool of cluster.nodePools) pool.vswitches.forEach((vswitch, i) => needsIpv6(vswitch, 'node', pool.source, `vswitches[${i}]`))
    network.podVSwitches.forEach((vswitch, i) => needsIpv6(vswitch, 'pod', cluster.source, `network.podVSwitches[${i}]`))
    for (const workload of cluster.workloads) workload.podNetworking?.vswitches.forEach((vswitch, i) => needsIpv6(vswitch, 'pod', workload.source, `podNetworking.vswitches[${i}]`))
  }

  // V5 (shared, trunk), V6 (exclusive), V8 (prefix): the instance type per ENI
  for (const pool of cluster.nodePools) {
    const where = `node pool ${pool.name} of dual-stack cluster ${cluster.name}`
    if (!pool.instanceType) {
      findings.push(ctx.finding(pool.source, 'instanceType', `${where}: ${pool.instanceTypeName} is not in the instance catalog, so whether Terway gives its pods IPv6 is unknown; add it under instanceTypes with ipv4PerEni and ipv6PerEni (DescribeInstanceTypes EniPrivateIpAddressQuantity, EniIpv6AddressQuantity)`))
      continue
    }
    const support = dualStackSupport(pool.instanceType, network.mode)
    if (support.supported === true) continue
    if (support.supported === false) {
      findings.push(ctx.finding(pool.source, 'instanceType', `${where}: ${support.reason}; Terway runs these nodes IPv4 only, so their pods get no IPv6 address`))
    } else {
      const figure = support.missing === 'ipv6PerEni' ? 'IPv6 addresses per ENI (EniIpv6AddressQuantity)' : 'IPv4 addresses per ENI (EniPrivateIpAddressQuantity)'
      findings.push(ctx.finding(pool.source, 'instanceType', `${where}: ${pool.instanceTypeName} has no published ${figure}, so whether Terway gives its pods IPv6 in ${network.mode} mode is unknown; add ${support.field} for it`))
    }
  }
}

function checkIpv6Gateways(model: Model, ctx: RuleContext, findings: Finding[]): void {
  for (const gateway of model.ipv6Gateways) {
    const vpc = gateway.vpc
    if (vpc.ipv6Gateway && vpc.ipv6Gateway !== gateway) {
      findings.push(ctx.finding(gateway.source, 'vpc', `IPv6 gateway ${gateway.name}: VPC ${vpc.name} already has IPv6 gateway ${vpc.ipv6Gateway.name}; a VPC has at most one`))
      continue
    }
    if (!vpc.ipv6Cidr) {
      findings.push(ctx.finding(gateway.source, 'vpc', `IPv6 gateway ${gateway.name}: VPC ${vpc.name} has no IPv6 block (ipv6Cidr)`))
      continue
    }
    gateway.internet.forEach((block, i) => {
      if (!ipv6CidrContains(vpc.ipv6Cidr!, block)) {
        findings.push(ctx.finding(gateway.source, `internet[${i}]`, `IPv6 gateway ${gateway.name}: internet block ${formatIpv6Cidr(block)} is not inside VPC ${vpc.name}'s IPv6 block ${formatIpv6Cidr(vpc.ipv6Cidr!)}; only addresses of the VPC get IPv6 internet bandwidth`))
      }
    })
  }
}
