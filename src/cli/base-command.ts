import {Errors, Flags} from '@oclif/core'
import {type LoadedModel, loadModelOrThrow, type ModelCache} from '../engine/topology/index.js'
import {neutralizeWorkflowCommands} from '../render/escape.js'
import {toJson} from '../render/json.js'
import {Command} from './command.js'
import {CorruptCacheEntry} from './cache-records.js'
import {DiskModelCache, modelCacheFor, type ModelCacheOptions} from './model-cache.js'
import {reportError} from './report-error.js'
import {withLargeLoadTuning} from './load-tuning.js'

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
  protected modelCache(flags: {cache?: boolean}, options?: ModelCacheOptions): ModelCache | undefined {
    return modelCacheFor(flags.cache, process.env, options)
  }

  /**
   * Loads the topology (through the compiled-model cache unless it is off) and answers a question
   * with the model; print after it returns. A lazily read cache entry that turns out damaged while
   * the question reads it (CorruptCacheEntry) is a miss like any other: the question is asked
   * again of a model loaded from the file, and the entry is rewritten.
   */
  protected withModel<T>(file: string, flags: {cache?: boolean}, options: ModelCacheOptions, question: (loaded: LoadedModel) => T): T {
    const cache = this.modelCache(flags, options)
    const load = (): LoadedModel => withLargeLoadTuning(file, () => loadModelOrThrow(file, undefined, {cache}))
    try {
      return question(load())
    } catch (error) {
      if (!(error instanceof CorruptCacheEntry) || !(cache instanceof DiskModelCache)) throw error
      cache.distrust()
      return question(load())
    }
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
