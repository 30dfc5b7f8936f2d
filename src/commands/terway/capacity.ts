import {Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {catalogFlag, loadUserCatalog} from '../../cli/user-catalog.js'
import {requireCidr} from '../../engine/cidr/cidr.js'
import {TERWAY_MODES, type TerwayMode, terwayCapacity, terwayCapacityIsNegative} from '../../engine/capacity/terway.js'
import {type InstanceTypeLimits, type InstanceTypeOverride, requireInstanceType} from '../../engine/platform/catalog.js'
import {validateVSwitchCidr} from '../../engine/platform/rules.js'
import {AcknetError} from '../../errors.js'
import {renderTerwayCapacity} from '../../render/capacity.js'

export default class TerwayCapacityCommand extends BaseCommand {
  static override summary = 'Max pods per node for an instance type and Terway mode, node eligibility and pod vSwitch exhaustion'
  static override description = `Max pods per node follow Terway's own formulas (pkg/aliyun/client/limit.go):
  shared     (ENIs − 1) × IPv4 per ENI          a node joins only if this is greater than 11
  exclusive  ENIs − 1                           the node needs more than 6 ENIs
  trunk      (ENIs − 1) × IPv4 per ENI ordinary pods, plus total ENIs − ENIs member-ENI pods
             (only pods with podNetworking use those; trunk does not take the multi-IP quota)
  prefix     (ENIs − 1) × (IPv4 per ENI − 1) × 16   (/28 prefixes on the secondary ENIs)

Limits come from the shipped catalog (--instance-type), your own DescribeInstanceTypes output (--catalog FILE, or catalog: in .acknetrc.yaml; it wins over the shipped rows), or --enis/--ips-per-eni/--eni-total (these win over both). Every value's origin is printed (JSON: source). Where no layer has an input the mode needs (EniTotalQuantity for trunk, say), the command stops (exit 2) and names the flag that supplies it — it never guesses.

Dual stack (IPv4 and IPv6 pods) is always reported for the mode: shared and trunk need IPv6 per ENI equal to IPv4 per ENI (else Terway turns IPv6 off), exclusive and prefix need IPv6 per ENI above 0, and prefix mode adds one IPv6 /80 prefix per ENI that has IPv4 prefixes (ENIs − 1 per node). --ip-stack dual makes it a requirement: exit 1 when the type cannot, exit 2 naming the input when no IPv6 figure is known (--ipv6-per-eni or --catalog supplies it).

With --nodes and --pod-vswitch it also says how many nodes at full density the pod vSwitches can hold (usable = 2^(32−mask) − 4 per vSwitch; prefix mode counts whole /28 prefixes, 2^(28−mask) − 2 per vSwitch; trunk mode counts ordinary plus member pods). Exit 1 when the node cannot join, trunk mode has no member ENIs, --ip-stack dual is asked of a type that cannot run it, or the pod vSwitches cannot fill --nodes nodes.`

  static override examples = [
    '<%= config.bin %> terway capacity --instance-type ecs.g7.4xlarge',
    '<%= config.bin %> terway capacity --instance-type ecs.g7.4xlarge --nodes 20 --pod-vswitch 192.168.32.0/19 --json',
    '<%= config.bin %> terway capacity --instance-type ecs.g7.xlarge --mode trunk',
    '<%= config.bin %> terway capacity --enis 4 --ips-per-eni 15 --mode prefix',
    '<%= config.bin %> terway capacity -t ecs.g7.2xlarge --mode trunk --catalog describe-instance-types.json',
    '<%= config.bin %> terway capacity -t ecs.g6.xlarge --ip-stack dual --mode exclusive',
    '<%= config.bin %> terway capacity -t ecs.g7.xlarge --mode prefix --ip-stack dual --json',
  ]

  static override flags = {
    'instance-type': Flags.string({char: 't', description: 'ECS instance type from the catalog, e.g. ecs.g7.xlarge (the ecs. prefix is optional)'}),
    enis: Flags.integer({description: 'ENIs of the instance (EniQuantity, primary ENI included)', min: 1}),
    'ips-per-eni': Flags.integer({description: 'private IPv4 addresses per ENI (EniPrivateIpAddressQuantity)', min: 1}),
    'eni-total': Flags.integer({description: 'total ENIs including trunk members (EniTotalQuantity); needed by trunk mode', min: 1}),
    'ipv6-per-eni': Flags.integer({description: 'IPv6 addresses per ENI (EniIpv6AddressQuantity); decides dual stack', min: 0}),
    ...catalogFlag,
    mode: Flags.string({char: 'm', description: 'Terway ENI mode', options: [...TERWAY_MODES], default: 'shared'}),
    'ip-stack': Flags.string({description: 'dual: require dual stack (IPv4 + IPv6 pods) in --mode', options: ['ipv4', 'dual'], default: 'ipv4'}),
    nodes: Flags.integer({char: 'n', description: 'node count: adds the pod demand at full density', min: 0}),
    'pod-vswitch': Flags.string({description: 'pod vSwitch CIDR (repeatable): adds usable addresses and nodes until exhaustion', multiple: true}),
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(TerwayCapacityCommand)
    const limits = limitsFromFlags(flags, await loadUserCatalog(flags.catalog))
    const podVSwitches = (flags['pod-vswitch'] ?? []).flatMap((text) => text.split(',')).filter((text) => text.trim() !== '').map((text) => {
      const cidr = requireCidr(text.trim())
      const valid = validateVSwitchCidr(cidr)
      if (valid !== true) throw new AcknetError(`--pod-vswitch ${text}: ${valid}`)
      return cidr
    })
    const result = terwayCapacity({limits, mode: flags.mode as TerwayMode, nodes: flags.nodes, podVSwitches, ipStack: flags['ip-stack'] as 'ipv4' | 'dual'})
    if (flags.json) this.printJson(result)
    else this.print(renderTerwayCapacity(result, limits))
    if (terwayCapacityIsNegative(result)) this.setExitCode(1)
  }
}

/** Catalog row (if --instance-type) with the limit flags on top; flags alone need --enis. */
export function limitsFromFlags(flags: {'instance-type'?: string; enis?: number; 'ips-per-eni'?: number; 'eni-total'?: number; 'ipv6-per-eni'?: number}, userCatalog: readonly InstanceTypeOverride[] = []): InstanceTypeLimits {
  const override: Omit<InstanceTypeOverride, 'name'> = {origin: 'flags', source: 'flags'}
  if (flags.enis !== undefined) override.enis = flags.enis
  if (flags['ips-per-eni'] !== undefined) override.ipv4PerEni = flags['ips-per-eni']
  if (flags['eni-total'] !== undefined) override.eniTotal = flags['eni-total']
  if (flags['ipv6-per-eni'] !== undefined) override.ipv6PerEni = flags['ipv6-per-eni']
  const hasLimitFlags = Object.keys(override).length > 2
  if (flags['instance-type']) {
    const name = flags['instance-type']
    // precedence, lowest first: shipped catalog < --catalog / config < flags
    return requireInstanceType(name, hasLimitFlags ? [...userCatalog, {name, ...override}] : userCatalog)
  }
  if (flags.enis === undefined) {
    throw new AcknetError('give an instance type or its limits', {hints: ['pass --instance-type T (see `acknet instance-types`), or --enis N --ips-per-eni N [--eni-total N]']})
  }
  return {name: 'custom', enis: flags.enis, ipv4PerEni: override.ipv4PerEni, ipv6PerEni: override.ipv6PerEni, eniTotal: override.eniTotal, origin: 'flags', sources: {enis: 'flags', ipv4PerEni: 'flags', ipv6PerEni: 'flags', eniTotal: 'flags'}}
}
