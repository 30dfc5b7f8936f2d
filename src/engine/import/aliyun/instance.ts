import type {InstanceDoc} from '../document.js'
import {quoted} from '../escape.js'
import {list, strings, tags, text, type AliyunContext} from './common.js'

/** ACK marks the ECS nodes it manages with these tags. */
const ACK_NODE_TAGS = ['ack.aliyun.com', 'ack.alibabacloud.com/nodepool-id']

interface Pending {
  doc: InstanceDoc
  vswitchId: string
  groupIds: string[]
}

/**
 * DescribeInstances → `instances`. ACK nodes are part of a cluster's node pools, not
 * standalone instances (counted in one warning per cluster). References to vSwitches and
 * security groups are resolved by `resolveInstances`, once the groups are mapped.
 */
export function mapInstances(c: AliyunContext): Pending[] {
  const ackNodes = new Map<string, number>()
  const pending: Pending[] = []
  const regions = new Map<string, number>()
  for (const instance of c.r.instances) {
    const id = text(instance.InstanceId)
    if (!id) continue
    const region = text(instance.RegionId)
    if (region) regions.set(region, (regions.get(region) ?? 0) + 1)
    const instanceTags = tags(instance)
    const cluster = ACK_NODE_TAGS.map((key) => instanceTags.get(key)).find((value) => value !== undefined)
    if (cluster !== undefined) {
      const clusterId = instanceTags.get('ack.aliyun.com') ?? cluster
      ackNodes.set(clusterId, (ackNodes.get(clusterId) ?? 0) + 1)
      c.ackNodeIds.add(id)
      continue
    }
    const vswitchId = text(instance.VpcAttributes?.VSwitchId)
    if (!vswitchId) {
      // a trimmed or partial response can say `InstanceNetworkType: vpc` without its VpcAttributes: not classic
      const inVpc = text(instance.InstanceNetworkType)?.toLowerCase() === 'vpc' || text(instance.VpcAttributes?.VpcId) !== undefined
      c.warnings.push(inVpc ? `instance ${quoted(id)} is in a VPC but its response has no VpcAttributes.VSwitchId; skipped` : `instance ${quoted(id)} is not in a VPC (classic network); skipped`)
      continue
    }
    const doc: InstanceDoc = {name: c.names.instance.assign(id, text(instance.InstanceName)), vswitch: '', securityGroups: []}
    c.sources.set(doc, c.source(c.names.instance, id, `${text(instance.InstanceType) ? `${text(instance.InstanceType)}, ` : ''}DescribeInstances`))
    const ip = strings(instance.VpcAttributes, 'PrivateIpAddress', 'IpAddress')[0]
    if (ip) doc.ip = ip
    if (strings(instance, 'PublicIpAddress', 'IpAddress').length > 0 || text(instance.EipAddress?.IpAddress)) doc.publicIp = true
    const enis = list(instance, 'NetworkInterfaces', 'NetworkInterface')
    const primary = enis.find((eni) => String(eni.Type ?? '').toLowerCase() === 'primary') ?? enis[0]
    const ipv6 = list(primary, 'Ipv6Sets', 'Ipv6Set').map((set) => text(set.Ipv6Address)).filter((address): address is string => address !== undefined)
    if (ipv6[0]) doc.ipv6 = ipv6[0]
    if (ipv6.length > 1) c.warnings.push(`instance ${doc.name}: ${ipv6.length - 1} more IPv6 address(es) of its primary ENI not imported (acknet models one per instance)`)
    if (enis.length > 1) c.warnings.push(`instance ${doc.name}: ${enis.length - 1} secondary ENI(s) not imported (acknet models the primary ENI)`)
    pending.push({doc, vswitchId, groupIds: strings(instance, 'SecurityGroupIds', 'SecurityGroupId')})
  }
  for (const [cluster, count] of ackNodes) c.warnings.push(`${count} ECS instance(s) are nodes of ACK cluster ${quoted(cluster)} and are not imported as instances; import the cluster with \`acknet import kubectl\` (or terraform) and --merge`)
  // A topology describes one region (metadata.region); instances of several regions cannot share VPCs.
  if (regions.size > 1) c.warnings.push(`the instances come from ${regions.size} regions (${[...regions].map(([region, count]) => `${quoted(region)}: ${count}`).join(', ')}); a topology describes one region — import each region into its own file`)
  else {
    // one region, but not the VPCs' (DescribeInstances run with another --region): its vSwitches cannot be these VPCs'
    const region = [...regions.keys()][0]
    const vpcRegion = c.document.metadata.region
    if (region && vpcRegion && region !== vpcRegion) c.warnings.push(`the instances are in region ${quoted(region)}, the VPCs in ${quoted(vpcRegion)} (metadata.region); a topology describes one region — import each region into its own file`)
  }
  return pending
}

export function resolveInstances(c: AliyunContext, pending: Pending[]): void {
  for (const {doc, vswitchId, groupIds} of pending) {
    doc.vswitch = c.ref(c.names.vswitch, vswitchId, 'vSwitch')
    doc.securityGroups = groupIds.map((id) => c.ref(c.names.group, id, 'security group'))
    c.instances.push(doc)
  }
}
