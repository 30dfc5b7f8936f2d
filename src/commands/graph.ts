import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {AcknetError} from '../errors.js'
import {buildGraph} from '../engine/graph/build.js'
import {applyHighlight, keysForReach} from '../engine/graph/highlight.js'
import {ReachContext} from '../engine/reach/context.js'
import {familyFor, reach, type ReachProtocol} from '../engine/reach/reach.js'
import {loadModelOrThrow} from '../engine/topology/index.js'
import {renderDot} from '../render/graph/dot.js'
import {renderMermaid} from '../render/graph/mermaid.js'

export default class GraphCommand extends BaseCommand {
  static override summary = 'Draw the topology as a Mermaid or Graphviz diagram, optionally with a reach path highlighted'
  static override description = `VPC → zones → vSwitches → ECS instances, node pools, Terway pods, NAT gateways and SLBs; route tables with their custom routes; clusters → namespaces → workloads, Services and Ingresses, with the edges between them (SLB → backends, Service → workloads, workload → node pool).

Big clusters stay readable: nodes are drawn as node pools with counts (one box per pool and vSwitch), Terway pods as one box per vSwitch, and a vSwitch or namespace with more than 15 instances, workloads or Services shows one summary box for the rest.

--highlight FROM,TO runs \`acknet reach\` and draws its path: the boxes on the way in blue, the one that denies in red. With --family 6 the path is the IPv6 one (through the VPC's IPv6 gateway for the internet); dual-stack files show IPv6 blocks, addresses, routes and gateways either way.

Mermaid renders in GitHub Markdown (use --markdown for a ready \`\`\`mermaid block); DOT renders with Graphviz: \`dot -Tsvg\`.`

  static override examples = [
    '<%= config.bin %> graph -f topology.yaml > topology.mmd',
    '<%= config.bin %> graph -f topology.yaml --format dot | dot -Tsvg > topology.svg',
    '<%= config.bin %> graph -f topology.yaml --highlight pod:web/frontend,instance:db-1 --port 5432 --markdown',
    '<%= config.bin %> graph -f topology.yaml --cluster shop --format dot --direction TB | dot -Tpng > shop.png',
    '<%= config.bin %> graph -f topology.yaml --highlight internet,pod:web/frontend --port 8080 --family 6',
  ]

  static override flags = {
    file: Flags.string({char: 'f', description: 'topology file (- for stdin)', required: true}),
    format: Flags.string({description: 'diagram language', options: ['mermaid', 'dot'], default: 'mermaid'}),
    cluster: Flags.string({description: 'only this cluster (and its VPC)'}),
    highlight: Flags.string({description: 'draw the reach path between two endpoints: FROM,TO (e.g. pod:web/frontend,instance:db-1)', helpValue: 'FROM,TO'}),
    port: Flags.integer({char: 'p', description: 'port for --highlight (default: the destination\'s only declared port)', min: 1, max: 65535}),
    protocol: Flags.string({description: 'protocol for --highlight', options: ['tcp', 'udp', 'icmp', 'sctp'], default: 'tcp'}),
    direction: Flags.string({description: 'layout direction', options: ['LR', 'TB'], default: 'LR'}),
    markdown: Flags.boolean({description: 'wrap Mermaid output in a ```mermaid block for Markdown', default: false}),
    ...BaseCommand.familyFlag,
    ...BaseCommand.jsonFlag,
    ...BaseCommand.cacheFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(GraphCommand)
    const {model} = loadModelOrThrow(flags.file, undefined, {cache: this.modelCache(flags)})
    if (flags.cluster && !model.clusterByName.has(flags.cluster)) {
      throw new AcknetError(`no cluster named "${flags.cluster}" in ${flags.file}`, {hints: [`clusters: ${[...model.clusterByName.keys()].join(', ') || '(none)'}`]})
    }
    let result
    if (flags.highlight) {
      const comma = flags.highlight.indexOf(',')
      if (comma <= 0 || comma === flags.highlight.length - 1) throw new AcknetError(`--highlight ${flags.highlight}: expected FROM,TO, e.g. pod:web/frontend,instance:db-1`)
      const [from, to] = [flags.highlight.slice(0, comma).trim(), flags.highlight.slice(comma + 1).trim()]
      const family = familyFor([from, to], flags.family === undefined ? undefined : flags.family === '6' ? 6 : 4)
      result = reach(new ReachContext(model, family), {from, to, port: flags.port, protocol: flags.protocol as ReachProtocol})
    }
    const built = buildGraph(model, {cluster: flags.cluster, keep: result ? keysForReach(model, result) : undefined})
    if (result) applyHighlight(built, model, result)
    if (flags.json) {
      this.printJson({graph: built.graph, ...(result ? {reach: {verdict: result.verdict, reason: result.reason}} : {})})
      return
    }
    const direction = flags.direction as 'LR' | 'TB'
    if (flags.format === 'dot') this.print(renderDot(built.graph, {direction}))
    else {
      const text = renderMermaid(built.graph, {direction})
      this.print(flags.markdown ? '```mermaid\n' + text + '```' : text)
    }
  }
}
