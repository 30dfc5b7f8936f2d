import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {catalogFlag, loadUserCatalog} from '../cli/user-catalog.js'
import {dualStackFlags, queryInstanceTypes} from '../engine/capacity/catalog-view.js'
import {TERWAY_MODES, type TerwayMode} from '../engine/capacity/terway.js'
import {catalogInfo} from '../engine/platform/catalog.js'
import {renderInstanceTypes} from '../render/capacity.js'

export default class InstanceTypesCommand extends BaseCommand {
  static override summary = 'The ECS ENI catalog with Terway max pods per mode, filterable'
  static override description = `1,175 ECS instance types with their ENI limits, from the current Alibaba Cloud instance-family tables (see data/README.md in the package for the sources). Columns: ENIs (EniQuantity), private IPv4 and IPv6 per ENI, total ENIs (EniTotalQuantity — published only by the DescribeInstanceTypes API, so known for few types), and max pods per node in each Terway mode (trunk: ordinary + member-ENI pods); "n/a" means the catalog lacks an input that mode needs.

--catalog FILE (or catalog: in .acknetrc.yaml) adds your own \`aliyun ecs DescribeInstanceTypes\` output: its rows win over the shipped ones and bring EniTotalQuantity.

--min-pods keeps types that reach that many pods in --mode (default shared) and can join a cluster in that mode; with --mode trunk the figure is member-ENI pods (pods with podNetworking). When nothing matches because types lack an input, it says how many and how to add it.

The "dual" column says whether Terway gives pods an IPv6 address next to the IPv4 one in --mode (dual stack): shared and trunk need IPv6 per ENI equal to IPv4 per ENI (else Terway turns IPv6 off), exclusive and prefix need IPv6 per ENI above 0 (prefix mode adds one IPv6 /80 per ENI); "n/a" means no IPv6 figure is published for the type. --ip-stack dual keeps only the types that can. JSON: dualStack per mode (true, false, or null where the figure is missing).`

  static override examples = [
    '<%= config.bin %> instance-types --family g7',
    '<%= config.bin %> instance-types --min-pods 100 --mode shared',
    "<%= config.bin %> instance-types --name 'ecs.r7.*' --json",
    '<%= config.bin %> instance-types --min-pods 16 --mode trunk --catalog describe-instance-types.json',
    '<%= config.bin %> instance-types --family g6 --ip-stack dual --mode exclusive',
  ]

  static override flags = {
    family: Flags.string({description: 'instance family, e.g. g7 or c7'}),
    name: Flags.string({description: 'name glob, e.g. "ecs.g7.*" or "*.4xlarge"'}),
    'min-pods': Flags.integer({description: 'keep types with at least this many pods per node in --mode', min: 0}),
    mode: Flags.string({char: 'm', description: 'Terway mode for --min-pods, --ip-stack and the dual column', options: [...TERWAY_MODES], default: 'shared'}),
    'ip-stack': Flags.string({description: 'dual: keep types that give pods IPv6 too in --mode', options: ['ipv4', 'dual'], default: 'ipv4'}),
    ...catalogFlag,
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(InstanceTypesCommand)
    const mode = flags.mode as TerwayMode
    const userCatalog = await loadUserCatalog(flags.catalog)
    const ipStack = flags['ip-stack'] as 'ipv4' | 'dual'
    const query = queryInstanceTypes({family: flags.family, name: flags.name, minPods: flags['min-pods'], mode, ipStack}, userCatalog)
    if (flags.json) {
      this.printJson({
        source: catalogInfo(),
        instanceTypes: query.types.map((view) => {
          const {limits: {origin: _origin, sources, ...limits}, maxPods, memberPods, eligible} = view
          return {...limits, maxPods, memberPods, eligible, dualStack: dualStackFlags(view), source: sources}
        }),
        ...(query.missing ? {missing: query.missing} : {}),
      })
    } else {
      this.print(renderInstanceTypes(query.types, mode, {highlight: flags['min-pods'] !== undefined, ipStack}, query.missing))
    }
  }
}
