import type {ChalkInstance} from 'chalk'
import type {MatrixEntry, MatrixPlan} from '../../engine/reach/matrix.js'
import {colours} from '../colors.js'
import {csvCell, markdownText, terminalText} from '../escape.js'
import {renderColumns} from '../table.js'
import {verdictSymbol} from './reach.js'

/** `acknet matrix` renderers: an aligned table, CSV (RFC 4180) and a Markdown table. */
export function renderMatrixTable(entries: MatrixEntry[], c: ChalkInstance = colours): string {
  if (entries.length === 0) return 'no pairs: --from and --to selected nothing'
  const t = terminalText // names from the topology: escaped for the terminal (issue #15)
  const rows = entries.map((entry) => [
    t(entry.from.ref),
    t(entry.to.ref),
    portText(entry),
    entry.error ? c.yellow('?') : `${verdictSymbol(entry.verdict!, c)} ${entry.verdict}`,
    entry.error ? t(entry.error) : entry.reason ? `${entry.reason.code} ${c.dim(t(entry.reason.object))}` : '',
  ])
  const summary = summarize(entries)
  return `${familyHeading(entries, c.bold('over IPv6') + ' (--family 6)')}${renderColumns(['from', 'to', 'port', 'verdict', 'reason'], rows)}\n\n${summary}`
}

/** A matrix answers in one family (its session's): over IPv6 the text output says so first, as reach's heading does. */
function familyHeading(entries: MatrixEntry[], text: string): string {
  return entries[0]?.family === 6 ? `${text}\n\n` : ''
}

/**
 * `family` (4 or 6, as the JSON cell's) is the last column so that every 0.1 column keeps its
 * position for scripts that read the CSV by index.
 */
export const MATRIX_CSV_HEADER = 'from,to,protocol,port,verdict,reason_code,reason_object,reason_message,family'

export function matrixCsvLine(entry: MatrixEntry): string {
  const reason = entry.reason
  // the message is the one cell of its own on a row: escaped, not narrowed (ByteChunks encodes either width alike)
  return `${repeatedCell(entry.from.ref)},${repeatedCell(entry.to.ref)},${repeatedCell(entry.protocol)},${entry.port === null ? '' : csvCell(entry.port)},${repeatedCell(entry.verdict ?? 'error')},${reason ? repeatedCell(reason.code) : ''},${reason ? repeatedCell(reason.object) : ''},${entry.error === undefined ? (reason ? csvCell(reason.message) : '') : repeatedCell(entry.error)}${entry.family === 6 ? ',6' : ',4'}`
}

/**
 * The CSV lines of one source row of a plan, as UTF-8 bytes added to `out`. A pair that could not
 * be evaluated (most cells of `matrix * *`: the destination declares several ports) is its source's
 * cell and a tail kept per destination and message, cut from the line matrixCsvLine gives: two
 * copies of ready bytes (issue #16: building and encoding 1 GB of text was a fifth of the run).
 */
export function matrixCsvRow(plan: MatrixPlan, source: number, out: ByteChunks): void {
  let head: Buffer | undefined
  let errorTails = errorTailsByPlan.get(plan)
  if (!errorTails) errorTailsByPlan.set(plan, (errorTails = new Map()))
  plan.row(source, {
    entry(entry) {
      out.text(matrixCsvLine(entry))
      out.newline()
    },
    error(from, to, message) {
      let tail = errorTails!.get(to)
      if (tail?.message !== message) {
        const line = matrixCsvLine(plan.errorEntry(from, to, message))
        tail = {message, bytes: Buffer.from(line.slice(repeatedCell(from).length) + '\n', 'utf8')}
        if (errorTails!.size >= 50_000) errorTails!.clear()
        errorTails!.set(to, tail)
      }
      head ??= Buffer.from(repeatedCell(from), 'utf8')
      out.bytes(head)
      out.bytes(tail.bytes)
    },
  })
}

// per plan: the tail holds the plan's protocol, port and family
const errorTailsByPlan = new WeakMap<MatrixPlan, Map<string, {message: string; bytes: Buffer}>>()

/**
 * Output bytes gathered into buffers of about 1 MB (one write each); a full buffer is handed over
 * and never written to again, so a pipe may hold it while the next one fills — unless the caller
 * gives the buffers back once written (`recycle`: a file, written synchronously), which spares
 * allocating a gigabyte of buffers for the collector to track.
 */
export class ByteChunks {
  private static readonly SIZE = 1024 * 1024
  private buffer: Buffer = Buffer.allocUnsafe(ByteChunks.SIZE)
  private used = 0
  private full: Buffer[] = []
  private readonly spare: Buffer[] = []

