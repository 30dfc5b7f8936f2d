import {spawnSync} from 'node:child_process'
import {AcknetError} from '../errors.js'
import {MAX_IMPORT_BYTES, parseDocuments} from '../engine/import/io.js'
import {safeLine} from '../engine/import/escape.js'

/**
 * Runs an installed CLI (`aliyun`, `kubectl`) for `import --live` and parses what it prints.
 * Every failure is one exit-2 line that names the call: the tool is missing, it failed, or it
 * printed something that is not JSON.
 */
export interface ToolCall {
  bin: string
  args: string[]
  /** what to install, for the "not found" message */
  install: string
}

export function commandLine(call: ToolCall): string {
  return [call.bin, ...call.args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ')
}

/** The tool's stdout as text ('' when it printed nothing). */
export function runToolText(call: ToolCall): string {
  const result = spawnSync(call.bin, call.args, {encoding: 'utf8', maxBuffer: MAX_IMPORT_BYTES, stdio: ['ignore', 'pipe', 'pipe']})
  const line = commandLine(call)
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new AcknetError(`${call.bin} is not installed or not on PATH (needed for \`${safeLine(line)}\`); ${call.install}`)
    if (code === 'ENOBUFS') throw new AcknetError(`\`${safeLine(line)}\` printed more than ${MAX_IMPORT_BYTES / (1024 * 1024)} MiB, the most acknet import reads`)
    throw new AcknetError(`\`${safeLine(line)}\` could not run: ${safeLine(result.error.message)}`)
  }
  if (result.status !== 0) {
    const why = (result.stderr || result.stdout || '').split('\n').map((l) => l.trim()).find(Boolean) ?? (result.signal ? `killed by ${result.signal}` : 'no message')
    throw new AcknetError(`\`${safeLine(line)}\` failed (exit ${result.status ?? result.signal}): ${safeLine(why).slice(0, 300)}`)
  }
  return result.stdout
}

/** The tool's stdout parsed as JSON (or YAML). */
export function runToolJson(call: ToolCall): unknown {
  const text = runToolText(call)
  try {
    return parseDocuments(text, commandLine(call), false)[0]
  } catch (error) {
    if (error instanceof AcknetError) throw new AcknetError(`\`${safeLine(commandLine(call))}\` printed something acknet cannot read: ${error.message}`)
    throw error
  }
}

/** Progress on stderr for imports that make many calls: one rewritten line on a terminal, a line every 25 calls otherwise. */
export class Progress {
  private calls = 0
  private readonly tty = Boolean(process.stderr.isTTY)

  constructor(private readonly label: string) {}

  step(what: string): void {
    this.calls++
    if (this.tty) process.stderr.write(`\r\u001b[2K${this.label}: ${this.calls} call(s), ${safeLine(what).slice(0, 80)}`)
    else if (this.calls % 25 === 0) process.stderr.write(`${this.label}: ${this.calls} calls so far (${safeLine(what).slice(0, 80)})\n`)
  }

  done(): void {
    if (this.tty && this.calls > 0) process.stderr.write('\r\u001b[2K')
    process.stderr.write(`${this.label}: ${this.calls} call(s)\n`)
  }
}
