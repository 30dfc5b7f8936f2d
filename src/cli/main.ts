import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Command, Config} from '@oclif/core'
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
    const command = new CommandClass(found.argv, commandConfig(root))
    // `_run` is what oclif's Config.runCommand reaches through Command.run (init, run, catch, finally)
    await (command as unknown as {_run(): Promise<unknown>})._run()
  } catch (error) {
    process.exitCode = reportError(error)
  }
}

/**
 * What an oclif Command reads from its configuration while it runs (lib/command.js: `bin` for
 * debug names, `userAgent`, scoped environment variables, the `preparse` hook, `topicSeparator`,
 * `commandIDs`/`findCommand` for alias deprecation notices, `pjson`), built from package.json.
 * perf: oclif's Config.load also reads the manifest, detects the shell, WSL and a theme file and
 * loads plugins (≈ 10% of a command on the production fixture); acknet declares no hooks,
 * aliases or themes. Every CLI test runs through here (test/helpers/cli.ts).
 */
function commandConfig(root: string): Config {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {name: string; version: string; oclif: {bin?: string}}
  const bin = pjson.oclif.bin ?? pjson.name
  const scopedEnvVarKey = (key: string) => [bin, key].map((part) => part.replaceAll('@', '').replaceAll(/[/-]/g, '_')).join('_').toUpperCase()
  const config = {
    root, name: pjson.name, version: pjson.version, pjson, bin, binAliases: [], topicSeparator: ' ',
    platform: process.platform, arch: process.arch, windows: process.platform === 'win32',
    userAgent: `${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}`,
    commandIDs: __ACKNET_COMMAND_IDS__,
    findCommand: () => undefined,
    scopedEnvVarKey,
    scopedEnvVarKeys: (key: string) => [scopedEnvVarKey(key)],
    scopedEnvVar: (key: string) => process.env[scopedEnvVarKey(key)],
    scopedEnvVarTrue: (key: string) => ['true', '1'].includes(process.env[scopedEnvVarKey(key)] ?? ''),
    runHook: async () => ({successes: [], failures: []}),
    plugins: new Map(),
    theme: undefined,
  }
  return config as unknown as Config
}
