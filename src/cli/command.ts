import {type Config, type Interfaces, Parser} from '@oclif/core'

/**
 * The base of every acknet command: the part of oclif's Command (@oclif/core lib/command.js)
 * that acknet uses — built with (argv, config), run as init → run → catch → finally, flags and
 * arguments parsed by oclif's own parser, so parsing and its error messages are oclif's.
 *
 * perf (issue #18): importing oclif's Command evaluates its Config (plugin loader, manifest,
 * TypeScript path mapping), help and ux modules, ≈ 500 KB and a fifth of `lint` on the production
 * fixture; a command run needs none of them. oclif still reads these classes for its manifest
 * and help, and runs them for ids it dispatches itself (`acknet cidr:info …`) through static run,
 * which is what its Config.runCommand calls. The statics below are oclif's defaults, so the
 * manifest is unchanged.
 */
export abstract class Command {
  static id: string | undefined
  static summary?: string
  static description: string | undefined
  static examples: Array<{command: string; description: string} | string> | undefined
  static usage: string | string[] | undefined
  static aliases: string[] = []
  static hiddenAliases: string[] = []
  static hidden: boolean | undefined
  static state?: string
  static args: Interfaces.ArgInput = {}
  static flags: Interfaces.FlagInput | undefined
  static baseFlags: Interfaces.FlagInput | undefined
  static strict = true
  static enableJsonFlag = false
  static hasDynamicHelp = false

  argv: string[]
  config: Config
  id: string | undefined

  constructor(argv: string[], config: Config) {
    this.argv = argv
    this.config = config
    this.id = (this.constructor as typeof Command).id
  }

  /** What oclif's Config.runCommand calls (its help path and `topic:command` ids); `config` is its loaded Config. */
  static async run(this: new (argv: string[], config: Config) => Command, argv: string[] = process.argv.slice(2), config?: Config): Promise<unknown> {
    if (!config) throw new Error('acknet commands are run by bin/run.js, or by oclif with its loaded configuration')
    return new this(argv, config)._run()
  }

  abstract run(): Promise<unknown>

  /** oclif's order: init, run; catch on error; finally always. */
  async _run(): Promise<unknown> {
    let error: Error | undefined
    let result: unknown
    try {
      // oclif drops <BIN>_REDIRECTED so that a sub-process runs its own installation
      delete process.env[this.config.scopedEnvVarKey('REDIRECTED')]
      await this.init()
      result = await this.run()
    } catch (caught) {
      error = caught as Error
      await this.catch(error)
    } finally {
      await this.finally(error)
    }
    return result
  }

  protected async init(): Promise<void> {}

  /** oclif's default: exit status 1 and rethrow (BaseCommand reports instead). */
  protected async catch(error: Error & {exitCode?: number}): Promise<void> {
    process.exitCode = process.exitCode ?? error.exitCode ?? 1
    throw error
  }

  protected async finally(_error: Error | undefined): Promise<void> {}

  /** oclif's Command#parse without its preparse hook (acknet declares none) or deprecation notices (no acknet flag is deprecated). */
  protected async parse<F extends Interfaces.OutputFlags<any>, B extends Interfaces.OutputFlags<any>, A extends Interfaces.OutputArgs<any>>(
    options?: Interfaces.Input<F, B, A>,
    argv: string[] = this.argv,
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const input = options ?? (this.constructor as unknown as Interfaces.Input<F, B, A>)
    this.argv = [...argv]
    // the context reaches custom flag parsers; acknet's flags (Flags.string, integer, boolean) ignore it
    const context = this as unknown as Interfaces.Input<F, B, A>['context']
    return Parser.parse(argv, {context, ...input, flags: {...input.baseFlags, ...input.flags} as Interfaces.FlagInput<F>})
  }
}
