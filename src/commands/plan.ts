import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {askPlanInputs, assertInteractiveAllowed, type PlanAnswers} from '../cli/plan-interactive.js'
import {requireCidr} from '../engine/cidr/cidr.js'
import {requireIpv6Cidr} from '../engine/cidr/cidr6.js'
import {planCluster} from '../engine/plan/planner.js'
import {planToTopologyYaml} from '../engine/plan/topology-yaml.js'
import type {PlanInput, PlanIpStack, PlanPlugin} from '../engine/plan/types.js'
import {DEFAULT_REGION, resolveZones} from '../engine/plan/zones.js'
import {DEFAULT_ROUTE_ENTRIES_PER_TABLE} from '../engine/platform/rules.js'
import {AcknetError} from '../errors.js'
import {renderPlan} from '../render/plan.js'
import {catalogFlag, loadUserCatalog} from '../cli/user-catalog.js'

export default class PlanCommand extends BaseCommand {
  static override summary = 'Plan the VPC, vSwitch, pod and Service CIDRs of an ACK cluster'
  static override description = `Sizes every block from the real constraints — 4 reserved addresses per vSwitch, vSwitch masks /16–/29, Flannel's one route entry per node against the route table quota, Terway's ENI pods per node, the Service count — for --nodes × --growth nodes spread evenly over the zones, and prefers the layouts ACK documents: VPC 192.168.0.0/16, a /19 node vSwitch (and for Terway a /19 pod vSwitch) per zone, Flannel pod CIDR 172.20.0.0/16, Service CIDR 172.21.0.0/20. Blocks in --avoid are never used.

If a limit cannot hold nodes × growth, the plan is printed with a warning naming the limit and the node count it holds; if it cannot hold --nodes, no plan is printed and the command exits 1 with the reason. --output yaml prints a complete topology file (VPC, vSwitches, NAT gateway with SNAT and the default route, an enterprise security group, the cluster and a node pool) for \`acknet lint\`, \`reach\` and \`graph\`.

--ip-stack dual plans a dual-stack (IPv4 + IPv6) Terway cluster: the VPC gets an IPv6 block and each vSwitch one /64 of it. Alibaba Cloud assigns the VPC's /56 when you enable IPv6, so the plan writes the placeholder 2001:db8::/56 (a documentation range) and numbers the /64s by the vSwitch's index in the /56 (CreateVSwitch Ipv6CidrBlock, 0–255); once Alibaba has assigned yours, plan again with --vpc-ipv6-cidr set to it and every /64 keeps its index. The instance type must give pods IPv6 in shared ENI mode (IPv6 per ENI equal to IPv4 per ENI); a type with no published IPv6 figure stops the plan (exit 2) naming the input.

With --zones N the zone ids are placeholders (<region>-a, -b, ...): pass real ids (--zones cn-hangzhou-h,cn-hangzhou-i) for a file you deploy.`

  static override examples = [
    '<%= config.bin %> plan --plugin terway --zones 3 --nodes 60 --instance-type ecs.g7.4xlarge',
    '<%= config.bin %> plan --plugin flannel --zones 3 --nodes 150 --pods-per-node 64 --json',
    '<%= config.bin %> plan --zones cn-hangzhou-h,cn-hangzhou-i --nodes 400 --instance-type ecs.g7.xlarge --avoid 10.0.0.0/8 --output yaml > cluster.yaml',
    '<%= config.bin %> plan --ip-stack dual --zones cn-hangzhou-h,cn-hangzhou-i --nodes 50 --instance-type ecs.g7.2xlarge -o yaml > dual.yaml',
    '<%= config.bin %> plan --ip-stack dual --vpc-ipv6-cidr 2408:4005:3de:8500::/56 --zones cn-hangzhou-h,cn-hangzhou-i --nodes 50 -t ecs.g7.2xlarge --json',
    '<%= config.bin %> plan -i',
  ]

