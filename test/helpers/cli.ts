import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {MessageChannel, type MessagePort, receiveMessageOnPort, Worker} from 'node:worker_threads'
// @ts-expect-error plain ESM JavaScript without type declarations (scripts/ is not compiled)
import {sourceHash} from '../../scripts/source-hash.mjs'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface CliOptions {
  input?: string
  env?: Record<string, string | undefined>
  cwd?: string
  timeoutMs?: number
}

/**
 * The environment every CLI test runs with: colour off, no TTY, no stack traces, and the
 * compiled-model cache off (tests never read or write the user's cache directory).
 */
const BASE_ENV: Record<string, string | undefined> = {NO_COLOR: '1', FORCE_COLOR: undefined, ACKNET_DEBUG: undefined, ACKNET_NO_CACHE: '1'}

/**
 * Variables acknet reads while a command runs (not at import time): safe to vary in-process.
 * PATH and the stub CLIs' settings are read by the processes `import --live` starts (which
 * inherit the worker's process.env), not by acknet's start-up.
 */
const RUNTIME_ENV = new Set(['ACKNET_DEBUG', 'ACKNET_NO_CACHE', 'XDG_CACHE_HOME', 'HOME', 'CI', 'PATH', 'ACKNET_STUB_DIR', 'ACKNET_STUB_LOG'])

/**
 * Runs the built CLI (`npm run build` first; a missing or stale dist/ fails the test) with
 * colour off and no TTY, the way CI and scripts see it, and returns its exit code and output.
 *
 * perf (issue #18): a run happens in a worker thread that keeps the CLI's modules loaded, not in
 * a new process, unless it needs one: input on stdin (`-`, `input`), a working directory, or
 * environment variables read at start-up (colour, NODE_OPTIONS). The worker runs the same
 * dist/cli/load.cjs that bin/run.js runs; runBinary always starts the real process.
 */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
  if (needsProcess(args, options)) return runBinary(args, options)
  return runInWorker(args, {...BASE_ENV, ...options.env}, options.timeoutMs ?? 60_000)
}

/** Runs the CLI and parses stdout as the one JSON document `--json` promises. */
export function runJson<T = any>(args: string[], options: CliOptions = {}): {code: number; json: T; stderr: string} {
  const result = runCli(args, options)
  let json: T
  try {
    json = JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`)
  }
  return {code: result.code, json, stderr: result.stderr}
}

/** Runs `node bin/run.js …` as a real process (exit codes, signals, stdin, start-up itself). */
export function runBinary(args: string[], options: CliOptions = {}): CliResult {
  expectFreshBuild()
  const env: Record<string, string | undefined> = {...process.env, ...BASE_ENV, ...options.env}
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 256 * 1024 * 1024,
  })
  if (result.error) throw result.error
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}

function needsProcess(args: string[], options: CliOptions): boolean {
  if (options.input || options.cwd !== undefined || args.includes('-')) return true
  return Object.keys(options.env ?? {}).some((key) => !RUNTIME_ENV.has(key))
}

let freshness: string | undefined

/**
 * Throws (the test fails, it is never skipped) when dist/ is missing or was built from other
 * sources than the ones checked out: CLI tests must not pass on stale code. `npm test` builds first.
 */
export function expectFreshBuild(): void {
  freshness ??= checkBuild()
  if (freshness !== 'fresh') throw new Error(freshness)
}

function checkBuild(): string {
  let stamp: {sources?: string}
  try {
    stamp = JSON.parse(readFileSync(new URL('../../dist/build-stamp.json', import.meta.url), 'utf8')) as {sources?: string}
  } catch {
    return 'dist/ is not built (dist/build-stamp.json is missing): run `npm run build` (npm test does it first)'
  }
  if (stamp.sources !== sourceHash(ROOT)) return 'dist/ is stale: it was built from other sources than src/ holds now; run `npm run build` (npm test does it first)'
  return 'fresh'
}

let worker: {worker: Worker; port: MessagePort; signal: Int32Array} | undefined

function runInWorker(args: string[], env: Record<string, string | undefined>, timeoutMs: number): CliResult {
  expectFreshBuild()
  if (!worker) {
    const {port1, port2} = new MessageChannel()
    const signal = new Int32Array(new SharedArrayBuffer(4))
    const thread = new Worker(new URL('./cli-worker.mjs', import.meta.url), {workerData: {port: port2, signal, root: ROOT.replace(/\/$/, '')}, transferList: [port2], env: withBaseEnv(), stdout: true, stderr: true})
    thread.unref()
    worker = {worker: thread, port: port1, signal}
  }
  const {port, signal} = worker
  Atomics.store(signal, 0, 0)
  port.postMessage({args, env})
  if (Atomics.wait(signal, 0, 0, timeoutMs) === 'timed-out') {
    void worker.worker.terminate()
    worker = undefined
    throw new Error(`acknet ${args.join(' ')}: no answer after ${timeoutMs} ms (worker stopped)`)
  }
  const reply = receiveMessageOnPort(port)
  if (!reply) throw new Error(`acknet ${args.join(' ')}: the worker signalled but sent no result`)
  return reply.message as CliResult
}

/** This process's environment with BASE_ENV applied (undefined removes a variable). */
function withBaseEnv(): Record<string, string> {
  const env: Record<string, string | undefined> = {...process.env, ...BASE_ENV}
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  return env as Record<string, string>
}
