import {cidrContainsAddress, formatCidr, lastAddress} from '../../cidr/cidr.js'
import {formatIpv6Cidr, ipv6CidrContainsAddress, ipv6LastAddress} from '../../cidr/cidr6.js'
import {formatIpv4, type Ipv4} from '../../cidr/ipv4.js'
import {formatIpv6, type Ipv6} from '../../cidr/ipv6.js'
import {VSWITCH_IPV6_RESERVED_ADDRESSES} from '../../platform/ipv6.js'
import type {Finding} from '../../findings.js'
import type {IpOwner, Model, SourceRef, VSwitch} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const ipAddressRule: LintRule<Model> = {
  id: 'ip-address',
  severity: 'error',
  description: 'An IP address (IPv4 or IPv6) outside its vSwitch, reserved, or used twice',
  help: 'A fixed address (instance `ip`, SLB `address`) must lie inside its vSwitch and not be one of the four reserved addresses (the first and the last three of the block); an instance `ipv6` address must lie in its vSwitch IPv6 /64 and not be one of its ten reserved addresses (the first and the last nine; alibaba-facts §10 V3); two objects cannot share one address. Pick a free usable address, or leave it out (`ipv6: true`) and let acknet allocate one.',
  check(model, ctx) {
    const findings: Finding[] = []
    const checkFixed = (what: string, address: Ipv4, vswitch: VSwitch, source: SourceRef, field: string) => {
      const text = formatIpv4(address)
      if (!cidrContainsAddress(vswitch.cidr, address)) {
        findings.push(ctx.finding(source, field, `${what}: ${text} is outside its vSwitch ${vswitch.name} (${formatCidr(vswitch.cidr)})`))
      } else if (address === vswitch.cidr.network || address >= lastAddress(vswitch.cidr) - 2) {
        findings.push(ctx.finding(source, field, `${what}: ${text} is reserved in vSwitch ${vswitch.name} (${formatCidr(vswitch.cidr)}: the first and the last three addresses are reserved)`))
      }
    }
    for (const instance of model.instances) {
      if (instance.ipGiven && instance.ip !== undefined) checkFixed(`instance ${instance.name}`, instance.ip, instance.vswitch, instance.source, 'ip')
      if (instance.ipv6Given && instance.ipv6 !== undefined) {
        const problem = ipv6Problem(instance.ipv6, instance.vswitch)
        if (problem) findings.push(ctx.finding(instance.source, 'ipv6', `instance ${instance.name}: ${problem}`))
      }
    }
    for (const balancer of model.loadBalancers) {
      if (balancer.addressGiven && balancer.address !== undefined && balancer.vswitch && !balancer.service) {
        checkFixed(`load balancer ${balancer.name}`, balancer.address, balancer.vswitch, balancer.source, 'address')
      }
    }
    for (const {ip, owners} of model.duplicateIps) {
      const [first, ...later] = owners
      for (const owner of later) {
        const located = locatable(owner)
        if (!located) continue
        findings.push(ctx.finding(located.source, located.field, `${describe(owner)}: ${formatIpv4(ip)} is already used by ${describe(first!)}`))
      }
    }
    for (const {ip, owners} of model.duplicateIpv6s) {
      const [first, ...later] = owners
      for (const owner of later) {
        const located = locatable(owner)
        if (!located) continue
        // given IPv6 addresses are on `ipv6`; allocated ones never collide with each other
        const field = owner.kind === 'instance' ? 'ipv6' : located.field
        findings.push(ctx.finding(located.source, field, `${describe(owner)}: IPv6 ${formatIpv6(ip)} is already used by ${describe(first!)}`))
      }
    }
    return findings
  },
}

/** V3: inside the vSwitch /64 and not one of the ten reserved addresses (platform/ipv6.ts). */
function ipv6Problem(address: Ipv6, vswitch: VSwitch): string | undefined {
  const text = formatIpv6(address)
  const block = vswitch.ipv6Cidr
  if (!block) return `IPv6 ${text} is given, but its vSwitch ${vswitch.name} has no IPv6 block (ipv6Cidr)`
  const where = `vSwitch ${vswitch.name} (${formatIpv6Cidr(block)})`
  if (!ipv6CidrContainsAddress(block, address)) return `IPv6 ${text} is outside its ${where}`
  if (address === block.network || address > ipv6LastAddress(block) - BigInt(VSWITCH_IPV6_RESERVED_ADDRESSES - 1)) {
    return `IPv6 ${text} is reserved in ${where}: the first and the last nine addresses are reserved`
  }
  return undefined
}

function locatable(owner: IpOwner): {source: SourceRef; field: string} | undefined {
  switch (owner.kind) {
    case 'instance':
      return {source: owner.instance.source, field: 'ip'}
    case 'loadBalancer':
      return {source: owner.loadBalancer.source, field: owner.loadBalancer.service ? '' : 'address'}
    case 'natGateway':
      return {source: owner.natGateway.source, field: 'vswitch'}
    case 'node':
      return {source: owner.node.pool.source, field: 'vswitches'}
    case 'pod':
      return {source: owner.pod.workload.source, field: 'name'}
  }
}

function describe(owner: IpOwner): string {
  switch (owner.kind) {
    case 'instance':
      return `instance ${owner.instance.name}`
    case 'loadBalancer':
      return `load balancer ${owner.loadBalancer.name}`
    case 'natGateway':
      return `NAT gateway ${owner.natGateway.name}`
    case 'node':
      return `node ${owner.node.name} of cluster ${owner.node.cluster.name}`
    case 'pod':
      return `pod ${owner.pod.name} of cluster ${owner.pod.workload.cluster.name}`
  }
}
