import {isAscii} from 'node:buffer'
import {fstatSync, writeSync} from 'node:fs'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {DEFAULT_MATRIX_FROM, DEFAULT_MATRIX_TO, type MatrixPlan, planMatrix} from '../engine/reach/matrix.js'
import {familyFor, REACH_PROTOCOLS, type ReachProtocol} from '../engine/reach/reach.js'
import {ReachSession} from '../engine/reach/session.js'
import {loadModelOrThrow} from '../engine/topology/index.js'
import {ByteChunks, MATRIX_CSV_HEADER, matrixCsvRow, matrixJsonChunks, renderMatrixMarkdown, renderMatrixTable} from '../render/reach/matrix.js'

export default class MatrixCommand extends BaseCommand {
  static override summary = 'Reachability verdict for every source × destination pair, as a table, CSV, JSON or Markdown'
  static override description = `Runs the \`acknet reach\` engine for every pair of the selected endpoints (one shared precomputation, so thousands of pairs take seconds). Selectors are endpoint references with * globs inside one name segment: pod:web/*, pod:*/*, instance:*, node:*; several can be given comma-separated or by repeating the flag. Defaults: --from ${DEFAULT_MATRIX_FROM.join(',')} --to ${DEFAULT_MATRIX_TO.join(',')}. A bare * means everything: from every workload, node pool and ECS; to every workload, ECS, SLB and the internet. JSON and CSV stream as cells are computed; up to 10 million pairs.

Pairs with no port to pick (no --port and a destination with none or several declared ports) are listed as not evaluated. JSON: {results: [<reach result without paths>]}. Progress is shown on stderr when it is a terminal. Exit 0 when the matrix was computed (denied pairs are answers, not failures); use lint expectations to gate CI on verdicts.`

  static override examples = [
    '<%= config.bin %> matrix -f topology.yaml --from "pod:web/*" --to "instance:*" --port 5432',
    '<%= config.bin %> matrix -f topology.yaml --from "pod:*/*" --to "svc:*/*" --format markdown',
    '<%= config.bin %> matrix -f topology.yaml --from internet --to "lb:*/*" --format csv',
    "<%= config.bin %> matrix -f topology.yaml --from '*' --to '*' --format csv > matrix.csv",
    '<%= config.bin %> matrix -f topology.yaml --from "pod:*/*" --to "pod:*/*" --family 6',
  ]

  static override flags = {
    file: Flags.string({char: 'f', description: 'topology file (- for stdin)', required: true}),
    from: Flags.string({description: 'source selector(s), * globs allowed', multiple: true}),
    to: Flags.string({description: 'destination selector(s), * globs allowed', multiple: true}),
    port: Flags.integer({char: 'p', description: "destination port (default: each destination's only declared port)", min: 1, max: 65535}),
    protocol: Flags.string({description: 'protocol', options: [...REACH_PROTOCOLS], default: 'tcp'}),
    format: Flags.string({description: 'output format', options: ['table', 'csv', 'json', 'markdown'], default: 'table'}),
    ...BaseCommand.familyFlag,
    ...BaseCommand.jsonFlag,
    ...BaseCommand.cacheFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(MatrixCommand)
    const {model} = loadModelOrThrow(flags.file, undefined, {cache: this.modelCache(flags)})
    const session = new ReachSession(model, familyFor([...(flags.from ?? []), ...(flags.to ?? [])], flags.family === undefined ? undefined : flags.family === '6' ? 6 : 4))
    const tty = Boolean(process.stderr.isTTY)
    const plan = planMatrix(session, {
      from: flags.from,
      to: flags.to,
      port: flags.port,
      protocol: flags.protocol as ReachProtocol,
      progress: tty ? (done, total) => total > 200 && process.stderr.write(done === total ? '\r\u001B[K' : `\r  matrix ${done}/${total} pairs`) : undefined,
    })
    const format = flags.json ? 'json' : flags.format
    // JSON and CSV stream cell by cell (SPEC §7); the table and Markdown align or summarise, so they collect
    if (format === 'json') await writeAll(matrixJsonChunks(plan.entries()))
    else if (format === 'csv') await writeCsv(plan)
    else {
      const entries = [...plan.entries()]
      this.print(format === 'markdown' ? renderMatrixMarkdown(entries) : renderMatrixTable(entries))
    }
  }
}

/** The CSV, one source row at a time, written in buffers of about 1 MB (waiting for a pipe to drain). */
async function writeCsv(plan: MatrixPlan): Promise<void> {
  const out = new ByteChunks()
  out.text(MATRIX_CSV_HEADER)
  out.newline()
  // a file is written synchronously: its buffers are filled again once written
  const file = fstatSync(1).isFile()
  for (let source = 0; source < plan.sources.length; source++) {
    matrixCsvRow(plan, source, out)
    const taken = out.take()
    if (file) {
      for (const bytes of taken) writeFully(bytes)
      out.recycle(taken)
    } else for (const bytes of taken) await write(bytes)
  }
  for (const bytes of out.end()) await write(bytes)
}

function writeFully(bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(1, bytes, done)
}

/** Writes to stdout, waiting for a pipe to drain so memory stays flat. */
async function write(bytes: Buffer | string): Promise<void> {
  if (!process.stdout.write(bytes)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve))
}

/** Writes chunks to stdout in batches, waiting for the pipe to drain so memory stays flat. */
async function writeAll(chunks: Iterable<string>): Promise<void> {
  let batch = ''
  for (const chunk of chunks) {
    batch += chunk
    if (batch.length < 64 * 1024) continue
    await write(encoded(batch))
    batch = ''
  }
  if (batch) process.stdout.write(encoded(batch))
}

/**
 * The UTF-8 bytes of a batch. Matrix text is almost always ASCII, whose UTF-8 is its Latin-1
 * encoding: a copy instead of an encoder's pass (a tenth of `matrix * *` at 1× xl); checked.
 */
function encoded(text: string): Buffer | string {
  const bytes = Buffer.from(text, 'latin1')
  return isAscii(bytes) ? bytes : text
}
