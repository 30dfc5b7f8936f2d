import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the real built binary (`npm run build` first) with colour off and no TTY, the way CI
 * and scripts see it.
 */
export function runCli(args: string[], options: {input?: string; env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number} = {}): CliResult {
  const env: Record<string, string | undefined> = {...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ACKNET_DEBUG: undefined, ...options.env}
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

/** Runs the CLI and parses stdout as the one JSON document `--json` promises. */
export function runJson<T = any>(args: string[], options: Parameters<typeof runCli>[1] = {}): {code: number; json: T; stderr: string} {
  const result = runCli(args, options)
  let json: T
  try {
    json = JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`)
  }
  return {code: result.code, json, stderr: result.stderr}
}