  static override flags = {
    plugin: Flags.string({description: 'network plugin (default terway)', options: ['terway', 'flannel']}),
    'vpc-cidr': Flags.string({description: 'VPC CIDR to plan inside (default: chosen, 192.168.0.0/16 when free)'}),
    zones: Flags.string({char: 'z', description: 'zone count or comma list of zone ids (default 3)'}),
    region: Flags.string({description: 'region for generated zone ids and the topology metadata', default: DEFAULT_REGION}),
    nodes: Flags.integer({char: 'n', description: 'target node count, cluster-wide', min: 1}),
    'pods-per-node': Flags.integer({description: 'pods per node (Flannel: rounded up to a power of two, default 64; Terway: the density to size pod vSwitches for)', min: 1}),
    'instance-type': Flags.string({char: 't', description: 'node instance type (Terway: pods per node from its ENIs)'}),
    services: Flags.integer({description: 'Services (ClusterIP addresses) to hold', default: 4096, min: 1}),
    growth: Flags.string({description: 'headroom multiplier on --nodes', default: '1.5'}),
    avoid: Flags.string({description: 'CIDRs already in use (other VPCs, IDC, peered networks), comma separated; repeatable', multiple: true}),
    'route-quota': Flags.integer({description: 'custom route entries per route table (Flannel); --output yaml writes it as settings.routeEntriesPerTable', default: DEFAULT_ROUTE_ENTRIES_PER_TABLE, min: 0}),
    'ip-stack': Flags.string({description: 'ipv4, or dual for IPv4 + IPv6 (Terway): adds the VPC IPv6 block placeholder and a /64 per vSwitch', options: ['ipv4', 'dual']}),
    'vpc-ipv6-cidr': Flags.string({description: 'with --ip-stack dual: the /56 Alibaba Cloud assigned your VPC (default: the placeholder 2001:db8::/56)'}),
    ...catalogFlag,
    name: Flags.string({description: 'cluster name in the topology file', default: 'my-cluster'}),
    output: Flags.string({char: 'o', description: 'text, or yaml for a topology file', options: ['text', 'yaml'], default: 'text', exclusive: ['json']}),
    interactive: Flags.boolean({char: 'i', description: 'ask for the inputs not given as flags', default: false}),
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(PlanCommand)
    let answers: PlanAnswers = {
      plugin: flags.plugin,
      zones: flags.zones,
      nodes: flags.nodes,
      'pods-per-node': flags['pods-per-node'],
      'instance-type': flags['instance-type'],
      services: flags.services,
      growth: flags.growth,
      avoid: flags.avoid?.join(','),
      'route-quota': flags['route-quota'],
      'vpc-cidr': flags['vpc-cidr'],
      'ip-stack': flags['ip-stack'],
      'vpc-ipv6-cidr': flags['vpc-ipv6-cidr'],
    }
    if (flags.interactive) {
      assertInteractiveAllowed(Boolean(process.stdin.isTTY), process.env)
      const inquirer = await import('@inquirer/prompts')
      // prompts go to stderr so that `plan -i -o yaml > cluster.yaml` writes only the file
      const context = {output: process.stderr}
      const prompts = {input: (options: Parameters<typeof inquirer.input>[0]) => inquirer.input(options, context), select: (options: Parameters<typeof inquirer.select<string>>[0]) => inquirer.select<string>(options, context)}
      // only what the flags left open is asked; defaults of optional flags count as not given
      answers = await askPlanInputs({...answers, services: flagGiven(this.argv, 'services') ? flags.services : undefined, growth: flagGiven(this.argv, 'growth') ? flags.growth : undefined, 'route-quota': flagGiven(this.argv, 'route-quota') ? flags['route-quota'] : undefined}, prompts)
    }
    const planInput = toPlanInput(answers, flags.region, flags.name)
    const catalog = await loadUserCatalog(flags.catalog)
    const result = planCluster({...planInput.input, catalog})
    result.context.notes.unshift(...planInput.notes)
    if (flags.interactive) result.context.notes.push(`the same plan without prompts: acknet plan ${commandLine(answers, flags.region, flags.name)}`)
    if (flags.json) this.printJson(result.plan)
    else if (flags.output === 'yaml') this.print(planToTopologyYaml(result, `acknet plan ${commandLine(answers, flags.region, flags.name)}`))
    else this.print(renderPlan(result.plan, result.context))
  }
}

