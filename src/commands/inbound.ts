import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {NETWORK_PROTOCOLS, type NetworkProtocol} from '../engine/network/ports.js'
import {inbound} from '../engine/network/queries.js'
import {familyFor} from '../engine/reach/reach.js'
import {NetworkSession} from '../engine/network/session.js'
import {loadModelOrThrow} from '../engine/topology/index.js'
import {renderOpenFlows} from '../render/network/flows.js'
import {jsonDocument} from '../render/network/json-stream.js'

export default class InboundCommand extends BaseCommand {
  static override summary = 'Every source and port range that can reach an endpoint, with the rules that allow it'
  static override description = `Evaluates every pod, node pool, instance and the internet towards TO on every port range of every protocol (one range per class of ports that no rule tells apart), with the engine of \`acknet reach\`, and lists those that get through (allowed, or partial when only some replicas do), grouped by the objects that admit them: security-group rules (securityGroup/NAME#INDEX, 0-based), NetworkPolicy rules (networkPolicy/NS/NAME#INDEX), DNAT entries, SLB listeners, nodePorts, Ingress rules, EIPs.

JSON: {flows: [{from, to, protocol, ports, verdict, via}]}.`

  static override examples = [
    '<%= config.bin %> inbound instance:pg-primary -f topology.yaml',
    '<%= config.bin %> inbound pod:api/orders -f topology.yaml --protocol tcp --json',
    '<%= config.bin %> inbound instance:db-1 -f topology.yaml --from "pod:web/*"',
    '<%= config.bin %> inbound pod:api/orders -f topology.yaml --family 6',
  ]

  static override args = {
    to: Args.string({description: 'destination endpoint, e.g. instance:db-1, pod:api/orders, svc:web/frontend', required: true}),
  }

  static override flags = {
    file: Flags.string({char: 'f', description: 'topology file (- for stdin)', required: true}),
    from: Flags.string({description: 'only these sources (selectors, * globs allowed)', multiple: true}),
    protocol: Flags.string({description: 'only this protocol (default: all)', options: [...NETWORK_PROTOCOLS]}),
    ...BaseCommand.familyFlag,
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(InboundCommand)
    const session = new NetworkSession(loadModelOrThrow(flags.file).model, familyFor([args.to, ...(flags.from ?? [])], flags.family === undefined ? undefined : flags.family === '6' ? 6 : 4))
    const flows = inbound(session, args.to, {protocol: flags.protocol as NetworkProtocol | undefined, from: flags.from})
    if (flags.json) for (const chunk of jsonDocument('flows', flows, () => ({family: session.family}))) process.stdout.write(chunk)
    else this.print(renderOpenFlows(flows, 'inbound', args.to))
  }
}
