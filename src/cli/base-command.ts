import {Command, Errors, Flags} from '@oclif/core'
import {neutralizeWorkflowCommands} from '../render/escape.js'
import {toJson} from '../render/json.js'
import {reportError} from './report-error.js'

/**
 * Every acknet command extends this: output helpers that respect the stdout contract
 * (`--json` prints exactly one JSON document) and one error path (AcknetError → message +
 * exit code, never a stack trace).
 */
export abstract class BaseCommand extends Command {
  static jsonFlag = {
    json: Flags.boolean({description: 'Print one JSON document on stdout (for scripts).', default: false}),
  }

  /**
   * Writes text to stdout with exactly one trailing newline. No line of it can be a GitHub
   * workflow command (issue #15): names are escaped by the renderers, and this is the net.
   */
  protected print(text: string): void {
    const safe = neutralizeWorkflowCommands(text)
    process.stdout.write(safe.endsWith('\n') ? safe : safe + '\n')
  }

  protected printJson(value: unknown): void {
    process.stdout.write(toJson(value))
  }

  /** A negative answer (reach denied, lint errors, overlaps): exit 1 after output is flushed. */
  protected setExitCode(code: number): void {
    process.exitCode = code
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    if (error instanceof Errors.ExitError) throw error
    process.exitCode = reportError(error)
  }
}
