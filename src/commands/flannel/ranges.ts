import {Flags} from '@oclif/core'
import {once} from 'node:events'
import {BaseCommand} from '../../cli/base-command.js'
import {formatCidr, requireCidr} from '../../engine/cidr/cidr.js'
import {type FlannelLimits, flannelAddressesPerNode, flannelLimits, flannelPodCidrProblems, flannelPodsPerNode, flannelRanges, nodeCidrMaskForPods} from '../../engine/capacity/flannel.js'
import {formatIpv4} from '../../engine/cidr/ipv4.js'
import {DEFAULT_ROUTE_ENTRIES_PER_TABLE, NODE_CIDR_MASK} from '../../engine/platform/rules.js'
import {AcknetError} from '../../errors.js'
import {renderFlannelSummary} from '../../render/capacity.js'
import {colours as c} from '../../render/colors.js'

export default class FlannelRangesCommand extends BaseCommand {
  static override summary = 'Per-node pod ranges and cluster limits of a Flannel cluster'
  static override description = `Flannel splits the pod CIDR evenly into one block per node (node CIDR mask /24–/28, default /26) and adds one custom route entry per node to the VPC route table.

  pods per node  = 2^(32 − mask) − 1 (as ACK counts them)
  node ranges    = 2^(mask − pod CIDR prefix)
  route capacity = route quota − custom routes already in the table
  max nodes      = min(node ranges, route capacity)

--pods-per-node is the console's "Pods per Node" choice: it is rounded up to a power of two and taken as the addresses of each node's block (64 → /26, which schedules 63 pods; 100 → 128 → /25). With --nodes the first N ranges are listed in node order (node 0 first); nodes beyond the route capacity are marked, and the command exits 1 when N exceeds the max nodes.`

  static override examples = [
    '<%= config.bin %> flannel ranges --pod-cidr 172.20.0.0/16 --pods-per-node 64',
    '<%= config.bin %> flannel ranges --pod-cidr 172.20.0.0/16 --node-cidr-mask 24 --custom-routes 3 --json',
    '<%= config.bin %> flannel ranges --pod-cidr 10.0.0.0/8 --nodes 100000 --route-quota 100000 --json > ranges.json',
  ]

  static override flags = {
    'pod-cidr': Flags.string({char: 'p', description: 'Flannel pod (container) CIDR, e.g. 172.20.0.0/16', required: true}),
    'node-cidr-mask': Flags.integer({description: `per-node block mask, ${NODE_CIDR_MASK.min}–${NODE_CIDR_MASK.max} (default ${NODE_CIDR_MASK.default})`, min: NODE_CIDR_MASK.min, max: NODE_CIDR_MASK.max, exclusive: ['pods-per-node']}),
    'pods-per-node': Flags.integer({description: 'pods per node (1–256), rounded up to a power of two: 64 → /26', min: 1, max: 256}),
    nodes: Flags.integer({char: 'n', description: 'list the ranges of this many nodes', min: 0}),
    'route-quota': Flags.integer({description: 'custom route entries per route table', default: DEFAULT_ROUTE_ENTRIES_PER_TABLE, min: 0}),
    'custom-routes': Flags.integer({description: 'custom entries already used in that route table (NAT default route, IDC routes, ...)', default: 0, min: 0}),
    'vpc-cidr': Flags.string({description: 'VPC CIDR(s), comma separated: the pod CIDR must not overlap them'}),
    'service-cidr': Flags.string({description: 'Service CIDR: the pod CIDR must not overlap it'}),
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(FlannelRangesCommand)
    const podCidr = requireCidr(flags['pod-cidr'])
    const notes: string[] = []
    let nodeCidrMask: number = NODE_CIDR_MASK.default
    if (flags['node-cidr-mask'] !== undefined) nodeCidrMask = flags['node-cidr-mask']
    else if (flags['pods-per-node'] !== undefined) {
      nodeCidrMask = nodeCidrMaskForPods(flags['pods-per-node'])!
      const schedulable = flannelPodsPerNode(nodeCidrMask)
      notes.push(`--pods-per-node ${flags['pods-per-node']} → /${nodeCidrMask}: ${flannelAddressesPerNode(nodeCidrMask)} addresses per node, ${schedulable} schedulable pods${schedulable < flags['pods-per-node'] ? ` (one fewer than asked: take --pods-per-node ${flags['pods-per-node'] + 1} for /${nodeCidrMask - 1})` : ''}`)
    }
    const vpcCidrs = (flags['vpc-cidr'] ?? '').split(',').filter((t) => t.trim() !== '').map((t) => requireCidr(t.trim()))
    const serviceCidr = flags['service-cidr'] ? requireCidr(flags['service-cidr']) : undefined
    const problems = flannelPodCidrProblems(podCidr, nodeCidrMask, {vpcCidrs, serviceCidr})
    if (problems.length > 0) throw new AcknetError(problems[0]!, {hints: problems.slice(1)})

    const limits = flannelLimits({podCidr, nodeCidrMask, routeQuota: flags['route-quota'], customRoutes: flags['custom-routes']})
    const nodes = flags.nodes ?? 0
    if (flags.json) await this.streamJson(formatCidr(podCidr), nodeCidrMask, limits, podCidr, nodes)
    else await this.streamHuman(formatCidr(podCidr), nodeCidrMask, limits, podCidr, nodes, notes)
    if (flags.nodes !== undefined && flags.nodes > limits.maxNodes) {
      process.stderr.write(`${flags.nodes} nodes exceed the ${limits.maxNodes} this cluster holds (limited by ${limits.limitedBy})\n`)
      this.setExitCode(1)
    }
  }

