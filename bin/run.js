#!/usr/bin/env node
// Entry point. `--version` is answered without loading the CLI: it is the startup-time
// benchmark (SPEC §6) and needs nothing but package.json.
// perf (issue #18): Node modules through require — an ES `import` of node:fs builds its whole
// namespace, which loads fs/promises and the stream modules (≈ 5 ms) — and the CLI from one
// script compiled with a code cache (dist/cli/load.cjs, src/cli/load.ts).
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)
const argv = process.argv.slice(2)
let cli

// `acknet … | head` closes stdout early: exit quietly instead of an EPIPE stack trace.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

// Errors outside the command's promise chain (event handlers, timers, stream callbacks): the
// same one-line report and exit 2 as any other unexpected error, never a raw stack (issue #9).
const reportUncaught = (error) => {
  try {
    process.exit((cli ?? require('../dist/cli/load.cjs').loadCli()).reportError(error))
  } catch {
    process.stderr.write('error internal error; run again with ACKNET_DEBUG=1 to see the stack trace, and report it\n')
    process.exit(2)
  }
}
process.on('uncaughtException', reportUncaught)
process.on('unhandledRejection', reportUncaught)

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
  const pkg = JSON.parse(require('node:fs').readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  // perf: oclif's own Node-version check loads semver (41 modules, ~25% of importing
  // @oclif/core; docs/performance.md); package.json `engines` already states acknet's range.
  process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
  try {
    cli = require('../dist/cli/load.cjs').loadCli()
  } catch (error) {
    if (error?.code !== 'MODULE_NOT_FOUND' && error?.code !== 'ENOENT') throw error
    process.stderr.write('error acknet is not built: run `npm run build` in its directory (dist/cli/load.cjs is missing)\n')
    process.exit(2)
  }
  // src/cli/main.ts runs the command and turns every error into an exit code
  await cli.main(argv, require('node:url').fileURLToPath(new URL('..', import.meta.url)))
}
