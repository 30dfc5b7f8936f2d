import {spawn} from 'node:child_process'
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {BIN, expectFreshBuild, ROOT} from '../helpers/cli.js'

/**
 * Runs the real binary the way the corpus needs it: peak memory and CPU time measured
 * (rss-probe.cjs reports them on fd 3), the V8 heap capped at 512 MB, a wall-clock kill for
 * hangs, and a scratch cwd whose content is compared before and after.
 *
 * The 10 s bar of issue #9 is checked on CPU time (user + system), not wall time: the test
 * machine is shared, and wall time there measures the neighbours. A process that waits instead
 * of computing is caught by the wall-clock kill.
 */

export const CPU_LIMIT_MS = 10_000
/** Wall clock after which a run counts as hung and is killed (generous: shared machines). */
export const DEADLINE_MS = 90_000
export const MEMORY_LIMIT_MB = 512
const PROBE = fileURLToPath(new URL('./rss-probe.cjs', import.meta.url))

export interface CorpusRun {
  args: string[]
  code: number | null
  signal: string | null
  timedOut: boolean
  stdout: string
  stderr: string
  /** Peak resident set size in MB (undefined if the process died before reporting it). */
  maxRssMb: number | undefined
  /** CPU time, user + system, in ms (undefined likewise). */
  cpuMs: number | undefined
}

/**
 * How many corpus processes run at once across all the cases of the file (the cases run
 * concurrently; this bounds the machine's load): one per core, plus one to cover start-up waits.
 */
export const PROCESS_SLOTS = availableParallelism() + 1
let running = 0
const waiting: Array<() => void> = []

async function inSlot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= PROCESS_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await task()
  } finally {
    running--
    waiting.shift()?.()
  }
}

export function runBinary(args: string[], options: {cwd: string; input?: string | Buffer}): Promise<CorpusRun> {
  expectFreshBuild()
  return inSlot(() => spawnBinary(args, options))
}

function spawnBinary(args: string[], options: {cwd: string; input?: string | Buffer}): Promise<CorpusRun> {
  return new Promise((resolve, reject) => {
    // ACKNET_NO_CACHE: the corpus must not write the compiled-model cache (nor read the user's)
    const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', ACKNET_NO_CACHE: '1', NODE_OPTIONS: `--require ${PROBE} --max-old-space-size=${MEMORY_LIMIT_MB}`}
    delete env.FORCE_COLOR
    delete env.ACKNET_DEBUG
    const child = spawn(process.execPath, [BIN, ...args], {cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe', 'pipe']})
    const out: Buffer[] = []
    const err: Buffer[] = []
    const probe: Buffer[] = []
    let outBytes = 0
    child.stdout!.on('data', (chunk: Buffer) => {
      // keep at most 4 MB of stdout: enough to parse any JSON answer the corpus produces
      if (outBytes < 4 * 1024 * 1024) out.push(chunk)
      outBytes += chunk.length
    })
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk))
    ;(child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => probe.push(chunk))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, DEADLINE_MS)
    child.on('error', reject)
    child.stdin!.on('error', () => {}) // the command may exit before reading its stdin
    child.stdin!.end(options.input ?? '')
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const report = Buffer.concat(probe).toString()
      const rss = /maxrss=(\d+)/.exec(report)
      const cpu = /cpu=(\d+)/.exec(report)
      resolve({
        args,
        code,
        signal,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        maxRssMb: rss ? Number(rss[1]) / 1024 : undefined,
        cpuMs: cpu ? Number(cpu[1]) / 1000 : undefined,
      })
    })
  })
}

/** Runs tasks with at most `limit` in flight (the machine is shared: keep the fan-out small). */
export async function inBatches<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const workers = Array.from({length: Math.min(limit, items.length)}, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!)
    }
  })
  await Promise.all(workers)
  return results
}

/** Every file below `dir` with its size and mtime: a run must leave this unchanged. */
export function snapshotDir(dir: string): string[] {
  const entries: string[] = []
  const walk = (current: string, prefix: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name)
      const stats = statSync(path)
      entries.push(`${prefix}${name} ${stats.isDirectory() ? 'dir' : stats.size} ${stats.mtimeMs}`)
      if (stats.isDirectory()) walk(path, `${prefix}${name}/`)
    }
  }
  walk(dir, '')
  return entries
}

export function scratchDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `acknet-${label}-`))
}

export function removeDir(dir: string): void {
  rmSync(dir, {recursive: true, force: true})
}

/** A stack frame as Node prints it: what the user must never see without ACKNET_DEBUG=1. */
export const STACK_FRAME = /^\s+at .+/m

export {ROOT}
