import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {AcknetError} from '../errors.js'
import {type DiffSummary, diffFlows, type FlowChange, summarizeChanges} from '../engine/network/diff.js'
import {NETWORK_PROTOCOLS, type NetworkProtocol} from '../engine/network/ports.js'
import {familyFor} from '../engine/reach/reach.js'
import {NetworkSession} from '../engine/network/session.js'
import {loadModelOrThrow} from '../engine/topology/index.js'
import {diffLine, renderDiffMarkdown, renderDiffSarif, summaryLine} from '../render/network/diff.js'
import {jsonDocument} from '../render/network/json-stream.js'

const FAIL_CLASSES = ['removed', 'added', 'changed', 'exposed'] as const
type FailClass = (typeof FAIL_CLASSES)[number]

export default class DiffCommand extends BaseCommand {
  static override summary = 'Every flow a change opens, closes or re-routes between two topology files'
  static override description = `Evaluates every source (pod, node pool, instance, internet) against every destination on every port range of every protocol in BASE and in HEAD, with the engine of \`acknet reach\`, and lists each (from, to, protocol, port range) whose verdict or deciding object differs: added (denied → allowed), removed (allowed → denied), changed (to or from partial, or denied by a different object). Endpoints present in only one file are added or removed with the flows that get through. Flows through DNAT, an SLB or a nodePort are reported on the port the source connects to.

Formats: text (default), json ({changes, summary}, streamed), markdown (for a pull-request comment or $GITHUB_STEP_SUMMARY), sarif (2.1.0, one result per change). Exit 1 when a --fail-on class is non-empty, 2 when a file cannot be read, 0 otherwise.`

  static override examples = [
    '<%= config.bin %> diff base.yaml topology.yaml',
    '<%= config.bin %> diff base.yaml topology.yaml --format markdown --fail-on exposed,removed',
    '<%= config.bin %> diff base.yaml topology.yaml --from "pod:web/*" --to "instance:*" --protocol tcp --json',
    '<%= config.bin %> diff base.yaml topology.yaml --family 6',
  ]

  static override args = {
    base: Args.string({description: 'the topology before the change (- for stdin)', required: true}),
    head: Args.string({description: 'the topology after the change', required: true}),
  }

  static override flags = {
    from: Flags.string({description: 'source selector(s), * globs allowed', multiple: true}),
    to: Flags.string({description: 'destination selector(s), * globs allowed', multiple: true}),
    protocol: Flags.string({description: 'only this protocol (default: tcp, udp, sctp and icmp)', options: [...NETWORK_PROTOCOLS]}),
    format: Flags.string({description: 'output format (--json is the same as --format json)', options: ['text', 'json', 'markdown', 'sarif'], default: 'text'}),
    'fail-on': Flags.string({description: `exit 1 when any change of these classes exists: ${FAIL_CLASSES.join(',')}`}),
    ...BaseCommand.familyFlag,
    ...BaseCommand.jsonFlag,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(DiffCommand)
    const failOn = parseFailOn(flags['fail-on'])
    const family = familyFor([...(flags.from ?? []), ...(flags.to ?? [])], flags.family === undefined ? undefined : flags.family === '6' ? 6 : 4)
    const base = new NetworkSession(loadModelOrThrow(args.base).model, family)
    const head = new NetworkSession(loadModelOrThrow(args.head).model, family)
    const protocols: readonly NetworkProtocol[] = flags.protocol ? [flags.protocol as NetworkProtocol] : NETWORK_PROTOCOLS
    const summary: DiffSummary = {added: 0, removed: 0, changed: 0, exposed: 0}
    const changes = counted(diffFlows(base, head, protocols, {from: flags.from, to: flags.to}), summary)
    const format = flags.json ? 'json' : flags.format
    const out = process.stdout
    if (format === 'json') {
      for (const chunk of jsonDocument('changes', mapIterable(changes, toJsonChange), () => ({summary, family}))) out.write(chunk)
    } else if (format === 'text') {
      let any = false
      for (const change of changes) out.write(`${diffLine(change)}\n`), (any = true)
      out.write(`${any ? '\n' : 'no flow changes\n'}${summaryLine(summary)}\n`)
    } else {
      // Markdown groups by kind and SARIF is one document: both need the list (the changes, not the flows)
      const list = [...changes]
      if (format === 'markdown') this.print(renderDiffMarkdown(list, summary))
      else out.write(renderDiffSarif(list, args.head, {version: this.config.version, informationUri: (this.config.pjson as {homepage?: string}).homepage ?? 'https://www.npmjs.com/package/acknet'}))
    }
    if (failOn.some((kind) => summary[kind] > 0)) this.setExitCode(1)
  }
}

function parseFailOn(text: string | undefined): FailClass[] {
  if (!text) return []
  const kinds = text.split(',').map((s) => s.trim()).filter(Boolean)
  for (const kind of kinds) {
    if (!(FAIL_CLASSES as readonly string[]).includes(kind)) throw new AcknetError(`--fail-on: unknown class "${kind}"; expected a comma-separated list of ${FAIL_CLASSES.join(', ')}`)
  }
  return kinds as FailClass[]
}

function* counted(changes: Iterable<FlowChange>, summary: DiffSummary): Generator<FlowChange> {
  for (const change of changes) {
    summarizeChanges(summary, change)
    yield change
  }
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item)
}

/** SPEC §7 shape: base/head carry verdict and reason (and via); null for an endpoint absent on that side. */
function toJsonChange(change: FlowChange) {
  return {from: change.from, to: change.to, protocol: change.protocol, ports: change.ports, change: change.change, exposed: change.exposed, base: change.base, head: change.head}
}
