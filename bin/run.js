#!/usr/bin/env node
// Entry point. `--version` is answered without loading oclif: it is the startup-time
// benchmark (SPEC §6) and needs nothing but package.json.
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const argv = process.argv.slice(2)

// `acknet … | head` closes stdout early: exit quietly instead of an EPIPE stack trace.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

// Errors outside the command's promise chain (event handlers, timers, stream callbacks): the
// same one-line report and exit 2 as any other unexpected error, never a raw stack (issue #9).
const reportUncaught = (error) => {
  import('../dist/cli/main.js')
    .then(({reportError}) => process.exit(reportError(error)))
    .catch(() => {
      process.stderr.write('error internal error; run again with ACKNET_DEBUG=1 to see the stack trace, and report it\n')
      process.exit(2)
    })
}
process.on('uncaughtException', reportUncaught)
process.on('unhandledRejection', reportUncaught)

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  // perf: oclif's own Node-version check loads semver (41 modules, ~25% of importing
  // @oclif/core; docs/performance.md); package.json `engines` already states acknet's range.
  process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
  let main
  try {
    ;({main} = await import('../dist/cli/main.js'))
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
    process.stderr.write('error acknet is not built: run `npm run build` in its directory (dist/cli/main.js is missing)\n')
    process.exit(2)
  }
  // dist/cli/main.js (src/cli/main.ts) runs the command and turns every error into an exit code
  await main(argv, fileURLToPath(new URL('..', import.meta.url)))
}
