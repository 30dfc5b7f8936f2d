import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Config} from '@oclif/core'
import type {Command} from './command.js'
import {findCommand} from './dispatch.js'
import {reportError} from './report-error.js'

export {reportError}

/** Every command id, written in by the build (scripts/build.mjs) from src/commands. */
declare const __ACKNET_COMMAND_IDS__: readonly string[]

export type CommandClass = (new (argv: string[], config: Config) => Command) & {id?: string}

/** A command's class by its id (`cidr:info`); the build generates it (scripts/build.mjs). */
export type CommandLookup = (id: string) => CommandClass | undefined

/**
 * What bin/run.js runs (through dist/cli/load.cjs; src/cli/load.ts). perf (issue #18): a command
 * runs without oclif's plugin discovery, help system or configuration load, from the one script
 * that holds every command, where only that command's modules are initialised (`command`);
 * help, unknown commands, topics and `topic:command` ids go through oclif's `execute` exactly as
 * before. Never throws: errors become one line on stderr and the exit code.
 */
export async function main(argv: string[], root: string, command: CommandLookup): Promise<void> {
  try {
    const found = findCommand(argv, new Set(__ACKNET_COMMAND_IDS__))
    if (!found) {
      // the whole of oclif (help, topics, "did you mean"), loaded only on this path, from its own
      // bundle (oclif-execute.ts): the commands carry a cut-down oclif (scripts/build.mjs)
      const oclif = createRequire(import.meta.url)(fileURLToPath(new URL('oclif-execute.cjs', import.meta.url))) as typeof import('./oclif-execute.js')
      await oclif.execute({args: argv, dir: join(root, 'bin', 'run.js')})
      return
    }
    const CommandClass = command(found.id)
    if (!CommandClass) throw new Error(`command ${found.id} is missing from dist/cli/commands.cjs; run npm run build`)
    CommandClass.id = found.id
    const instance = new CommandClass(found.argv, commandConfig(root))
    // `_run` is what oclif's Config.runCommand reaches through Command.run (init, run, catch, finally)
    await (instance as unknown as {_run(): Promise<unknown>})._run()
  } catch (error) {
    process.exitCode = reportError(error)
  }
}

/**
 * The configuration a command gets on this path, built from package.json: what acknet's Command
 * (command.ts) and the commands read (`scopedEnvVarKey`, `version`, `pjson`), plus the fields of
 * oclif's Config that its Command would read (`bin`, `userAgent`, `topicSeparator`, `runHook`…),
 * so the object stands in for oclif's Config for any code that looks. perf: oclif's Config.load
 * also reads the manifest, detects the shell, WSL and a theme file and loads plugins (≈ 10% of a
 * command on the production fixture); acknet declares no hooks, aliases or themes. Every CLI test
 * runs through here (test/helpers/cli.ts).
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
