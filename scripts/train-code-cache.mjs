#!/usr/bin/env node
// Writes the V8 code cache of dist/cli/commands.cjs (issue #18; run by scripts/build.mjs in a
// child process, after the bundles are built). It runs a few typical commands through
// dist/cli/load.cjs — the code bin/run.js runs — with their output discarded, then asks V8 for the
// code of every function compiled so far (vm.Script#createCachedData): the functions a typical
// run calls are then neither parsed nor compiled at start-up. A different Node version or V8
// flags make V8 reject the cache, and the script compiles as it would without one.
import {existsSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = createRequire(import.meta.url)(join(ROOT, 'dist/cli/load.cjs')).loadCli()

const production = join(ROOT, 'fixtures/production.yaml')
const runs = [
  ['cidr', 'info', '10.0.0.0/8'],
  ...(existsSync(production)
    ? [
        ['lint', production],
        ['lint', production, '--format', 'json'],
        ['reach', 'pod:api/orders', 'instance:pg-primary', '-f', production, '--port', '5432'],
        ['reach', 'pod:web/frontend', 'instance:pg-primary', '-f', production, '--port', '5432', '--json'],
      ]
    : []),
]

const discard = () => true
const {stdout, stderr} = {stdout: process.stdout.write, stderr: process.stderr.write}
process.stdout.write = discard
process.stderr.write = discard
try {
  for (const argv of runs) await cli.main(argv, ROOT)
} finally {
  process.stdout.write = stdout
  process.stderr.write = stderr
}
process.exitCode = 0
writeFileSync(cli.codeCacheFile, cli.createCachedData())
