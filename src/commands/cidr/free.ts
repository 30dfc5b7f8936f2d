import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {type AnyCidr, formatCidrAny, requireCidrAny} from '../../engine/cidr/any.js'
import type {Ipv6Cidr} from '../../engine/cidr/cidr6.js'
import type {Cidr} from '../../engine/cidr/cidr.js'
import {freeSpace, totalAddresses} from '../../engine/cidr/free.js'
import {ipv6FreeSpace, ipv6TotalAddresses} from '../../engine/cidr/free6.js'
import {requireCidrListAny} from '../../engine/cidr/list.js'
import {stderrColours} from '../../render/colors.js'
import {renderFree} from '../../render/cidr.js'

export default class CidrFreeCommand extends BaseCommand {
  static override summary = 'List the free blocks left in a CIDR after removing used ones'
  static override description = 'Prints the minimal list of CIDR blocks that cover what is left of the block once the --used blocks are taken out. Used blocks may overlap each other. Used blocks are clipped to the block: one entirely outside it is ignored and one that contains it leaves nothing free (both with a warning on stderr). Works for IPv4 and IPv6; a used block of the other family is ignored with a warning.'
  static override examples = [
    {description: 'What is left of a VPC after two vSwitches', command: '<%= config.bin %> cidr free 10.0.0.0/16 --used 10.0.0.0/18,10.0.128.0/18'},
    {description: 'The same as JSON', command: '<%= config.bin %> cidr free 192.168.0.0/16 --used 192.168.0.0/19,192.168.32.0/19 --json'},
    {description: 'The /64s left in a VPC IPv6 block', command: '<%= config.bin %> cidr free 2408:4005:3ab:100::/56 --used 2408:4005:3ab:100::/64,2408:4005:3ab:101::/64'},
  ]

  static override args = {
    cidr: Args.string({description: 'IPv4 or IPv6 CIDR block, e.g. a VPC CIDR', required: true}),
  }

  static override flags = {
    used: Flags.string({char: 'u', description: 'Blocks already in use, comma-separated (repeatable)', helpValue: 'a,b', required: true, multiple: true}),
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(CidrFreeCommand)
    const parent = requireCidrAny(args.cidr)
    const used = requireCidrListAny(flags.used, '--used')
    const warn = (text: string): void => {
      process.stderr.write(`${stderrColours.yellow('warning')} ${text}\n`)
    }
    const family = parent.family === 6 ? 'IPv6' : 'IPv4'
    const sameFamily: AnyCidr[] = []
    for (const block of used) {
      if ((block.family === 6) === (parent.family === 6)) sameFamily.push(block)
      else warn(`--used ${formatCidrAny(block)} is not ${family} like ${formatCidrAny(parent)}; ignored`)
    }
    const result = parent.family === 6 ? ipv6FreeSpace(parent, sameFamily as Ipv6Cidr[]) : freeSpace(parent, sameFamily as Cidr[])
    for (const block of result.outside) warn(`--used ${formatCidrAny(block)} lies outside ${formatCidrAny(parent)}; ignored`)
    for (const block of result.covering) warn(`--used ${formatCidrAny(block)} contains all of ${formatCidrAny(parent)}; nothing is free`)
    const freeAddresses = parent.family === 6 ? ipv6TotalAddresses(result.free as Ipv6Cidr[]) : totalAddresses(result.free as Cidr[])
    if (flags.json) this.printJson({free: result.free.map(formatCidrAny)})
    else this.print(renderFree({parent, used, free: result.free, freeAddresses}))
  }
}
