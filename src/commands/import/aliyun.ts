import {Flags} from '@oclif/core'
import {ImportCommand} from '../../cli/import-command.js'
import {AcknetError} from '../../errors.js'
import {importAliyun, type AliyunInputs} from '../../engine/import/aliyun.js'
import {readStructured} from '../../engine/import/io.js'
import {importAliyunLive} from '../../cli/live-aliyun.js'
import {instanceTypesFromResponses} from '../../engine/platform/describe-instance-types.js'

const files = (description: string) => Flags.string({description, multiple: true, helpValue: 'FILE'})

export default class ImportAliyunCommand extends ImportCommand {
  static override summary = 'Build a topology from the JSON the aliyun CLI prints for your VPC, ECS, NAT and SLB resources'
  static override description = `Reads the responses of the official \`aliyun\` CLI (one response per file, or a JSON array of responses; every flag can be repeated) and writes an acknet topology: VPCs, vSwitches, route tables, security groups with their rules, ECS instances, NAT gateways with SNAT/DNAT entries, and SLB instances with listeners, backends and ACLs. Give any subset of the flags. Objects are named by their Name when set, else by their id; each object's id is written as a comment above it.

ECS instances that are ACK nodes and SLBs that ACK's cloud controller manages are not imported here: they come from the cluster (\`acknet import kubectl\` or \`terraform\`, then --merge). IPv6 (VPC and vSwitch blocks, instance addresses, IPv6 rules and routes, IPv6 gateways) is imported. Anything that cannot be mapped (prefix-list rules, VPN next hops, IP-mapping DNAT, ...) is a warning on stderr and a comment in the file.`

  static override examples = [
    {description: 'Collect the responses, then import', command: `aliyun vpc DescribeVpcs --RegionId cn-hangzhou > vpcs.json
aliyun vpc DescribeVSwitches --RegionId cn-hangzhou --PageSize 50 > vswitches.json
aliyun ecs DescribeSecurityGroups --RegionId cn-hangzhou > sgs.json
aliyun ecs DescribeSecurityGroupAttribute --RegionId cn-hangzhou --SecurityGroupId sg-bp1... > sg-nodes.json
<%= config.bin %> import aliyun --vpc vpcs.json --vswitches vswitches.json --security-groups sgs.json --security-groups sg-nodes.json -o prod.yaml`},
    '<%= config.bin %> import aliyun --vpc vpcs.json --vswitches vswitches.json --route-tables tables.json --route-tables entries.json --instances ecs.json --nat nat.json --slb slb.json',
    '<%= config.bin %> import aliyun --instances ecs.json --merge prod.yaml -o prod.yaml --force',
    '<%= config.bin %> import aliyun --ipv6-gateways ipv6gw.json --ipv6-gateways ipv6-addresses.json --merge prod.yaml -o prod.yaml --force   # aliyun vpc DescribeIpv6Gateways / DescribeIpv6Addresses',
    {description: 'Run every Describe* call with the installed aliyun CLI (pages included)', command: '<%= config.bin %> import aliyun --live --region cn-hangzhou --vpc-id vpc-bp1... --profile prod -o prod.yaml'},
    '<%= config.bin %> import aliyun --instance-types types.json --merge prod.yaml -o prod.yaml --force   # aliyun ecs DescribeInstanceTypes > types.json',
  ]

  static override flags = {
    vpc: files('DescribeVpcs output.'),
    vswitches: files('DescribeVSwitches output.'),
    'security-groups': files('DescribeSecurityGroups and DescribeSecurityGroupAttribute (one per group) output.'),
    'route-tables': files('DescribeRouteTableList and DescribeRouteEntryList (or DescribeRouteTables) output.'),
    instances: files('DescribeInstances output (add --AdditionalAttributes.1 NETWORK_PRIMARY_ENI_IP to get the ENIs\' IPv6 addresses).'),
    nat: files('DescribeNatGateways, DescribeSnatTableEntries and DescribeForwardTableEntries output.'),
    'instance-types': files('DescribeInstanceTypes output: written as instanceTypes: (ENIs, IPv4/IPv6 per ENI, EniTotalQuantity for trunk mode).'),
    slb: files('DescribeLoadBalancers, DescribeLoadBalancerAttribute, DescribeLoadBalancerTCPListenerAttribute (etc.), DescribeVServerGroupAttribute and DescribeAccessControlListAttribute output.'),
    'ipv6-gateways': files('DescribeIpv6Gateways and DescribeIpv6Addresses output: ipv6Gateways:, with the addresses that have IPv6 internet bandwidth as `internet`.'),
    'listener-slb': Flags.string({description: 'The SLB (LoadBalancerId) that listener attribute responses without a LoadBalancerId belong to (default: the only SLB imported).', helpValue: 'LB_ID'}),
    live: Flags.boolean({description: 'Run the installed aliyun CLI for every Describe* call instead of reading files (needs --region).', default: false, exclusive: ['vpc', 'vswitches', 'security-groups', 'route-tables', 'instances', 'nat', 'slb', 'ipv6-gateways']}),
    region: Flags.string({description: 'With --live: the region to read (RegionId), e.g. cn-hangzhou.', dependsOn: ['live']}),
    'vpc-id': Flags.string({description: 'With --live: read only this VPC and what is in it (default: every VPC of the region).', dependsOn: ['live']}),
    profile: Flags.string({description: 'With --live: the aliyun CLI profile to use (default: its current profile).', dependsOn: ['live']}),
    ...ImportCommand.outputFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ImportAliyunCommand)
    const mergeTarget = this.loadMergeTarget(flags.merge)
    const instanceTypes = (flags['instance-types'] ?? []).flatMap((file) => instanceTypesFromResponses(readStructured(file), file))
    let inputs: AliyunInputs
    if (flags.live) {
      if (!flags.region) throw new AcknetError('--live needs --region (the RegionId to read, e.g. cn-hangzhou)')
      inputs = importAliyunLive({region: flags.region, vpcId: flags['vpc-id'], profile: flags.profile})
    } else {
      const load = (list: string[] | undefined) => list?.map((file) => ({file, data: readStructured(file)}))
      inputs = {vpc: load(flags.vpc), vswitches: load(flags.vswitches), securityGroups: load(flags['security-groups']), routeTables: load(flags['route-tables']), instances: load(flags.instances), nat: load(flags.nat), slb: load(flags.slb), ipv6Gateways: load(flags['ipv6-gateways'])}
      if (Object.values(inputs).every((list) => !list || list.length === 0) && instanceTypes.length === 0) throw new AcknetError('nothing to import: give at least one of --vpc, --vswitches, --security-groups, --route-tables, --instances, --nat, --slb, --ipv6-gateways, --instance-types (or --live --region R)')
    }
    const result = importAliyun(inputs, {name: flags.name, listenerSlb: flags['listener-slb']})
    // SPEC 1.4: the topology's instanceTypes win over every catalog, so trunk capacity uses these figures
    if (instanceTypes.length > 0) result.document.instanceTypes = instanceTypes.map(({name, enis, ipv4PerEni, ipv6PerEni, eniTotal, trunk}) => Object.fromEntries(Object.entries({name, enis, ipv4PerEni, ipv6PerEni, eniTotal, trunk}).filter(([, value]) => value !== undefined)))
    this.emit(result, flags, mergeTarget)
  }
}
