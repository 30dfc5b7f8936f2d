import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Script} from 'node:vm'
import type {Config} from '@oclif/core'
import type {Command} from './command.js'
import {findCommand} from './dispatch.js'
import {reportError} from './report-error.js'

export {reportError}

/** Every command id, written in by the build (scripts/build.mjs) from src/commands. */
declare const __ACKNET_COMMAND_IDS__: readonly string[]
/** The acknet version and a hash of the sources, written in by the build. */
declare const __ACKNET_BUILD_ID__: string

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
      // the whole of oclif (help, topics, "did you mean"), loaded only on this path, from its own
      // bundle: the command bundles carry a cut-down oclif (oclif-execute.ts, scripts/build.mjs)
      const {execute} = (await import(new URL('oclif-execute.js', import.meta.url).href)) as typeof import('./oclif-execute.js')
      await execute({args: argv, dir: join(root, 'bin', 'run.js')})
      return
    }
    const CommandClass = commandScript().exports.command(found.id)
    if (!CommandClass) throw new Error(`command ${found.id} is missing from dist/cli/commands.cjs; run npm run build`)
    CommandClass.id = found.id
    const command = new CommandClass(found.argv, commandConfig(root))
    // `_run` is what oclif's Config.runCommand reaches through Command.run (init, run, catch, finally)
    await (command as unknown as {_run(): Promise<unknown>})._run()
  } catch (error) {
    process.exitCode = reportError(error)
  }
}

interface CommandScript {
  script: Script
  exports: {command(id: string): CommandClass | undefined}
  /** What became of the code cache: used, refused by V8 (another Node version, other V8 flags), or not there. */
  codeCache: 'accepted' | 'rejected' | 'absent'
}

let loaded: CommandScript | undefined
const COMMANDS_FILE = 'commands.cjs'
const codeCacheFile = () => fileURLToPath(new URL(`commands-${__ACKNET_BUILD_ID__}.v8cache`, import.meta.url))

/**
 * Every command, from dist/cli/commands.cjs (one CommonJS script; scripts/build.mjs), compiled
 * with the V8 code cache the build wrote for it. perf (issue #18): Node 20 has no compile cache
 * for ES modules (module.enableCompileCache is 22.1+), and parsing and compiling the code a
 * command runs was a third of `lint` on the production fixture. The cache is named by this
 * build's id, so it only ever meets the script it was made from; V8 rejects it for another Node
 * version or other V8 flags, and then the script compiles as it would without one. V8 trusts the
 * cache's content (it checks versions, flags and the source's length, not a checksum): it is part
 * of the build, like the script, and `npm run build` rewrites both (dist/ is emptied first).
 */
function commandScript(): CommandScript {
  if (loaded) return loaded
  const file = fileURLToPath(new URL(COMMANDS_FILE, import.meta.url))
  // the build writes it in ASCII (scripts/build.mjs), so latin1 reads it as UTF-8 would, ≈ 50× faster
  const source = readFileSync(file, 'latin1')
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(codeCacheFile())
  } catch {
    // no cache (a build that could not train it): compile as usual
  }
  // ES modules are strict, and the commands were written as ES modules
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {'use strict';${source}\n})`, {filename: file, cachedData})
  const module = {exports: {} as CommandScript['exports']}
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file))
  loaded = {script, exports: module.exports, codeCache: !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted'}
  return loaded
}

/** For test/cli/binary.test.ts: whether this process compiled the commands with the build's code cache. */
export function commandsCodeCacheState(): CommandScript['codeCache'] | 'not loaded' {
  return loaded?.codeCache ?? 'not loaded'
}

/** For scripts/train-code-cache.mjs: the code cache of everything compiled so far, and where it goes. */
export function commandsCodeCache(): {file: string; data: Buffer} {
  return {file: codeCacheFile(), data: commandScript().script.createCachedData()}
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
