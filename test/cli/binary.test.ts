import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {BIN, ROOT, runBinary, runCli} from '../helpers/cli.js'

/**
 * The few things only a real process shows (issue #18): most CLI tests run the built CLI in a
 * worker thread (runCli), so these start `node bin/run.js` itself — its exit status, the
 * --version fast path, stdin, a closed pipe — and check that both ways give the same answer.
 */
const PRODUCTION = join(ROOT, 'fixtures/production.yaml')
const allowed = ['reach', 'pod:api/orders', 'instance:pg-primary', '-f', PRODUCTION, '--port', '5432']
const denied = ['reach', 'pod:web/frontend', 'instance:pg-primary', '-f', PRODUCTION, '--port', '5432']

describe('the real binary', () => {
  it('--version answers from package.json, exit 0', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string
    const {code, stdout, stderr} = runBinary(['--version'])
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toBe(`acknet/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
  })

  it('exit status 0 for allowed, 1 for denied, 2 for a question it cannot ask', () => {
    expect(runBinary(allowed).code).toBe(0)
    expect(runBinary(denied).code).toBe(1)
    const missing = runBinary(['reach', 'internet', 'instance:pg-primary', '-f', join(ROOT, 'no-such.yaml')])
    expect(missing.code).toBe(2)
    expect(missing.stdout).toBe('')
    expect(missing.stderr).toMatch(/^error no such file: .*no-such\.yaml\n$/)
  })

  it('gives the same output as the in-process runner', () => {
    for (const args of [[...denied, '--json'], ['lint', PRODUCTION, '--format', 'json'], ['cidr', 'info', '10.0.0.0/8']]) {
      const binary = runBinary(args)
      const inProcess = runCli(args)
      expect(inProcess).toEqual(binary)
    }
  })

  it('help, a bare topic and an unknown command go through oclif', () => {
    const help = runBinary(['reach', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/EXAMPLES/)
    const topic = runBinary(['cidr'])
    expect(topic.code).toBe(0)
    expect(topic.stdout).toMatch(/cidr info/)
    const unknown = runBinary(['no-such-command'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/command no-such-command not found/)
  })

  it('a topic:command id is dispatched by oclif (Command.run) and answers as the direct path does', () => {
    // bin/run.js dispatches `cidr info` itself; oclif's Config.runCommand runs `cidr:info` through
    // the static run of src/cli/command.ts with its own loaded configuration
    const answers = [['10.0.0.0/8', '--json'], ['--nope']].map((tail) => {
      const viaOclif = runBinary(['cidr:info', ...tail])
      // the direct path in-process: the test above holds it to the binary's output
      expect(viaOclif).toEqual(runCli(['cidr', 'info', ...tail]))
      return viaOclif
    })
    expect(answers[0]!.code).toBe(0)
    expect(JSON.parse(answers[0]!.stdout).prefix).toBe(8)
    expect(answers[1]!.code).toBe(2)
    expect(answers[1]!.stderr).toBe('error Nonexistent flag: --nope\n  See more help with --help\n')
  })

  it('compiles the commands with the code cache the build trained, and answers the same without it', () => {
    // scripts/train-code-cache.mjs wrote it for this Node; a V8 flag changes V8's flag hash, so V8
    // refuses the cache and the script compiles from source
    const probe = (nodeFlags: string[]) => {
      const script = `const cli = require(${JSON.stringify(join(ROOT, 'dist/cli/load.cjs'))}).loadCli(); cli.main(process.argv.slice(1), ${JSON.stringify(ROOT)}).then(() => process.stderr.write('code cache: ' + cli.codeCache + '\\n'))`
      const result = spawnSync(process.execPath, [...nodeFlags, '-e', script, ...denied, '--json'], {cwd: ROOT, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', ACKNET_NO_CACHE: '1'}})
      return {code: result.status, stdout: result.stdout, stderr: result.stderr}
    }
    const cached = probe([])
    expect(cached.stderr).toBe('code cache: accepted\n')
    const refused = probe(['--no-opt'])
    expect(refused.stderr).toBe('code cache: rejected\n')
    expect(refused.stdout).toBe(cached.stdout)
    expect(cached.code).toBe(1)
    expect(JSON.parse(cached.stdout).verdict).toBe('denied')
  })

  it('reads a topology from stdin (-), manifests relative to the working directory', () => {
    const {code, stdout} = runBinary(['reach', 'pod:api/orders', 'instance:pg-primary', '-f', '-', '--port', '5432', '--json'], {input: readFileSync(PRODUCTION, 'utf8'), cwd: join(ROOT, 'fixtures')})
    expect(code).toBe(0)
    expect(JSON.parse(stdout).verdict).toBe('allowed')
  })

  it('a reader that closes the pipe early ends the command quietly with its own status', () => {
    const run = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} ${denied.map((arg) => JSON.stringify(arg)).join(' ')} | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], {encoding: 'utf8', env: {...process.env, ACKNET_NO_CACHE: '1', NO_COLOR: '1'}})
    expect(run.stdout.trim()).toBe('1')
    expect(run.stderr).toBe('')
  })
})
