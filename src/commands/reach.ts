import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {ReachContext} from '../engine/reach/context.js'
import {familyFor, REACH_PROTOCOLS, reach, type ReachProtocol} from '../engine/reach/reach.js'
import {renderReachMermaid} from '../render/graph/reach-mermaid.js'
import {renderReach} from '../render/reach/reach.js'

export default class ReachCommand extends BaseCommand {
  static override summary = 'Can A reach B on a port? The verdict, the hop-by-hop path, and the rule or missing piece that denies it'
  static override description = `Evaluates a new connection from <from> to <to> through the nine steps of the acknet model: source NetworkPolicy egress, source NAT (Flannel masquerade, Terway/ACS pod IPs), source security-group egress, Service/SLB/Ingress resolution, the route table (longest prefix match, Flannel node routes, NAT SNAT), destination security-group ingress and SLB ACL, destination NetworkPolicy ingress, the destination port, and the return route.

Endpoints: pod:[CLUSTER/]NS/WORKLOAD, node:[CLUSTER/]POOL, instance:NAME, svc:[CLUSTER/]NS/NAME, nodeport:[CLUSTER/]NS/NAME, lb:[CLUSTER/]NS/NAME, slb:NAME, dns:NAME, url:http[s]://HOST[:PORT]/PATH, ip:ADDRESS, internet.

--family 6 asks over IPv6 (dual stack, SPEC §8): pods keep their IPv6 address (no masquerade), IPv6 routes and security-group/NetworkPolicy IPv6 peers decide, and internet traffic goes through the VPC's IPv6 gateway for addresses in its internet list (no SNAT, EIP or DNAT). An end without an IPv6 address is denied NO_IPV6_ADDRESS (and, over IPv4, a SingleStack IPv6 Service NO_IPV4_ADDRESS). An IPv6 ip: endpoint implies --family 6.

A workload answers for all its replicas: allowed (every replica pair reachable), denied (none) or partial (some); replicas that took the same hops are shown as one path. --port defaults to the destination's only declared port.

Exit status: 0 allowed, 1 denied or partial, 2 the question could not be asked (unknown endpoint, no port to pick, invalid file). See \`acknet codes\` for every reason code.`

  static override examples = [
    '<%= config.bin %> reach pod:web/frontend instance:db-1 --port 5432 -f topology.yaml',
    '<%= config.bin %> reach internet lb:web/frontend -f topology.yaml --explain',
    '<%= config.bin %> reach pod:web/frontend dns:api.web.svc.cluster.local -f topology.yaml --json',
    '<%= config.bin %> reach node:default internet --port 443 -f topology.yaml',
    '<%= config.bin %> reach internet url:https://shop.example.com/api -f topology.yaml --format mermaid',
    '<%= config.bin %> reach pod:web/frontend internet --port 443 --family 6 -f topology.yaml',
    '<%= config.bin %> reach internet ip:2408:4000:10:100::10 --port 443 -f topology.yaml',
  ]

  static override args = {
    from: Args.string({description: 'source endpoint, e.g. pod:web/frontend, instance:bastion, internet', required: true}),
    to: Args.string({description: 'destination endpoint, e.g. instance:db-1, svc:web/api, url:https://shop.example.com/', required: true}),
  }

  static override flags = {
    file: Flags.string({char: 'f', description: 'topology file (- for stdin)', required: true}),
    port: Flags.integer({char: 'p', description: "destination port (default: the destination's only declared port)", min: 1, max: 65535}),
    protocol: Flags.string({description: 'protocol', options: [...REACH_PROTOCOLS], default: 'tcp'}),
    explain: Flags.boolean({description: 'also list the objects considered that did not apply, and any missing input', default: false}),
    format: Flags.string({description: 'output format (--json is the same as --format json)', options: ['text', 'json', 'mermaid'], default: 'text'}),
    ...BaseCommand.familyFlag,
    ...BaseCommand.jsonFlag,
    ...BaseCommand.cacheFlag,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ReachCommand)
    const family = familyFor([args.from, args.to], flags.family === undefined ? undefined : flags.family === '6' ? 6 : 4)
    // lazy: one question reads only its endpoints' part of a cached model
    const result = this.withModel(flags.file, flags, {lazy: true}, ({model}) => reach(new ReachContext(model, family), {from: args.from, to: args.to, port: flags.port, protocol: flags.protocol as ReachProtocol, explain: flags.explain}))
    const format = flags.json ? 'json' : flags.format
    if (format === 'json') this.printJson(result)
    else if (format === 'mermaid') this.print(renderReachMermaid(result))
    else this.print(renderReach(result))
    if (result.verdict !== 'allowed') this.setExitCode(1)
  }
}