function flagGiven(argv: string[], name: string): boolean {
  return argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`))
}

/** The flags that reproduce this plan (for the YAML header and the interactive transcript). */
function commandLine(answers: PlanAnswers, region: string, name: string): string {
  const parts = [`--plugin ${answers.plugin ?? 'terway'}`, `--zones ${answers.zones ?? 3}`, `--nodes ${answers.nodes}`]
  if (answers['instance-type']) parts.push(`--instance-type ${answers['instance-type']}`)
  if (answers['pods-per-node'] !== undefined) parts.push(`--pods-per-node ${answers['pods-per-node']}`)
  if (answers.services !== undefined && answers.services !== 4096) parts.push(`--services ${answers.services}`)
  if (answers.growth !== undefined && answers.growth !== '1.5') parts.push(`--growth ${answers.growth}`)
  if (answers.avoid) parts.push(`--avoid ${answers.avoid}`)
  if (answers['route-quota'] !== undefined && answers['route-quota'] !== DEFAULT_ROUTE_ENTRIES_PER_TABLE) parts.push(`--route-quota ${answers['route-quota']}`)
  if (answers['vpc-cidr']) parts.push(`--vpc-cidr ${answers['vpc-cidr']}`)
  if (answers['ip-stack'] === 'dual') parts.push('--ip-stack dual')
  if (answers['vpc-ipv6-cidr']) parts.push(`--vpc-ipv6-cidr ${answers['vpc-ipv6-cidr']}`)
  if (region !== DEFAULT_REGION) parts.push(`--region ${region}`)
  if (name !== 'my-cluster') parts.push(`--name ${name}`)
  return parts.join(' ')
}

const CLUSTER_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

export function toPlanInput(answers: PlanAnswers, region: string, name: string): {input: PlanInput; notes: string[]} {
  if (answers.nodes === undefined) throw new AcknetError('pass --nodes N (the target node count), or run with -i to be asked')
  if (!CLUSTER_NAME.test(name)) throw new AcknetError(`--name ${JSON.stringify(name)}: use lowercase letters, digits and dashes`)
  const growthText = answers.growth ?? '1.5'
  const growth = Number(growthText)
  if (!/^\d+(\.\d+)?$/.test(growthText.trim()) || !(growth >= 1)) throw new AcknetError(`--growth ${growthText}: give a multiplier of at least 1, e.g. 1.5`)
  const zones = resolveZones(answers.zones, region)
  const notes: string[] = []
  if (zones.generated) notes.push(`zone ids ${zones.zones.join(', ')} are placeholders; pass --zones with your real zone ids`)
  const avoid = (answers.avoid ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '').map((t) => requireCidr(t))
  return {
    input: {
      plugin: (answers.plugin ?? 'terway') as PlanPlugin,
      zones: zones.zones,
      region,
      nodes: answers.nodes,
      podsPerNode: answers['pods-per-node'],
      instanceType: answers['instance-type'],
      services: answers.services ?? 4096,
      growth,
      avoid,
      routeQuota: answers['route-quota'] ?? DEFAULT_ROUTE_ENTRIES_PER_TABLE,
      vpcCidr: answers['vpc-cidr'] ? requireCidr(answers['vpc-cidr']) : undefined,
      ipStack: (answers['ip-stack'] ?? 'ipv4') as PlanIpStack,
      vpcIpv6Cidr: answers['vpc-ipv6-cidr'] ? requireIpv6Cidr(answers['vpc-ipv6-cidr']) : undefined,
      name,
    },
    notes,
  }
}
