import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {formatCidrAny} from '../../engine/cidr/any.js'
import {requireCidrListAny} from '../../engine/cidr/list.js'
import {findOverlapsAny} from '../../engine/cidr/overlaps.js'
import {EXIT_NEGATIVE} from '../../errors.js'
import {renderCheck} from '../../render/cidr.js'

export default class CidrCheckCommand extends BaseCommand {
  static override summary = 'Find overlaps between CIDR blocks (exit 1 when any overlap)'
  static override description = 'Compares every pair of the given blocks and lists each overlapping pair with its relation, read "a RELATION b": equal, contains (a holds b) or inside (a lies in b). Pairs are in argument order. Exits 0 when no blocks overlap and 1 when some do, so it can guard a script. Blocks may also be given comma-separated. IPv4 and IPv6 blocks may be mixed: each family is checked on its own, since an IPv4 block never overlaps an IPv6 one (the output says so).'
  static override examples = [
    {description: 'A VPC, a Service CIDR and a pod CIDR', command: '<%= config.bin %> cidr check 192.168.0.0/16 172.21.0.0/20 172.20.0.0/16'},
    {description: 'In a script', command: '<%= config.bin %> cidr check 10.0.0.0/8,10.1.0.0/16 --json'},
    {description: 'A VPC IPv6 block and two vSwitch /64s', command: '<%= config.bin %> cidr check 2408:4005:3ab:100::/56 2408:4005:3ab:100::/64 2408:4005:3ab:101::/64'},
  ]

  static override strict = false
  static override args = {
    cidrs: Args.string({description: 'IPv4 or IPv6 CIDR blocks (space- or comma-separated)', required: true}),
  }

  static override flags = {...BaseCommand.jsonFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(CidrCheckCommand)
    // oclif's parsed argv reorders repeated values (it sorts by first occurrence), and pair
    // order is part of the answer, so the blocks come from the raw arguments
    const blocks = requireCidrListAny(this.argv.filter((token) => !token.startsWith('-')), 'cidr check')
    const overlaps = findOverlapsAny(blocks).map(({a, b, relation}) => ({a: blocks[a]!, b: blocks[b]!, relation}))
    if (flags.json) this.printJson({overlaps: overlaps.map(({a, b, relation}) => ({a: formatCidrAny(a), b: formatCidrAny(b), relation}))})
    else this.print(renderCheck({blocks, overlaps}))
    if (overlaps.length > 0) this.setExitCode(EXIT_NEGATIVE)
  }
}
