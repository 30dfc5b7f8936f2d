import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {requireCidr} from '../../engine/cidr/cidr.js'
import {describeCidr} from '../../engine/platform/cidr-info.js'
import {renderCidrInfo} from '../../render/cidr.js'

export default class CidrInfoCommand extends BaseCommand {
  static override summary = 'Describe a CIDR block and whether ACK/VPC accepts it as a VPC, vSwitch, pod or Service CIDR'
  static override description = 'Shows network, first and last address, total addresses, usable addresses in a vSwitch (total − 4: Alibaba reserves the first and the last three), the address class (private, custom, forbidden) and, for each use, either "yes" or why not.'
  static override examples = [
    '<%= config.bin %> cidr info 192.168.0.0/16',
    '<%= config.bin %> cidr info 172.20.0.0/16 --json',
  ]

  static override args = {
    cidr: Args.string({description: 'IPv4 CIDR block, e.g. 10.0.0.0/16', required: true}),
  }

  static override flags = {...BaseCommand.jsonFlag}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(CidrInfoCommand)
    const info = describeCidr(requireCidr(args.cidr))
    if (flags.json) this.printJson(info)
    else this.print(renderCidrInfo(info))
  }
}
