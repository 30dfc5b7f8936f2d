/**
 * The one error type acknet raises on purpose. It carries the process exit code and, when
 * the problem is in an input file, where: the CLI prints `file:line:column: message`.
 */
export interface SourcePosition {
  file?: string
  line?: number
  column?: number
}

export const EXIT_OK = 0
/** A negative answer: reach denied/partial, lint errors, cidr overlaps. */
export const EXIT_NEGATIVE = 1
/** The command could not run: bad flags, unreadable or invalid input. */
export const EXIT_USAGE = 2

export class AcknetError extends Error {
  readonly exitCode: number
  readonly position: SourcePosition
  /** Optional extra lines (closest names, the flags to pass) shown under the message. */
  readonly hints: string[]

  constructor(message: string, options: {exitCode?: number; position?: SourcePosition; hints?: string[]} = {}) {
    super(message)
    this.name = 'AcknetError'
    this.exitCode = options.exitCode ?? EXIT_USAGE
    this.position = options.position ?? {}
    this.hints = options.hints ?? []
  }

  /** `file:line:column: message` (only the parts that are known). */
  get located(): string {
    const {file, line, column} = this.position
    if (!file) return this.message
    let where = file
    if (line !== undefined) where += `:${line}`
    if (line !== undefined && column !== undefined) where += `:${column}`
    return `${where}: ${this.message}`
  }
}

export function isAcknetError(error: unknown): error is AcknetError {
  return error instanceof AcknetError
}
