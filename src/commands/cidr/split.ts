import {once} from 'node:events'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {formatCidrAny, requireCidrAny} from '../../engine/cidr/any.js'
import {formatCidr} from '../../engine/cidr/cidr.js'
import {freeBlocks} from '../../engine/cidr/free.js'
import {requireCount, requireCountList, requirePrefixLength} from '../../engine/cidr/list.js'
import {splitByCount, subnetSequence} from '../../engine/cidr/split.js'
import {allocateBySizes} from '../../engine/platform/vswitch-sizes.js'
import {ipv6SubnetSequence, splitIpv6ByCount} from '../../engine/cidr/split6.js'
import {AcknetError} from '../../errors.js'
import {jsonStringListChunks, renderSizes, renderSplitChunks, type SplitView} from '../../render/cidr.js'

/** Writes chunks to stdout, waiting for the pipe to drain so a million lines never pile up in memory. */
async function writeChunks(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain')
  }
}

const MODES = ['prefix', 'count', 'sizes']

export default class CidrSplitCommand extends BaseCommand {
  static override summary = 'Split a CIDR block into equal subnets, N subnets, or vSwitch blocks sized for host counts'
  static override description = `Give exactly one of --prefix, --count or --sizes.

--prefix N lists every subnet of length /N, in address order.

--count N lists N equal subnets: CIDR blocks can only halve, so the block is divided into N rounded up to a power of two parts and the first N are listed; the rest is shown as free.

--sizes a,b,c gives one vSwitch block per host count: the smallest block whose usable addresses (total − 4; Alibaba reserves the first and the last three) hold it. Blocks are placed largest first, aligned, from the start of the block, and listed in the order given. If one does not fit, the command exits 2 naming that size.

IPv6 blocks take --prefix and --count (a vSwitch IPv6 block is always a /64, so --sizes is IPv4 only).

At most 1,048,576 subnets are listed.`

  static override examples = [
    {description: 'Four /18s', command: '<%= config.bin %> cidr split 10.0.0.0/16 --prefix 18'},
    {description: 'Three equal parts (a /16 divides into four /18s; the first three are listed)', command: '<%= config.bin %> cidr split 10.0.0.0/16 --count 3'},
    {description: 'vSwitches for 1,000, 250 and 60 hosts', command: '<%= config.bin %> cidr split 192.168.0.0/20 --sizes 1000,250,60 --json'},
    {description: 'Every /24 of a /8, for a script', command: '<%= config.bin %> cidr split 10.0.0.0/8 --prefix 24 --json'},
    {description: 'The 256 vSwitch /64s of a VPC IPv6 /56', command: '<%= config.bin %> cidr split 2408:4005:3ab:100::/56 --prefix 64'},
  ]

  static override args = {
    cidr: Args.string({description: 'IPv4 or IPv6 CIDR block to split, e.g. 10.0.0.0/16 or 2408:4005:3ab:100::/56', required: true}),
  }

  // oclif reports a missing or doubled choice as a usage error (exit 2)
  static override flags = {
    prefix: Flags.string({char: 'p', description: 'Prefix length of each subnet, e.g. 24 or /24', helpValue: 'N', exactlyOne: MODES}),
    count: Flags.string({char: 'n', description: 'Number of equal subnets', helpValue: 'N', exactlyOne: MODES}),
    sizes: Flags.string({char: 's', description: 'Usable hosts per vSwitch, comma-separated', helpValue: 'a,b,c', exactlyOne: MODES}),
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(CidrSplitCommand)
    const parent = requireCidrAny(args.cidr)

    if (parent.family === 6) {
      if (flags.sizes !== undefined) throw new AcknetError(`--sizes plans IPv4 vSwitches by host count; an IPv6 vSwitch block is always a /64: use --prefix 64`)
      let view: SplitView
      if (flags.count === undefined) {
        const subnets = ipv6SubnetSequence(parent, requirePrefixLength(flags.prefix!, '--prefix', 128))
        view = {parent, prefix: subnets.prefix, subnets}
      } else {
        const requested = requireCount(flags.count, '--count')
        const split = splitIpv6ByCount(parent, requested)
        view = {parent, prefix: split.prefix, subnets: split.subnets, count: {requested, parts: split.parts, remainder: split.remainder}}
      }
      await this.writeSplit(view, flags.json)
      return
    }

    if (flags.sizes !== undefined) {
      const allocations = allocateBySizes(parent, requireCountList(flags.sizes, '--sizes'))
      if (flags.json) {
        this.printJson({
          subnets: allocations.map(({cidr}) => formatCidr(cidr)),
          allocations: allocations.map(({size, cidr}) => ({size, cidr: formatCidr(cidr)})),
        })
      } else {
        this.print(renderSizes({parent, allocations, free: freeBlocks(parent, allocations.map(({cidr}) => cidr))}))
      }
      return
    }

    let view: SplitView
    if (flags.count === undefined) {
      const subnets = subnetSequence(parent, requirePrefixLength(flags.prefix!, '--prefix'))
      view = {parent, prefix: subnets.prefix, subnets}
    } else {
      const requested = requireCount(flags.count, '--count')
      const split = splitByCount(parent, requested)
      view = {parent, prefix: split.prefix, subnets: split.subnets, count: {requested, parts: split.parts, remainder: split.remainder}}
    }
    await this.writeSplit(view, flags.json)
  }

  private async writeSplit(view: SplitView, json: boolean): Promise<void> {
    const subnets = view.subnets
    await writeChunks(json ? jsonStringListChunks('subnets', {length: subnets.length, at: (index) => formatCidrAny(subnets.at(index))}) : renderSplitChunks(view))
  }
}
