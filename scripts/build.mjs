#!/usr/bin/env node
// `npm run build`: bundles the CLI with esbuild into dist/ (issue #18, docs/performance.md).
//
//   dist/cli/load.cjs         what bin/run.js requires: compiles commands.cjs with its code cache
//   dist/cli/commands.cjs     the CLI (src/cli/main.ts) and every command, as one CommonJS script;
//                             a command's modules are initialised when it runs
//   dist/cli/commands-<build id>.v8cache   V8's code cache for it, from a training run (step 7)
//   dist/cli/oclif-execute.cjs  all of oclif (help, topics, unknown commands), its own bundle
//   dist/commands/**.js       one ES module per command, for oclif's manifest, help and the ids
//                             oclif dispatches itself (`cidr:info`)
//   dist/chunks/*.js          code shared by several commands (oclif, the engine, chalk, js-yaml)
//   dist/zod-side.cjs         zod and every schema, required synchronously only when a file is
//                             not certainly valid, lists manifests, or `acknet schema` runs
//   dist/build-stamp.json     a hash of the sources, so tests can refuse a stale dist/
//
// Types are not checked here (esbuild strips them): `npm run typecheck` does that, and .ci/run
// runs both. Options: --quiet, --metafile FILE (esbuild's metafile of the CLI bundle, to see what
// a command loads: `npx esbuild --analyze` reads it).
import {readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {createRequire} from 'node:module'
import {dirname, join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import * as esbuild from 'esbuild'
import {sourceHash} from './source-hash.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const SRC = join(ROOT, 'src')
const DIST = join(ROOT, 'dist')
const quiet = process.argv.includes('--quiet')
const started = performance.now()

function walk(dir) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))
}

const commandFiles = walk(join(SRC, 'commands')).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')).sort()
const commandIds = commandFiles.map((file) => relative(join(SRC, 'commands'), file).replace(/\.ts$/, '').split(sep).join(':'))

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const sources = sourceHash(ROOT)

rmSync(DIST, {recursive: true, force: true})
mkdirSync(DIST, {recursive: true})

const common = {bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none', metafile: true,
  // only oclif's development mode (bin/dev.js) uses these, and it runs from source
  external: ['typescript', 'ts-node', 'tsx']}

// 1. The zod side, as CommonJS so that the ESM bundle can load it synchronously (lazy-zod.ts).
const zodSide = await esbuild.build({...common, entryPoints: [join(SRC, 'engine/topology/zod-side.ts')], format: 'cjs', outfile: join(DIST, 'zod-side.cjs')})

// 2. The topology and manifest schemas as plain Shapes, computed once here (topology-shape.ts).
const side = createRequire(import.meta.url)(join(DIST, 'zod-side.cjs'))
const shapeJson = JSON.stringify(side.topologyShape())
const manifestShapesJson = JSON.stringify(side.manifestShapes())

// 3. The CLI: ESM, split into one file per command plus shared chunks.
// perf (issue #18): the links from the parts of oclif a command run uses (flags, args, parser,
// errors) into oclif's help system and top-level error handler, which pull in its Config, plugin
// loader, ux and their dependencies (≈ 500 KB). Commands never reach them: help, --help and
// oclif's error handling run from dist/cli/oclif-execute.cjs, a separate bundle of the real oclif.
// [importer, as it names the module, what it uses from it]
const OCLIF_STUBS = [
  ['lib/flags.js', './help', 'loadHelpClass'], // only Flags.help and Flags.version, which acknet does not declare
  ['lib/parser/index.js', './help', 'flagUsages'], // re-exported, never called by parse
  ['lib/errors/index.js', './handle', 'handle'], // oclif's top-level handler (execute's, not a command's)
]
const oclifCore = dirname(createRequire(import.meta.url).resolve('@oclif/core/package.json'))

