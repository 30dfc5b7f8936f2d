import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const SCRIPT = fileURLToPath(new URL('./oracle.py', import.meta.url))

/**
 * Sends a batch of requests to ONE python3 process running oracle.py (ipaddress) and returns
 * its answers in order.
 */
export function askPython<T = unknown>(requests: ReadonlyArray<Record<string, unknown>>): T[] {
  const input = requests.map((request) => JSON.stringify(request)).join('\n') + '\n'
  const result = spawnSync('python3', [SCRIPT], {input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024})
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`oracle.py failed (exit ${result.status}):\n${result.stderr}`)
  const lines = result.stdout.trimEnd().split('\n')
  if (lines.length !== requests.length) throw new Error(`oracle.py answered ${lines.length} of ${requests.length} requests`)
  return lines.map((line) => JSON.parse(line) as T)
}
