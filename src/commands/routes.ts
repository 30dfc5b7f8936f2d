import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {loadModelOrThrow} from '../engine/topology/index.js'
import {routesReport} from '../engine/topology/routes-report.js'
import {renderRoutes} from '../render/routes.js'

export default class RoutesCommand extends BaseCommand {
  static override summary = 'Show every route table: custom entries, Flannel node routes, quota and headroom'
  static override description = `For each VPC route table: the custom route entries, the route entries Flannel nodes take (one per node, in node-pool order), the quota (settings.routeEntriesPerTable, default 200), the headroom left, and the nodes that would be left without a route once the quota is full (their pods cannot be reached from other nodes or ECS).

Structural problems in the file (yaml-syntax, schema, unknown-reference, duplicate-name, cidr-syntax) stop the command with exit 2; an exceeded quota does not: it is shown as the platform would behave.`

  static override examples = [
    '<%= config.bin %> routes -f fixtures/production.yaml',
    '<%= config.bin %> routes -f fixtures/flannel-near-quota.yaml --all',
    '<%= config.bin %> routes -f topology.yaml --json | jq \'.tables[] | {name, headroom, missing}\'',
  ]

  static override flags = {
    file: Flags.string({char: 'f', description: 'Topology file (YAML or JSON; - reads stdin).', required: true}),
    all: Flags.boolean({description: 'List every Flannel node route, every node without a route, and the vSwitch system routes.', default: false}),
    ...BaseCommand.jsonFlag,
    ...BaseCommand.cacheFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(RoutesCommand)
    const {model} = loadModelOrThrow(flags.file, undefined, {cache: this.modelCache(flags)})
    const report = routesReport(model)
    if (flags.json) this.printJson(report)
    else this.print(renderRoutes(report, {all: flags.all}))
  }
}