const replaceModules = {
  name: 'acknet-build-time-modules',
  setup(build) {
    // commands import a few names from @oclif/core; its root module would load all of oclif (oclif-slim.ts)
    build.onResolve({filter: /^@oclif\/core$/}, (args) => (args.importer.endsWith('oclif-slim.ts') ? undefined : {path: join(SRC, 'cli/oclif-slim.ts')}))
    build.onResolve({filter: /^\.\/(help|handle)$/}, (args) => {
      const stub = OCLIF_STUBS.find(([importer, name]) => args.path === name && args.importer === join(oclifCore, importer))
      return stub ? {path: `${stub[1]}:${stub[2]}`, namespace: 'acknet-oclif-stub', pluginData: stub} : undefined
    })
    build.onLoad({filter: /.*/, namespace: 'acknet-oclif-stub'}, (args) => ({
      loader: 'js',
      contents: `exports.${args.pluginData[2]} = () => { throw new Error('oclif ${args.pluginData[2]} is not bundled with acknet commands (scripts/build.mjs OCLIF_STUBS)') }`,
    }))
    build.onLoad({filter: /[\\/]src[\\/]engine[\\/]topology[\\/]lazy-zod\.ts$/}, () => ({
      loader: 'ts',
      resolveDir: join(SRC, 'engine/topology'),
      contents: `import {spawnSync} from 'node:child_process'
import {createRequire} from 'node:module'
import {packageFile} from '../../package-root.js'
import type {ZodSide} from './zod-side.js'
let side: ZodSide | undefined
export function zodSide(): ZodSide {
  side ??= createRequire(import.meta.url)(packageFile('dist/zod-side.cjs')) as ZodSide
  return side
}`,
    }))
    build.onLoad({filter: /[\\/]src[\\/]engine[\\/]topology[\\/]topology-shape\.ts$/}, () => ({
      loader: 'js',
      // JSON.parse of a string literal is faster than the same object literal in JavaScript
      contents: `export function topologyShape() { return JSON.parse(${JSON.stringify(shapeJson)}) }
export function manifestShapes() { return JSON.parse(${JSON.stringify(manifestShapesJson)}) }`,
    }))
  },
}

// oclif and its dependencies are CommonJS: give the ESM bundles the require/__dirname they expect
const BANNER = [
  "import {createRequire as __acknetCreateRequire} from 'node:module';",
  "import {dirname as __acknetDirname} from 'node:path';",
  "import {fileURLToPath as __acknetFileURLToPath} from 'node:url';",
  // one require function per process, not one per chunk (createRequire costs ≈ 1 ms)
  'const require = (globalThis.__acknetRequire ??= __acknetCreateRequire(import.meta.url));',
  'const __filename = __acknetFileURLToPath(import.meta.url);',
  'const __dirname = __acknetDirname(__filename);',
].join(' ')

const buildId = `${packageJson.version}+${sources.slice(0, 16)}`
const define = {
  __ACKNET_COMMAND_IDS__: JSON.stringify(commandIds),
  // keys the compiled-model cache (src/cli/model-cache.ts) and the code cache: a rebuild never reads an older build's
  __ACKNET_BUILD_ID__: JSON.stringify(buildId),
}

const cli = await esbuild.build({
  ...common,
  entryPoints: commandFiles,
  outbase: SRC,
  outdir: DIST,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  define,
  plugins: [replaceModules],
  banner: {js: BANNER},
})

// 3b. perf (issue #18): what bin/run.js runs — every command in one CommonJS script, which
// src/cli/main.ts compiles with a V8 code cache (node:vm cachedData). Node 20 has no compile cache
// for ES modules (module.enableCompileCache is 22.1+); parsing and compiling the ≈ 800 KB a command
// runs was a third of `lint` on the production fixture. esbuild wraps each `require`d ES module in
// a lazy initialiser, so a run evaluates only its command's modules.
const commandsEntry = {
  name: 'acknet-commands-entry',
  setup(build) {
    build.onResolve({filter: /^acknet:commands$/}, () => ({path: 'commands', namespace: 'acknet-commands'}))
    build.onLoad({filter: /.*/, namespace: 'acknet-commands'}, () => ({
      loader: 'js',
      resolveDir: SRC,
      contents: `import {main as runMain, reportError} from ${JSON.stringify(join(SRC, 'cli/main.ts'))}
export {reportError}
export const main = (argv, root) => runMain(argv, root, command)
function command(id) {
  switch (id) {
${commandIds.map((id, i) => `    case ${JSON.stringify(id)}: return require(${JSON.stringify(commandFiles[i])}).default`).join('\n')}
  }
  return undefined
}`,
    }))
  },
}
const commandsScript = await esbuild.build({
  ...common,
  entryPoints: ['acknet:commands'],
  outfile: join(DIST, 'cli/commands.cjs'),
  format: 'cjs',
  // no comments: they hold the only non-ASCII characters, and an ASCII file decodes ≈ 50× faster (main.ts)
  minifyWhitespace: true,
  charset: 'ascii',
  define: {...define, 'import.meta.url': '__acknetImportMetaUrl'},
  // `import('@inquirer/prompts')` (plan -i) becomes a require: a vm script has no module loader
  supported: {'dynamic-import': false},
  external: [...common.external, '@inquirer/prompts'],
  plugins: [commandsEntry, replaceModules],
  banner: {js: "const __acknetImportMetaUrl = require('node:url').pathToFileURL(__filename).href;"},
})

