// The worker thread behind runCli (test/helpers/cli.ts): runs the built CLI (dist/cli/load.cjs,
// the code bin/run.js runs) in this thread, one command at a time, with stdout, stderr and the
// exit code captured. The test thread blocks on `signal` (Atomics.wait) until a run is over, so
// runCli stays synchronous. Modules load once per worker instead of once per command.
import {createRequire} from 'node:module'
import {workerData} from 'node:worker_threads'

const {port, signal, root} = workerData
const {main} = createRequire(import.meta.url)(`${root}/dist/cli/load.cjs`).loadCli()

class ExitCalled extends Error {
  constructor(code) {
    super(`process.exit(${code})`)
    this.code = code
  }
}

port.on('message', async ({args, env}) => {
  const saved = {...process.env}
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  const out = []
  const err = []
  const capture = (sink) => (chunk, encoding, callback) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    if (typeof encoding === 'function') encoding()
    else if (typeof callback === 'function') callback()
    return true
  }
  const writes = {stdout: process.stdout.write, stderr: process.stderr.write, exit: process.exit}
  process.stdout.write = capture(out)
  process.stderr.write = capture(err)
  process.exit = (code) => {
    throw new ExitCalled(code ?? process.exitCode ?? 0)
  }
  process.exitCode = undefined
  let code
  try {
    await main(args, root)
    code = process.exitCode ?? 0
  } catch (error) {
    if (error instanceof ExitCalled) code = error.code
    else {
      err.push(`runCli worker: ${error?.stack ?? error}\n`)
      code = -1
    }
  } finally {
    process.stdout.write = writes.stdout
    process.stderr.write = writes.stderr
    process.exit = writes.exit
    process.exitCode = undefined
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
  port.postMessage({code: Number(code), stdout: out.join(''), stderr: err.join('')})
  Atomics.store(signal, 0, 1)
  Atomics.notify(signal, 0)
})
