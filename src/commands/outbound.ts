import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {NETWORK_PROTOCOLS, type NetworkProtocol} from '../engine/network/ports.js'
import {outbound} from '../engine/network/queries.js'
import {familyFor} from '../engine/reach/reach.js'
import {NetworkSession} from '../engine/network/session.js'
import {loadModelOrThrow} from '../engine/topology/index.js'
import {renderOpenFlows} from '../render/network/flows.js'
import {jsonDocument} from '../render/network/json-stream.js'

export default class OutboundCommand extends BaseCommand {
  static override summary = 'Every destination and port range an endpoint can reach, with the rules that allow it'
  static override description = `Evaluates FROM towards every workload, node pool, Service, nodePort, SLB, instance, DNAT EIP, Ingress URL and the internet on every port range of every protocol (one range per class of ports that no rule tells apart), with the engine of \`acknet reach\`, and lists those that get through (allowed, or partial when only some replicas do), grouped by the objects that admit them: security-group rules (securityGroup/NAME#INDEX, 0-based), NetworkPolicy rules (networkPolicy/NS/NAME#INDEX), DNAT entries, SLB listeners, nodePorts, Ingress rules, EIPs.

JSON: {flows: [{from, to, protocol, ports, verdict, via}]}.`

  static override examples = [
    '<%= config.bin %> outbound pod:web/frontend -f topology.yaml',
    '<%= config.bin %> outbound instance:bastion-1 -f topology.yaml --protocol tcp --json',
    '<%= config.bin %> outbound node:default -f topology.yaml --to "instance:*"',
    '<%= config.bin %> outbound pod:web/frontend -f topology.yaml --to internet --family 6',
  ]

  static override args = {
    from: Args.string({description: 'source endpoint, e.g. pod:web/frontend, node:default, instance:bastion, internet', required: true}),
  }

  static override flags = {
    file: Flags.string({char: 'f', description: 'topology file (- for stdin)', required: true}),
    to: Flags.string({description: 'only these destinations (selectors, * globs allowed)', multiple: true}),
    protocol: Flags.string({description: 'only this protocol (default: all)', options: [...NETWORK_PROTOCOLS]}),
    ...BaseCommand.familyFlag,
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(OutboundCommand)
    const session = new NetworkSession(loadModelOrThrow(flags.file).model, familyFor([args.from, ...(flags.to ?? [])], flags.family === undefined ? undefined : flags.family === '6' ? 6 : 4))
    const flows = outbound(session, args.from, {protocol: flags.protocol as NetworkProtocol | undefined, to: flags.to})
    if (flags.json) for (const chunk of jsonDocument('flows', flows, () => ({family: session.family}))) process.stdout.write(chunk)
    else this.print(renderOpenFlows(flows, 'outbound', args.from))
  }
}
