// Preloaded into every corpus run (NODE_OPTIONS=--require): on exit, reports the process's peak
// resident memory and CPU time on file descriptor 3, which the corpus harness opens as a pipe. Silent when
// fd 3 is not open, so it can never change what the command prints.
'use strict'
process.on('exit', () => {
  try {
    const usage = process.resourceUsage()
    require('node:fs').writeSync(3, `maxrss=${usage.maxRSS} cpu=${usage.userCPUTime + usage.systemCPUTime}\n`)
  } catch {
    // fd 3 not open: not run by the harness
  }
})
