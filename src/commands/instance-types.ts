import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {queryInstanceTypes} from '../engine/capacity/catalog-view.js'
import {TERWAY_MODES, type TerwayMode} from '../engine/capacity/terway.js'
import {catalogInfo} from '../engine/platform/catalog.js'
import {renderInstanceTypes} from '../render/capacity.js'

export default class InstanceTypesCommand extends BaseCommand {
  static override summary = 'The built-in ECS ENI catalog with Terway max pods per mode, filterable'
  static override description = `563 ECS instance types with their ENI limits, compiled from the public AlibabaCloudDocs/ecs instance-family tables (MIT; a 2021 snapshot — see data/README.md in the package). Columns: ENIs (EniQuantity), private IPv4 per ENI, total ENIs (EniTotalQuantity, known for few types), and max pods per node in each Terway mode; "n/a" means the catalog lacks an input that mode needs — give it in a topology's instanceTypes: entry or with terway capacity's flags.

--min-pods keeps types that reach that many pods in --mode (default shared) and can join a cluster in that mode.`

  static override examples = [
    '<%= config.bin %> instance-types --family g7',
    '<%= config.bin %> instance-types --min-pods 100 --mode shared',
    "<%= config.bin %> instance-types --name 'ecs.r7.*' --json",
  ]

  static override flags = {
    family: Flags.string({description: 'instance family, e.g. g7 or c7'}),
    name: Flags.string({description: 'name glob, e.g. "ecs.g7.*" or "*.4xlarge"'}),
    'min-pods': Flags.integer({description: 'keep types with at least this many pods per node in --mode', min: 0}),
    mode: Flags.string({char: 'm', description: 'Terway mode for --min-pods', options: [...TERWAY_MODES], default: 'shared'}),
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(InstanceTypesCommand)
    const mode = flags.mode as TerwayMode
    const views = queryInstanceTypes({family: flags.family, name: flags.name, minPods: flags['min-pods'], mode})
    if (flags.json) {
      this.printJson({
        source: catalogInfo(),
        instanceTypes: views.map(({limits: {origin: _origin, ...limits}, maxPods, eligible}) => ({...limits, maxPods, eligible})),
      })
    } else {
      this.print(renderInstanceTypes(views, flags['min-pods'] === undefined ? undefined : mode))
    }
  }
}
