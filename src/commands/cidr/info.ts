import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {requireCidrAny} from '../../engine/cidr/any.js'
import {describeCidrAny} from '../../engine/platform/cidr-info.js'
import {renderCidrInfo} from '../../render/cidr.js'

export default class CidrInfoCommand extends BaseCommand {
  static override summary = 'Describe an IPv4 or IPv6 CIDR block and whether ACK/VPC accepts it as a VPC, vSwitch, pod or Service CIDR'
  static override description = `Shows network, first and last address, total addresses, usable addresses in a vSwitch, the address class and, for each use, either "yes" or why not.

IPv4: a vSwitch reserves 4 addresses (the first and the last three); the class is private, custom or forbidden.

IPv6: a vSwitch block is a /64 and reserves 10 addresses (the first and the last nine); a VPC gets a /56 (/48–/64 accepted); the class is global-unicast, unique-local, link-local, multicast, documentation, loopback, unspecified, ipv4-mapped, nat64, reserved or mixed. In --json, total and vswitchUsable are decimal strings for IPv6 (2^64 does not fit a JSON number exactly).`
  static override examples = [
    '<%= config.bin %> cidr info 192.168.0.0/16',
    '<%= config.bin %> cidr info 172.20.0.0/16 --json',
    {description: 'A VPC IPv6 block', command: '<%= config.bin %> cidr info 2408:4005:3ab:100::/56'},
  ]

  static override args = {
    cidr: Args.string({description: 'IPv4 or IPv6 CIDR block, e.g. 10.0.0.0/16 or 2408:4005:3ab:100::/56', required: true}),
  }

  static override flags = {...BaseCommand.jsonFlag}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(CidrInfoCommand)
    const info = describeCidrAny(requireCidrAny(args.cidr))
    if (flags.json) this.printJson(info)
    else this.print(renderCidrInfo(info))
  }
}
