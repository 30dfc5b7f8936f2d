import {cidrContainsAddress, formatCidr, lastAddress} from '../../cidr/cidr.js'
import {formatIpv4, type Ipv4} from '../../cidr/ipv4.js'
import type {Finding} from '../../findings.js'
import type {IpOwner, Model, SourceRef, VSwitch} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const ipAddressRule: LintRule<Model> = {
  id: 'ip-address',
  severity: 'error',
  description: 'An IP address outside its vSwitch, reserved, or used twice',
  help: 'A fixed address (instance `ip`, SLB `address`) must lie inside its vSwitch and not be one of the four reserved addresses (the first and the last three of the block); two objects cannot share one private address. Pick a free usable address, or leave it out and let acknet allocate one.',
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
    return findings
  },
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
