import {Errors, Flags} from '@oclif/core'
import type {ModelCache} from '../engine/topology/index.js'
import {neutralizeWorkflowCommands} from '../render/escape.js'
import {toJson} from '../render/json.js'
import {Command} from './command.js'
import {modelCacheFor} from './model-cache.js'
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

  /** `--family 4|6` for reach and the whole-network questions (SPEC §8); absent = 4, or 6 for an IPv6 `ip:` endpoint. */
  static familyFlag = {
    family: Flags.string({description: 'address family to answer in: 4 or 6 (default 4; an IPv6 ip: endpoint implies 6)', options: ['4', '6']}),
  }

  /** `--no-cache` for commands that load a topology with loadModelOrThrow (src/cli/model-cache.ts). */
  static cacheFlag = {
    cache: Flags.boolean({
      description: 'Reuse the compiled model of an unchanged file from the cache directory ($XDG_CACHE_HOME/acknet); --no-cache (or ACKNET_NO_CACHE=1) loads afresh. Off when CI is set.',
      allowNo: true,
      default: true,
    }),
  }

  /** The compiled-model cache for this run, or undefined when it is off (`--no-cache`, env). */
  protected modelCache(flags: {cache?: boolean}): ModelCache | undefined {
    return modelCacheFor(flags.cache)
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
