// Test-only fault injection, preloaded with NODE_OPTIONS=--require by guards.test.ts (never part
// of the product): ACKNET_TEST_INJECT picks the failure, to prove the global error handlers turn
// unexpected errors into one "this is a bug" line and exit 2.
'use strict'
const mode = process.env.ACKNET_TEST_INJECT
if (mode === 'stdout-throws') {
  // the first write to stdout throws a plain Error: an internal error inside a command
  const write = process.stdout.write.bind(process.stdout)
  let thrown = false
  process.stdout.write = (...args) => {
    if (!thrown) {
      thrown = true
      throw new Error('injected failure in stdout.write')
    }
    return write(...args)
  }
}
if (mode === 'timer-throws') {
  // an error thrown from a timer, outside any promise chain, once bin/run.js has installed its handler
  const poll = () => {
    if (process.listenerCount('uncaughtException') > 0) throw new Error('injected failure in a timer')
    setTimeout(poll, 5)
  }
  setTimeout(poll, 5)
}
