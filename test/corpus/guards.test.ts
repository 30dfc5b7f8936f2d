import {spawnSync} from 'node:child_process'
import {existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {reportError} from '../../src/cli/report-error.js'
import {AcknetError} from '../../src/errors.js'
import {BIN, ROOT, runCli} from '../helpers/cli.js'
import {removeDir, scratchDir, STACK_FRAME} from './harness.js'

/**
 * Global guards (issue #9): the top-level error handlers, EPIPE on stdout, and the promise that
 * `--output FILE` never overwrites without --force and never leaves a half-written file.
 */

const INJECT = fileURLToPath(new URL('./inject-failure.cjs', import.meta.url))
const fixture = (path: string) => join(ROOT, 'fixtures', path)

function captured(): {stream: NodeJS.WritableStream; text: () => string} {
  const chunks: string[] = []
  const stream = {write: (chunk: string) => chunks.push(String(chunk)) > 0} as unknown as NodeJS.WritableStream
  return {stream, text: () => chunks.join('')}
}

describe('reportError (the handler every command and bin/run.js use)', () => {
  const withDebug = <T>(value: string | undefined, fn: () => T): T => {
    const saved = process.env.ACKNET_DEBUG
    if (value === undefined) delete process.env.ACKNET_DEBUG
    else process.env.ACKNET_DEBUG = value
    try {
      return fn()
    } finally {
      if (saved === undefined) delete process.env.ACKNET_DEBUG
      else process.env.ACKNET_DEBUG = saved
    }
  }

  it('turns an unexpected error into exit 2, "this is a bug" and the ACKNET_DEBUG hint, without a stack', () => {
    const out = captured()
    const code = withDebug(undefined, () => reportError(new TypeError("Cannot read properties of undefined (reading 'cidr')"), out.stream))
    expect(code).toBe(2)
    expect(out.text()).toBe("error internal error: Cannot read properties of undefined (reading 'cidr')\n  this is a bug in acknet; run again with ACKNET_DEBUG=1 to see the stack trace, and report it\n")
  })

  it('prints the stack only with ACKNET_DEBUG=1', () => {
    const out = captured()
    withDebug('1', () => reportError(new Error('boom'), out.stream))
    expect(out.text()).toMatch(STACK_FRAME)
    const quiet = captured()
    withDebug('0', () => reportError(new Error('boom'), quiet.stream))
    expect(quiet.text()).not.toMatch(STACK_FRAME)
  })

  it('keeps an AcknetError\'s exit code and prints file:line:column', () => {
    const out = captured()
    const code = reportError(new AcknetError('bad CIDR', {exitCode: 1, position: {file: 't.yaml', line: 3, column: 9}, hints: ['try 10.0.0.0/16']}), out.stream)
    expect(code).toBe(1)
    expect(out.text()).toBe('error t.yaml:3:9: bad CIDR\n  try 10.0.0.0/16\n')
  })

  it('survives values that are not errors: undefined, strings, null-prototype objects, symbols', () => {
    for (const value of [undefined, null, 'text', 42, Symbol('s'), Object.create(null), {message: 5}]) {
      const out = captured()
      expect(reportError(value, out.stream)).toBe(2)
      expect(out.text()).toMatch(/^error internal error: .*\n {2}this is a bug/)
    }
  })

  it('maps oclif parse errors to exit 2 (and a clean exit to 0)', () => {
    const out = captured()
    expect(reportError(Object.assign(new Error('Missing required flag file'), {oclif: {exit: 2}}), out.stream)).toBe(2)
    expect(out.text()).toBe('error Missing required flag file\n')
    expect(reportError(Object.assign(new Error('EEXIT: 0'), {oclif: {exit: 0}}), captured().stream)).toBe(0)
  })
})

describe('global handlers in the real binary (fault injected by a test-only preload)', () => {
  const inject = (mode: string, args: string[], debug?: string) =>
    runCli(args, {env: {NODE_OPTIONS: `--require ${INJECT}`, ACKNET_TEST_INJECT: mode, ACKNET_DEBUG: debug}})

  it('an internal error inside a command: exit 2, one "this is a bug" message, no stack', () => {
    const result = inject('stdout-throws', ['cidr', 'info', '10.0.0.0/16'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('error internal error: injected failure in stdout.write\n  this is a bug in acknet; run again with ACKNET_DEBUG=1 to see the stack trace, and report it\n')
  })

  it('the same with ACKNET_DEBUG=1 shows the stack', () => {
    const result = inject('stdout-throws', ['cidr', 'info', '10.0.0.0/16'], '1')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/injected failure in stdout\.write/)
    expect(result.stderr).toMatch(STACK_FRAME)
  })

  it('an error thrown outside the command (a timer): exit 2, one message, no stack', () => {
    const result = inject('timer-throws', ['cidr', 'info', '10.0.0.0/16'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error internal error: injected failure in a timer\n {2}this is a bug/)
    expect(result.stderr).not.toMatch(STACK_FRAME)
  })
})

describe('stdout closed early (EPIPE)', () => {
  const pipeToHead = (args: string) => {
    const dir = scratchDir('epipe')
    try {
      const script = `node ${JSON.stringify(BIN)} ${args} 2>${JSON.stringify(join(dir, 'err'))} | head -1; echo "\${PIPESTATUS[0]}" >${JSON.stringify(join(dir, 'rc'))}`
      const shell = spawnSync('bash', ['-c', script], {cwd: ROOT, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', ACKNET_NO_CACHE: '1'}, timeout: 60_000})
      return {head: shell.stdout, stderr: readFileSync(join(dir, 'err'), 'utf8'), code: Number(readFileSync(join(dir, 'rc'), 'utf8').trim())}
    } finally {
      removeDir(dir)
    }
  }

  it('acknet cidr split 10.0.0.0/8 --prefix 24 | head -1 exits quietly', () => {
    const result = pipeToHead('cidr split 10.0.0.0/8 --prefix 24')
    expect(result.head).toMatch(/10\.0\.0\.0\/8/)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it('the same for --json output and for lint', () => {
    for (const args of ['cidr split 10.0.0.0/8 --prefix 24 --json', `lint ${JSON.stringify(fixture('production.yaml'))} --format json`]) {
      const result = pipeToHead(args)
      expect(result.stderr, args).not.toMatch(STACK_FRAME)
      expect(result.stderr, args).toBe('')
      expect([0, 1], args).toContain(result.code)
    }
  })
})

/**
 * Every command with `--output FILE`: refuses to replace an existing file without --force,
 * replaces it with --force through a rename (a new inode: never a half-written file in place),
 * leaves no temporary file behind, and reports a missing directory as exit 2.
 */
const WRITERS: Array<{name: string; args: (out: string) => string[]; exit: number; content: RegExp}> = [
  {name: 'lint', args: (out) => ['lint', fixture('mistakes.yaml'), '--format', 'json', '--output', out], exit: 1, content: /"findings"/},
  {name: 'schema', args: (out) => ['schema', '--output', out], exit: 0, content: /"\$schema"/},
  {name: 'import terraform', args: (out) => ['import', 'terraform', fixture('import/terraform-state.json'), '--output', out], exit: 0, content: /apiVersion: acknet\/v1/},
  {
    name: 'import aliyun',
    args: (out) => {
      const dir = fixture('import/aliyun')
      return ['import', 'aliyun', '--vpc', join(dir, 'vpcs.json'), '--vswitches', join(dir, 'vswitches.json'), '--security-groups', join(dir, 'security-groups.json'), '--route-tables', join(dir, 'route-tables.json'), '--instances', join(dir, 'instances.json'), '--nat', join(dir, 'nat-gateways.json'), '--slb', join(dir, 'load-balancers.json'), '--output', out]
    },
    exit: 0,
    content: /apiVersion: acknet\/v1/,
  },
]

describe('--output never overwrites without --force, and writes atomically', () => {
  for (const writer of WRITERS) {
    const commandFile = join(ROOT, 'dist', 'commands', ...writer.name.split(' ')) + '.js'
    it.skipIf(!existsSync(commandFile))(`${writer.name} --output`, () => {
      const dir = scratchDir('output')
      try {
        const out = join(dir, 'report.out')
        // 1. a new file: written, nothing else in the directory (the cwd is the same directory)
        const fresh = runCli(writer.args(out), {cwd: dir})
        expect(fresh.code, fresh.stderr).toBe(writer.exit)
        expect(fresh.stdout).toBe('')
        expect(readFileSync(out, 'utf8')).toMatch(writer.content)
        expect(readdirSync(dir)).toEqual(['report.out'])

        // 2. it exists now: refused without --force, file and directory untouched
        writeFileSync(out, 'keep me\n')
        const before = statSync(out)
        const refused = runCli(writer.args(out), {cwd: dir})
        expect(refused.code).toBe(2)
        expect(refused.stderr).toMatch(/already exists.*--force/)
        expect(refused.stderr).not.toMatch(STACK_FRAME)
        expect(readFileSync(out, 'utf8')).toBe('keep me\n')
        expect(statSync(out).mtimeMs).toBe(before.mtimeMs)
        expect(readdirSync(dir)).toEqual(['report.out'])

        // 3. --force: replaced by a rename (new inode), no temporary file left
        const forced = runCli([...writer.args(out), '--force'], {cwd: dir})
        expect(forced.code, forced.stderr).toBe(writer.exit)
        expect(readFileSync(out, 'utf8')).toMatch(writer.content)
        expect(statSync(out).ino).not.toBe(before.ino)
        expect(readdirSync(dir)).toEqual(['report.out'])

        // 4. a directory that does not exist: exit 2, one message, nothing created
        const missing = runCli(writer.args(join(dir, 'no-such-dir', 'x.out')), {cwd: dir})
        expect(missing.code).toBe(2)
        expect(missing.stderr).toMatch(/^error .*no-such-dir/m)
        expect(missing.stderr).not.toMatch(STACK_FRAME)
        expect(readdirSync(dir)).toEqual(['report.out'])

        // 5. the path is a directory: exit 2, the directory untouched
        mkdirSync(join(dir, 'sub'))
        const isDir = runCli([...writer.args(join(dir, 'sub')), '--force'], {cwd: dir})
        expect(isDir.code).toBe(2)
        expect(isDir.stderr).not.toMatch(STACK_FRAME)
        expect(readdirSync(join(dir, 'sub'))).toEqual([])
        expect(readdirSync(dir).sort()).toEqual(['report.out', 'sub'])
      } finally {
        removeDir(dir)
      }
    })
  }
})

/**
 * Issue #15: --output writes only regular files. Shown with `schema --output` (every writer shares
 * src/cli/write-file.ts); the special files are made by the test.
 */
describe.skipIf(process.platform === 'win32')('--output refuses FIFOs, devices and symlinks it should not follow', () => {
  const write = (out: string, force = false) => runCli(['schema', '--output', out, ...(force ? ['--force'] : [])], {timeoutMs: 60_000})
  const expectRefused = (result: ReturnType<typeof runCli>, message: RegExp) => {
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toMatch(STACK_FRAME)
  }

  it('a FIFO or a device, --force or not: exit 2 at once, the node untouched, no temporary file', () => {
    const dir = scratchDir('output-special')
    try {
      const fifo = join(dir, 'fifo.json')
      spawnSync('mkfifo', [fifo])
      for (const force of [false, true]) expectRefused(write(fifo, force), /^error cannot write .*fifo\.json: it is a FIFO \(named pipe\); --output writes only regular files/)
      expect(lstatSync(fifo).isFIFO()).toBe(true)
      if (existsSync('/dev/null')) expectRefused(write('/dev/null', true), /^error cannot write \/dev\/null: it is a character device; --output writes only regular files/)
      expect(readdirSync(dir)).toEqual(['fifo.json'])
    } finally {
      removeDir(dir)
    }
  })

  it('a dangling symlink is refused with or without --force; a link to a FIFO too', () => {
    const dir = scratchDir('output-link')
    try {
      symlinkSync(join(dir, 'nowhere', 'x.json'), join(dir, 'dangling.json'))
      for (const force of [false, true]) expectRefused(write(join(dir, 'dangling.json'), force), /it is a symbolic link to nothing/)
      expect(readlinkSync(join(dir, 'dangling.json'))).toBe(join(dir, 'nowhere', 'x.json'))
      spawnSync('mkfifo', [join(dir, 'fifo')])
      symlinkSync(join(dir, 'fifo'), join(dir, 'to-fifo.json'))
      expectRefused(write(join(dir, 'to-fifo.json'), true), /it is a symbolic link to a FIFO \(named pipe\)/)
      expect(readdirSync(dir).sort()).toEqual(['dangling.json', 'fifo', 'to-fifo.json'])
    } finally {
      removeDir(dir)
    }
  })

  it('a symlink to a regular file: refused without --force; with --force the link is replaced, its target kept', () => {
    const dir = scratchDir('output-link')
    try {
      writeFileSync(join(dir, 'target.json'), 'keep me\n')
      symlinkSync(join(dir, 'target.json'), join(dir, 'link.json'))
      expectRefused(write(join(dir, 'link.json')), /link\.json already exists \(a symbolic link\); pass --force/)
      const forced = write(join(dir, 'link.json'), true)
      expect(forced.code, forced.stderr).toBe(0)
      expect(lstatSync(join(dir, 'link.json')).isFile()).toBe(true)
      expect(readFileSync(join(dir, 'link.json'), 'utf8')).toMatch(/"\$schema"/)
      expect(readFileSync(join(dir, 'target.json'), 'utf8')).toBe('keep me\n')
      expect(readdirSync(dir).sort()).toEqual(['link.json', 'target.json'])
    } finally {
      removeDir(dir)
    }
  })

  it('SIGTERM in the middle of a write leaves no temporary file behind', () => {
    const dir = scratchDir('output-signal')
    try {
      // the signal arrives inside the write (a patched writeSync sends it to its own process)
      const script = `
        import fs from 'node:fs'
        import {syncBuiltinESMExports} from 'node:module'
        const original = fs.writeSync
        fs.writeSync = (...args) => { process.kill(process.pid, 'SIGTERM'); return original(...args) }
        syncBuiltinESMExports()
        const {writeFileAtomically} = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'cli', 'write-file.ts')).href)})
        writeFileAtomically(${JSON.stringify(join(dir, 'out.json'))}, 'x'.repeat(1_000_000), {force: false})
        setTimeout(() => {}, 5_000)
      `
      // the source module through tsx: dist/ is bundled per command and has no write-file.js
      const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {cwd: ROOT, encoding: 'utf8', timeout: 60_000})
      expect(result.signal, result.stderr).toBe('SIGTERM')
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    } finally {
      removeDir(dir)
    }
  })
})

describe('import inputs are hostile input too', () => {
  const corpusFile = (name: string) => fileURLToPath(new URL(`./files/${name}`, import.meta.url))

  it.skipIf(!existsSync('/dev/zero'))('import terraform /dev/zero is refused as a device without reading it: exit 2, one message', () => {
    const result = runCli(['import', 'terraform', '/dev/zero'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('error /dev/zero: is a character device, not a regular file; acknet reads only regular files (pipe data through stdin with -)\n')
  })

  it('import terraform - (stdin) still stops at the size limit', () => {
    const result = runCli(['import', 'terraform', '-'], {input: ' '.repeat(64 * 1024 * 1024 + 10), timeoutMs: 120_000})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('error -: is larger than 64 MiB, the most acknet import reads\n')
  })

  it('import kubectl refuses an alias bomb at its position', () => {
    const result = runCli(['import', 'kubectl', corpusFile('alias-bomb.yaml'), '--cluster', 'shop', '--vpc', 'prod'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/alias-bomb\.yaml:7:8: invalid JSON or YAML: aliases expand to too many nodes/)
    expect(result.stderr).not.toMatch(STACK_FRAME)
  })

  it('import terraform on 100,000-deep JSON and on binary garbage: exit 2, no stack', () => {
    const dir = scratchDir('import')
    try {
      writeFileSync(join(dir, 'deep.json'), '['.repeat(100_000) + ']'.repeat(100_000))
      writeFileSync(join(dir, 'garbage.json'), Buffer.from(Array.from({length: 4096}, (_, i) => (i * 193 + 7) % 256)))
      for (const name of ['deep.json', 'garbage.json']) {
        const result = runCli(['import', 'terraform', join(dir, name)], {cwd: dir})
        expect(result.code, name).toBe(2)
        expect(result.stderr, name).toMatch(/^error .*\.json/)
        expect(result.stderr, name).not.toMatch(STACK_FRAME)
      }
      expect(readdirSync(dir).sort()).toEqual(['deep.json', 'garbage.json'])
    } finally {
      removeDir(dir)
    }
  })
})

describe('.acknetrc.yaml comes with the repository: hostile too', () => {
  const corpusFile = (name: string) => fileURLToPath(new URL(`./files/${name}`, import.meta.url))

  it('an ignore glob built to backtrack (*a*a*a…*c) against a long directory name: answered at once', () => {
    const dir = scratchDir('rc')
    try {
      const longName = 'a'.repeat(60)
      mkdirSync(join(dir, longName))
      writeFileSync(join(dir, longName, 't.yaml'), readFileSync(corpusFile('valid-base.yaml')))
      writeFileSync(join(dir, '.acknetrc.yaml'), `ignore: ["${'*a'.repeat(30)}*c"]\n`)
      const result = runCli(['lint', '.', '--format', 'json'], {cwd: dir, timeoutMs: 60_000})
      expect(result.code, result.stderr).toBe(0)
      expect(JSON.parse(result.stdout).summary.files).toBe(1)
    } finally {
      removeDir(dir)
    }
  })

  it('ignore: globs that are invalid or too many: exit 2, one located message (issue #15)', () => {
    const dir = scratchDir('rc')
    try {
      writeFileSync(join(dir, 't.yaml'), readFileSync(corpusFile('valid-base.yaml')))
      for (const [config, message] of [
        ['rules: {}\nignore: ["gen/[z-a]/**"]\n', /^error \.acknetrc\.yaml:2:1: ignore: invalid glob "gen\/\[z-a\]\/\*\*": the range z-a is reversed/],
        ['ignore: ["gen/[abc"]\n', /^error \.acknetrc\.yaml:1:1: ignore: invalid glob .* is never closed/],
        [`ignore: [${Array.from({length: 201}, (_, i) => `g${i}`).join(', ')}]\n`, /^error \.acknetrc\.yaml:1:1: `ignore` lists 201 globs; at most 200 are allowed/],
      ] as const) {
        writeFileSync(join(dir, '.acknetrc.yaml'), config)
        const result = runCli(['lint', '.'], {cwd: dir})
        expect(result.code, result.stderr).toBe(2)
        expect(result.stderr).toMatch(message)
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
      }
    } finally {
      removeDir(dir)
    }
  })

  it('instance-types --name with an invalid class: exit 2, one message; a backtracking glob answers', () => {
    const bad = runCli(['instance-types', '--name', 'ecs.g7.[z-a]'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('error invalid glob "g7.[z-a]": the range z-a is reversed (write a-z)\n')
    const slow = runCli(['instance-types', '--name', `${'*a'.repeat(30)}*q`, '--json'])
    expect(slow.code, slow.stderr).toBe(0)
  })

  it('an alias bomb or a __proto__ rule in .acknetrc.yaml: exit 2, one located message', () => {
    const dir = scratchDir('rc')
    try {
      writeFileSync(join(dir, 't.yaml'), readFileSync(corpusFile('valid-base.yaml')))
      for (const [config, message] of [
        [readFileSync(corpusFile('alias-bomb.yaml'), 'utf8'), /^error \.acknetrc\.yaml:\d+:\d+: /],
        ['rules:\n  __proto__: off\n', /^error \.acknetrc\.yaml:2:3: unknown rule id "__proto__"/],
      ] as const) {
        writeFileSync(join(dir, '.acknetrc.yaml'), config)
        const result = runCli(['lint', 't.yaml'], {cwd: dir})
        expect(result.code).toBe(2)
        expect(result.stderr).toMatch(message)
        expect(result.stderr).not.toMatch(STACK_FRAME)
      }
    } finally {
      removeDir(dir)
    }
  })
})