  /** Writes in ~64 KB chunks and waits for drain, so 100k ranges stream in constant memory. */
  private async write(chunk: string): Promise<void> {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain')
  }

  private async streamRanges(podCidr: {network: number; prefix: number}, nodeCidrMask: number, nodes: number, line: (node: number, cidr: string) => string, separator: string): Promise<void> {
    let chunk = ''
    let node = 0
    for (const range of flannelRanges(podCidr, nodeCidrMask, nodes)) {
      chunk += (node === 0 ? '' : separator) + line(node, `${formatIpv4(range.network)}/${nodeCidrMask}`)
      node++
      if (chunk.length > 65_536) {
        await this.write(chunk)
        chunk = ''
      }
    }
    if (chunk) await this.write(chunk)
  }

  private async streamJson(podCidrText: string, nodeCidrMask: number, limits: FlannelLimits, podCidr: {network: number; prefix: number}, nodes: number): Promise<void> {
    const summary = {podCidr: podCidrText, nodeCidrMask, ...limits}
    const head = JSON.stringify(summary, null, 2).replace(/\n}$/, '')
    if (nodes === 0) {
      await this.write(`${head},\n  "ranges": []\n}\n`)
      return
    }
    await this.write(`${head},\n  "ranges": [\n`)
    await this.streamRanges(podCidr, nodeCidrMask, nodes, (node, cidr) => `    {"node": ${node}, "cidr": "${cidr}"}`, ',\n')
    await this.write('\n  ]\n}\n')
  }

  private async streamHuman(podCidrText: string, nodeCidrMask: number, limits: FlannelLimits, podCidr: {network: number; prefix: number}, nodes: number, notes: string[]): Promise<void> {
    await this.write(renderFlannelSummary(podCidrText, nodeCidrMask, limits, notes) + '\n')
    if (nodes === 0) return
    const width = Math.max(4, String(Math.max(0, nodes - 1)).length)
    const noRoute = c.red('no route (quota)')
    await this.write(`\n${'node'.padStart(width)}  range\n`)
    await this.streamRanges(podCidr, nodeCidrMask, nodes, (node, cidr) => `${String(node).padStart(width)}  ${node < limits.routeCapacity ? cidr : `${cidr.padEnd(18)} ${noRoute}`}`, '\n')
    await this.write('\n')
    if (nodes > limits.rangeCount) await this.write(`${c.yellow('note')} the pod CIDR has only ${limits.rangeCount} /${nodeCidrMask} ranges; nodes ${limits.rangeCount}–${nodes - 1} get none\n`)
  }
}
