import {oneLine} from '../engine/findings.js'
import {AcknetError, EXIT_USAGE} from '../errors.js'
import {stderrColours} from '../render/colors.js'
import {neutralizeWorkflowCommands} from '../render/escape.js'

interface OclifLikeError extends Error {
  oclif?: {exit?: number}
}

/**
 * Turns any error into one clear stderr message and the exit code to use. Stack traces only
 * with ACKNET_DEBUG=1: users see what is wrong and where, not our internals.
 */
export function reportError(error: unknown, stream: NodeJS.WritableStream = process.stderr): number {
  const debug = Boolean(process.env.ACKNET_DEBUG && process.env.ACKNET_DEBUG !== '0')
  const c = stderrColours
  if (error instanceof AcknetError) {
    // one line whatever the input held (issue #9): names from the file may carry newlines or ESC
    stream.write(`${c.red('error')} ${neutralizeWorkflowCommands(oneLine(error.located))}\n`)
    for (const hint of error.hints) stream.write(`  ${neutralizeWorkflowCommands(oneLine(hint))}\n`)
    if (debug && error.stack) stream.write(error.stack + '\n')
    return error.exitCode
  }
  const oclifError = error as OclifLikeError
  if (oclifError && typeof oclifError === 'object' && oclifError.oclif && typeof oclifError.oclif.exit === 'number') {
    // flag/argument parsing errors from oclif: already user-facing text
    // its lines kept, but each escaped: a flag value may hold a newline, ESC or `::error` (issue #15)
    const message = neutralizeWorkflowCommands(String(oclifError.message ?? error).split('\n').map((line) => oneLine(line.trimEnd())).join('\n  '))
    stream.write(`${c.red('error')} ${message}\n`)
    if (debug && oclifError.stack) stream.write(oclifError.stack + '\n')
    return oclifError.oclif.exit === 0 ? 0 : EXIT_USAGE
  }
  const message = error instanceof Error ? error.message : describe(error)
  stream.write(`${c.red('error')} internal error: ${oneLine(message)}\n  this is a bug in acknet; run again with ACKNET_DEBUG=1 to see the stack trace, and report it\n`)
  if (debug && error instanceof Error && error.stack) stream.write(error.stack + '\n')
  return EXIT_USAGE
}

/** String(value), except for values that cannot be converted (null-prototype objects). */
function describe(value: unknown): string {
  try {
    return String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}