// esbuild's ASCII output leaves characters in regular expression literals as they are (ansis has
// ESC and U+009B in one): as \uXXXX escapes they mean the same, and main.ts can read the file as
// latin1, ≈ 50× faster than decoding UTF-8 with a few multi-byte characters in it (≈ 20 ms).
const commandsFile = join(DIST, 'cli/commands.cjs')
writeFileSync(commandsFile, readFileSync(commandsFile, 'utf8').replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`))

// 4. oclif's execute (help, topics, unknown commands) on its own, with none of the stubs above,
// and the loader of commands.cjs.
const oclifSide = await esbuild.build({...common, entryPoints: [join(SRC, 'cli/oclif-execute.ts')], format: 'cjs', outfile: join(DIST, 'cli/oclif-execute.cjs')})
await esbuild.build({...common, entryPoints: [join(SRC, 'cli/load.ts')], format: 'cjs', outfile: join(DIST, 'cli/load.cjs'), define})

// 5. Guard: zod must stay out of the ESM bundle (a valid file never needs it).
const zodInEsm = Object.entries({...cli.metafile.outputs, ...commandsScript.metafile.outputs}).filter(([, output]) => Object.keys(output.inputs).some((input) => /node_modules[\\/]zod[\\/]/.test(input)))
if (zodInEsm.length > 0) {
  console.error(`build: zod is bundled into ${zodInEsm.map(([file]) => file).join(', ')}.
Some module imports a zod schema (src/engine/topology/schema.ts or manifest-schemas.ts) by value.
Import only types from there, and reach schemas at run time through zodSide() (src/engine/topology/lazy-zod.ts).`)
  process.exit(1)
}

const metafileAt = process.argv.indexOf('--metafile')
if (metafileAt > 0) writeFileSync(process.argv[metafileAt + 1], JSON.stringify(cli.metafile))

// 6. Guard: a command run loads no part of oclif's Config, help or Command (OCLIF_STUBS above,
// src/cli/command.ts). Follows the static imports of each command bundle.
const OCLIF_HEAVY = /@oclif[\\/]core[\\/]lib[\\/](config[\\/]|help[\\/]|command\.js|main\.js|execute\.js|ux[\\/]index\.js)/
for (const entry of Object.keys(cli.metafile.outputs).filter((file) => cli.metafile.outputs[file].entryPoint)) {
  const seen = new Set()
  const visit = (file) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const imported of cli.metafile.outputs[file].imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
  }
  visit(entry)
  const heavy = [...seen].flatMap((file) => Object.keys(cli.metafile.outputs[file].inputs)).filter((input) => OCLIF_HEAVY.test(input))
  if (heavy.length > 0) {
    console.error(`build: ${entry} loads ${heavy.slice(0, 3).join(', ')}${heavy.length > 3 ? ', …' : ''} at start-up.
Commands extend src/cli/command.ts and import oclif only through '@oclif/core' (src/cli/oclif-slim.ts);
help and oclif's own dispatch belong in dist/cli/oclif-execute.cjs.`)
    process.exit(1)
  }
}

const heavyInScript = Object.values(commandsScript.metafile.outputs).flatMap((output) => Object.keys(output.inputs)).filter((input) => OCLIF_HEAVY.test(input))
if (heavyInScript.length > 0) {
  console.error(`build: dist/cli/commands.cjs bundles ${heavyInScript.slice(0, 3).join(', ')}: commands extend src/cli/command.ts and import oclif only through '@oclif/core'.`)
  process.exit(1)
}

// 7. The code cache for dist/cli/commands.cjs: a child process runs a few commands on the
// production fixture through dist/cli/load.cjs and writes what V8 compiled (scripts/train-code-cache.mjs).
// Never fails the build: without the cache the script compiles as usual.
const training = spawnSync(process.execPath, [join(ROOT, 'scripts/train-code-cache.mjs')], {cwd: ROOT, encoding: 'utf8', env: {...process.env, NODE_OPTIONS: '', ACKNET_NO_CACHE: '1', NO_COLOR: '1', FORCE_COLOR: '0'}})
if (training.status !== 0) console.error(`build: note: no code cache for dist/cli/commands.cjs (start-up will be slower): ${(training.stderr || training.error?.message || `exit ${training.status}`).trim().split('\n')[0]}`)

writeFileSync(join(DIST, 'build-stamp.json'), `${JSON.stringify({sources, commands: commandIds}, null, 1)}\n`)

if (!quiet) {
  const bytes = (result) => Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
  console.log(`build: ${commandIds.length} commands, ${Object.keys(cli.metafile.outputs).length} files, ${(bytes(cli) / 1024).toFixed(0)} KiB, commands.cjs ${(bytes(commandsScript) / 1024).toFixed(0)} KiB (+ zod side ${(bytes(zodSide) / 1024).toFixed(0)} KiB, oclif's execute ${(bytes(oclifSide) / 1024).toFixed(0)} KiB) in ${(performance.now() - started).toFixed(0)} ms`)
}
