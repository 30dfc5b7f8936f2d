import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {expandSelectors} from '../engine/reach/matrix.js'
import {NETWORK_PROTOCOLS, type NetworkProtocol} from '../engine/network/ports.js'
import {exposure} from '../engine/network/queries.js'
import {familyFor} from '../engine/reach/reach.js'
import {NetworkSession} from '../engine/network/session.js'
import {loadModelOrThrow} from '../engine/topology/index.js'
import {renderExposure, renderExposureMarkdown} from '../render/network/flows.js'
import {jsonDocument} from '../render/network/json-stream.js'

export default class ExposureCommand extends BaseCommand {
  static override summary = 'Everything the internet reaches, through which EIP, DNAT entry, SLB listener or Ingress rule'
  static override description = `Evaluates the internet towards every instance, node pool, workload, nodePort, SLB, DNAT EIP (ip:EIP) and Ingress URL on every port range, with the engine of \`acknet reach\`, and lists what gets through with \`via\`: the EIP, DNAT entry, SLB listener, nodePort or Ingress rule it enters by and the security-group and NetworkPolicy rules that admit it. Flows through DNAT are reported once, on the EIP and external port. Sorted by how open: allowed before partial, then the widest port ranges first.

--fail-on-exposed SEL exits 1 when an exposed endpoint matches one of the selectors (for CI). JSON: {exposed: [{to, protocol, ports, verdict, via}]}.`

  static override examples = [
    '<%= config.bin %> exposure -f topology.yaml',
    '<%= config.bin %> exposure -f topology.yaml --fail-on-exposed "instance:*" --fail-on-exposed "pod:data/*"',
    '<%= config.bin %> exposure -f topology.yaml --json',
    '<%= config.bin %> exposure -f topology.yaml --family 6',
  ]

  static override flags = {
    file: Flags.string({char: 'f', description: 'topology file (- for stdin)', required: true}),
    protocol: Flags.string({description: 'only this protocol (default: all)', options: [...NETWORK_PROTOCOLS]}),
    to: Flags.string({description: 'only these destinations (selectors, * globs allowed)', multiple: true}),
    'fail-on-exposed': Flags.string({description: 'exit 1 when an exposed endpoint matches this selector (* globs; repeatable)', multiple: true}),
    format: Flags.string({description: 'output format (--json is the same as --format json)', options: ['text', 'json', 'markdown'], default: 'text'}),
    ...BaseCommand.familyFlag,
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ExposureCommand)
    const session = new NetworkSession(loadModelOrThrow(flags.file).model, familyFor(flags.to ?? [], flags.family === undefined ? undefined : flags.family === '6' ? 6 : 4))
    const flows = exposure(session, {protocol: flags.protocol as NetworkProtocol | undefined, to: flags.to})
    const format = flags.json ? 'json' : flags.format
    if (format === 'json') for (const chunk of jsonDocument('exposed', flows, () => ({family: session.family}))) process.stdout.write(chunk)
    else if (format === 'markdown') this.print(renderExposureMarkdown(flows))
    else this.print(renderExposure(flows))
    const guarded = flags['fail-on-exposed']
    if (guarded?.length) {
      const exposed = [...new Set(flows.map((f) => f.to))]
      if (guarded.some((selector) => matchesAny(selector, exposed))) this.setExitCode(1)
    }
  }
}

/** A selector that matches no exposed endpoint is not an error: nothing it guards is exposed. */
function matchesAny(selector: string, refs: string[]): boolean {
  if (refs.length === 0) return false
  try {
    return expandSelectors([selector], refs).some((ref) => refs.includes(ref))
  } catch {
    return false
  }
}