  text(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    this.room(text.length * 3)
    this.used += this.buffer.write(text, this.used, 'utf8')
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length)
    this.buffer.set(bytes, this.used)
    this.used += bytes.length
  }

  newline(): void {
    this.room(1)
    this.buffer[this.used++] = 10
  }

  /** The buffers filled since the last call. */
  take(): Buffer[] {
    const full = this.full
    this.full = []
    return full
  }

  /** The buffers taken are written and may be filled again. */
  recycle(taken: readonly Buffer[]): void {
    for (const bytes of taken) if (bytes.buffer.byteLength === ByteChunks.SIZE && bytes.byteOffset === 0) this.spare.push(Buffer.from(bytes.buffer))
  }

  /** Every byte not taken yet. */
  end(): Buffer[] {
    if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used))
    this.buffer = Buffer.allocUnsafe(0)
    this.used = 0
    return this.take()
  }

  private room(size: number): void {
    if (this.used + size <= this.buffer.length) return
    if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used))
    this.buffer = (size <= ByteChunks.SIZE ? this.spare.pop() : undefined) ?? Buffer.allocUnsafe(Math.max(ByteChunks.SIZE, size))
    this.used = 0
  }
}

/**
 * csvCell of text that recurs on many rows of a matrix (endpoint names, deciding objects, the
 * error of a destination with no port to pick): escaped once. Bounded, so a matrix of millions of
 * rows keeps a flat memory whatever the names.
 */
const repeatedCells = new Map<string, string>()
function repeatedCell(text: string): string {
  let cell = repeatedCells.get(text)
  if (cell === undefined) {
    if (repeatedCells.size >= 50_000) repeatedCells.clear()
    repeatedCells.set(text, (cell = narrow(csvCell(text))))
  }
  return cell
}

const WIDE = /[^\u0000-\u00ff]/
/**
 * The same text, stored one byte per character when it can be. Names are cut from the file's
 * text, which V8 keeps two bytes per character as soon as the file holds one character beyond
 * Latin-1 (the xl file's "—" in a comment): every row built from them was two-byte, and encoding
 * two-byte text for stdout cost 3× (a quarter of `matrix * *` at 0.5× xl, issue #16).
 */
function narrow(text: string): string {
  return WIDE.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1')
}

export function renderMatrixCsv(entries: MatrixEntry[]): string {
  return [MATRIX_CSV_HEADER, ...entries.map(matrixCsvLine)].join('\n')
}

/**
 * `{results: [...]}` one piece at a time, byte for byte what JSON.stringify(value, null, 2)
 * prints for the whole document: a matrix of millions of cells never becomes one string.
 */
export function* matrixJsonChunks(entries: Iterable<MatrixEntry>): Generator<string> {
  let first = true
  for (const entry of entries) {
    const body = narrow(JSON.stringify(entry, null, 2).replace(/\n/g, '\n    '))
    yield `${first ? '{\n  "results": [\n' : ',\n'}    ${body}`
    first = false
  }
  yield first ? '{\n  "results": []\n}\n' : '\n  ]\n}\n'
}

export function renderMatrixMarkdown(entries: MatrixEntry[]): string {
  const lines = [`${familyHeading(entries, '**over IPv6** (--family 6)')}| from | to | port | verdict | reason |`, '|---|---|---|---|---|']
  for (const entry of entries) {
    const verdict = entry.error ? '? error' : `${entry.verdict === 'allowed' ? '✓' : entry.verdict === 'partial' ? '◐' : '✗'} ${entry.verdict}`
    const reason = entry.error ? markdownText(entry.error) : entry.reason ? `\`${entry.reason.code}\` ${markdownText(entry.reason.object)}` : ''
    lines.push(`| ${markdownText(entry.from.ref)} | ${markdownText(entry.to.ref)} | ${portText(entry)} | ${verdict} | ${reason} |`)
  }
  return lines.join('\n')
}

function summarize(entries: MatrixEntry[]): string {
  const count = (verdict: string) => entries.filter((e) => e.verdict === verdict).length
  const errors = entries.filter((e) => e.error).length
  return `${entries.length} pairs: ${count('allowed')} allowed, ${count('partial')} partial, ${count('denied')} denied${errors ? `, ${errors} not evaluated` : ''}`
}

function portText(entry: MatrixEntry): string {
  return entry.protocol === 'icmp' ? 'icmp' : entry.port === null ? '-' : `${entry.protocol}/${entry.port}`
}
