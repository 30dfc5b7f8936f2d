import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {formatCidr, requireCidr} from '../../engine/cidr/cidr.js'
import {freeSpace, totalAddresses} from '../../engine/cidr/free.js'
import {requireCidrList} from '../../engine/cidr/list.js'
import {stderrColours} from '../../render/colors.js'
import {renderFree} from '../../render/cidr.js'

export default class CidrFreeCommand extends BaseCommand {
  static override summary = 'List the free blocks left in a CIDR after removing used ones'
  static override description = 'Prints the minimal list of CIDR blocks that cover what is left of the block once the --used blocks are taken out. Used blocks may overlap each other. Used blocks are clipped to the block: one entirely outside it is ignored and one that contains it leaves nothing free (both with a warning on stderr).'
  static override examples = [
    {description: 'What is left of a VPC after two vSwitches', command: '<%= config.bin %> cidr free 10.0.0.0/16 --used 10.0.0.0/18,10.0.128.0/18'},
    {description: 'The same as JSON', command: '<%= config.bin %> cidr free 192.168.0.0/16 --used 192.168.0.0/19,192.168.32.0/19 --json'},
  ]

  static override args = {
    cidr: Args.string({description: 'IPv4 CIDR block, e.g. a VPC CIDR', required: true}),
  }

  static override flags = {
    used: Flags.string({char: 'u', description: 'Blocks already in use, comma-separated (repeatable)', helpValue: 'a,b', required: true, multiple: true}),
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(CidrFreeCommand)
    const parent = requireCidr(args.cidr)
    const used = requireCidrList(flags.used, '--used')
    const result = freeSpace(parent, used)
    const warn = (text: string): void => {
      process.stderr.write(`${stderrColours.yellow('warning')} ${text}\n`)
    }
    for (const block of result.outside) warn(`--used ${formatCidr(block)} lies outside ${formatCidr(parent)}; ignored`)
    for (const block of result.covering) warn(`--used ${formatCidr(block)} contains all of ${formatCidr(parent)}; nothing is free`)
    if (flags.json) this.printJson({free: result.free.map(formatCidr)})
    else this.print(renderFree({parent, used, free: result.free, freeAddresses: totalAddresses(result.free)}))
  }
}
