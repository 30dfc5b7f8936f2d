import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {type Command, Config} from '@oclif/core'
import {findCommand} from './dispatch.js'
import {reportError} from './report-error.js'

export {reportError}

/** Every command id, written in by the build (scripts/build.mjs) from src/commands. */
declare const __ACKNET_COMMAND_IDS__: readonly string[]

type CommandClass = (new (argv: string[], config: Config) => Command) & {id?: string}

/**
 * The entry point of the bundled CLI (bin/run.js → dist/cli/main.js). perf (issue #18): a command
 * run loads only that command's bundle, without oclif's plugin discovery, help system or a
 * second configuration load; help, unknown commands and topics go through oclif's `execute`
 * exactly as before. Never throws: errors become one line on stderr and the exit code.
 */
export async function main(argv: string[], root: string): Promise<void> {
  try {
    const found = findCommand(argv, new Set(__ACKNET_COMMAND_IDS__))
    if (!found) {
      // the whole of oclif (help, topics, "did you mean"), loaded only on this path
      const module = (await import('@oclif/core/execute')) as typeof import('@oclif/core/execute') & {default?: typeof import('@oclif/core/execute')}
      // a CommonJS module imported from the ESM bundle arrives as the default export
      const execute = module.execute ?? module.default!.execute
      await execute({args: argv, dir: join(root, 'bin', 'run.js')})
      return
    }
    const module = (await import(new URL(`../commands/${found.id.replaceAll(':', '/')}.js`, import.meta.url).href)) as {default: CommandClass}
    const CommandClass = module.default
    CommandClass.id = found.id
    const command = new CommandClass(found.argv, await commandConfig(root))
    // `_run` is what oclif's Config.runCommand reaches through Command.run (init, run, catch, finally)
    await (command as unknown as {_run(): Promise<unknown>})._run()
  } catch (error) {
    process.exitCode = reportError(error)
  }
}

/**
 * oclif's configuration for running one command: the package's own manifest and settings, but
 * no plugins (only help comes from a plugin, and help never takes this path).
 */
async function commandConfig(root: string): Promise<Config> {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {oclif: Record<string, unknown>}
  return Config.load({root, pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}} as never})
}
