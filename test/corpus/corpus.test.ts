import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {basename, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {expectFreshBuild} from '../helpers/cli.js'
import {csvRecord, FORGING_CHARACTER, isWorkflowCommand, runnerLines} from '../helpers/unforgeable.js'
import {GENERATORS} from './generate.js'
import {type CorpusRun, CPU_LIMIT_MS, DEADLINE_MS, MEMORY_LIMIT_MB, removeDir, ROOT, runBinary, scratchDir, snapshotDir, STACK_FRAME} from './harness.js'

/**
 * The hostile-input corpus (issue #9, SPEC §1 and §6) against the real binary: every case in
 * cases.json is linted (findings, exit 1) and handed to reach, routes, matrix and graph (exit 2
 * with one located message, or an answer for structurally valid files). Build first.
 */

interface Case {
  id: string
  file?: string
  generate?: string
  why: string
  lint: {exit: number; ruleId?: string; at?: string; message?: string}
  refuse?: {at?: string; message: string}
  answers?: Array<{args: string[]; exit: number[]; stdout?: string; stderr?: string; csvCells?: number; markdownCells?: number}>
  /** Text no run of this case may print (content of a file outside the topology's directory). */
  neverPrinted?: string
  findingCount?: {ruleId: string; count: number}
  /** Hand a refused file to all four structural commands (else one, in rotation: they share the loader). */
  allCommands?: boolean
}

/** `acknet import …` on a hostile input (issue #15): exit code, one located error, or output that stays safe. */
interface ImportCase {
  id: string
  file?: string
  generate?: string
  why: string
  /** the command; FILE stands for the input */
  args: string[]
  exit: number
  at?: string
  message?: string
  /** exit 0, and stderr and stdout carry no raw control character, no forged workflow command */
  safeOutput?: boolean
}

const HERE = fileURLToPath(new URL('.', import.meta.url))
const CASES: Case[] = JSON.parse(readFileSync(join(HERE, 'cases.json'), 'utf8')).cases
const IMPORT_CASES: ImportCase[] = JSON.parse(readFileSync(join(HERE, 'cases.json'), 'utf8')).importCases
const FILES = join(HERE, 'files')
/** A command is tested when the (fresh) build has it; a command that does not exist yet is skipped with the reason. */
const commandBuilt = (name: string) => {
  expectFreshBuild()
  return existsSync(join(ROOT, 'dist', 'commands', `${name}.js`))
}
const REFUSING_COMMANDS: Array<{name: string; args: (file: string) => string[]}> = [
  {name: 'reach', args: (file) => ['reach', 'internet', 'instance:db-1', '--port', '80', '-f', file]},
  {name: 'routes', args: (file) => ['routes', '-f', file]},
  {name: 'matrix', args: (file) => ['matrix', '-f', file]},
  {name: 'graph', args: (file) => ['graph', '-f', file]},
]

let generatedDir: string
const inputs = new Map<string, string>()

beforeAll(() => {
  generatedDir = scratchDir('corpus-input')
  for (const testCase of CASES) {
    if (testCase.generate) {
      const generator = GENERATORS[testCase.generate]
      if (!generator) throw new Error(`case ${testCase.id}: no generator ${testCase.generate}`)
      inputs.set(testCase.id, generator(generatedDir))
    } else inputs.set(testCase.id, join(FILES, testCase.file!))
  }
})

afterAll(() => removeDir(generatedDir))

/**
 * Runs one command in a fresh scratch cwd and checks the guarantees that hold for every input:
 * it ended by itself (no kill at the deadline), no stack frame, memory under the limit, exit
 * 0/1/2, and nothing written to the cwd or next to the input files.
 */
async function guardedRun(args: string[]): Promise<CorpusRun> {
  const cwd = scratchDir('corpus-cwd')
  const inputDirs = [FILES, generatedDir]
  try {
    const before = inputDirs.map(snapshotDir)
    const run = await runBinary(args, {cwd})
    const label = `acknet ${args.map((arg) => (arg.length > 80 ? basename(arg) : arg)).join(' ')}`
    expect(run.timedOut, `${label}: still running after ${DEADLINE_MS} ms (killed)`).toBe(false)
    expect(run.cpuMs, `${label}: CPU time not reported`).toBeDefined()
    expect(run.cpuMs!, `${label}: used ${run.cpuMs?.toFixed(0)} ms of CPU`).toBeLessThanOrEqual(CPU_LIMIT_MS)
    expect(run.signal, `${label}: killed by a signal`).toBeNull()
    expect(run.stderr, `${label}: stack trace on stderr`).not.toMatch(STACK_FRAME)
    expect(run.stdout, `${label}: stack trace on stdout`).not.toMatch(STACK_FRAME)
    expect(run.maxRssMb, `${label}: peak memory not reported`).toBeDefined()
    expect(run.maxRssMb!, `${label}: peak memory ${run.maxRssMb?.toFixed(0)} MB`).toBeLessThanOrEqual(MEMORY_LIMIT_MB)
    expect([0, 1, 2], `${label}: exit code ${run.code}\n${run.stderr}`).toContain(run.code)
    expect(snapshotDir(cwd), `${label}: wrote into its working directory`).toEqual([])
    expect(inputDirs.map(snapshotDir), `${label}: changed the input directories`).toEqual(before)
    expectUnforgeable(run, label)
    return run
  } finally {
    removeDir(cwd)
  }
}

/**
 * Issue #15: nothing acknet prints (none of these runs asks for `--format github`) is a GitHub
 * workflow command, and no input character can move the cursor, restyle the terminal or reorder text.
 */
export function expectUnforgeable(run: {stdout: string; stderr: string}, label: string): void {
  for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    const bad = FORGING_CHARACTER.exec(text)
    expect(bad, `${label}: ${name} holds U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 40))}`).toBeNull()
    const forged = runnerLines(text).find((line) => isWorkflowCommand(line))
    expect(forged, `${label}: ${name} line read as a workflow command`).toBeUndefined()
  }
}

/** The cells of a Markdown table row: split on pipes that are not escaped. */
function markdownRow(line: string): string[] {
  expect(line.startsWith('| ') && line.endsWith(' |'), line).toBe(true)
  return line.slice(1, -1).split(/(?<!\\)\|/)
}

/** `error FILE:LINE:COL: message`, the one line SPEC §1 promises for exit 2. */
function expectOneLocatedError(run: CorpusRun, file: string, at: string | undefined, message: string): void {
  const lines = run.stderr.trimEnd().split('\n')
  const first = lines[0]!
  expect(first.startsWith('error '), `stderr should start with "error ": ${first.slice(0, 300)}`).toBe(true)
  expect(first.length, 'one clear message, not a wall of text').toBeLessThan(1200)
  expect(lines.slice(1).every((line) => line.startsWith('  ')), `extra stderr lines must be indented hints:\n${run.stderr.slice(0, 2000)}`).toBe(true)
  const location = at ? `:${at}: ` : ':\\d+:\\d+: '
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  expect(first).toMatch(new RegExp(`${escaped}${location}`))
  expect(first).toMatch(new RegExp(message))
}

/** The structural commands a refused case is handed to: all four, or one in rotation. */
function refusingCommandsFor(testCase: Case, index: number) {
  return testCase.allCommands ? REFUSING_COMMANDS : [REFUSING_COMMANDS[index % REFUSING_COMMANDS.length]!]
}

describe('hostile input corpus (test/corpus/cases.json)', () => {
  it('has a file or generator for every case, and unique ids', () => {
    const ids = new Set<string>()
    for (const testCase of CASES) {
      expect(ids.has(testCase.id), `duplicate id ${testCase.id}`).toBe(false)
      ids.add(testCase.id)
      expect(existsSync(inputs.get(testCase.id)!), testCase.id).toBe(true)
      expect(Boolean(testCase.refuse) !== Boolean(testCase.answers), `${testCase.id}: give either refuse or answers`).toBe(true)
    }
  })

  // the cases run concurrently; harness.ts bounds how many processes run at once (PROCESS_SLOTS)
  CASES.forEach((testCase, index) => {
    const refusers = testCase.refuse ? refusingCommandsFor(testCase, index) : []
    const names = ['lint', ...refusers.map((command) => command.name), ...(testCase.answers ?? []).map((answer) => answer.args[0]!)]
    it.concurrent(`${testCase.id} (${testCase.why}): ${[...new Set(names)].join(', ')}`, {timeout: 300_000}, async () => {
      const file = inputs.get(testCase.id)!
      const jobs: Array<() => Promise<void>> = [() => checkLint(testCase, file)]
      if (testCase.neverPrinted) jobs.push(() => checkNeverPrinted(testCase.neverPrinted!, file))
      for (const command of refusers) {
        if (!commandBuilt(command.name)) {
          console.warn(`corpus ${testCase.id}: ${command.name} skipped: dist/commands/${command.name}.js does not exist`)
          continue
        }
        jobs.push(async () => {
          const run = await guardedRun(command.args(file))
          expect(run.code, `${command.name}: ${run.stderr}`).toBe(2)
          expect(run.stdout).toBe('')
          expectOneLocatedError(run, basename(file), testCase.refuse!.at, testCase.refuse!.message)
        })
      }
      for (const answer of testCase.answers ?? []) {
        if (!commandBuilt(answer.args[0]!)) {
          console.warn(`corpus ${testCase.id}: ${answer.args[0]} skipped: its command file does not exist`)
          continue
        }
        jobs.push(async () => {
          const run = await guardedRun([...answer.args, '-f', file])
          expect(answer.exit, `${answer.args.join(' ')}: exit ${run.code}\n${run.stderr}`).toContain(run.code)
          if (answer.stdout) expect(run.stdout, answer.args.join(' ')).toMatch(new RegExp(answer.stdout))
          if (answer.stderr) expect(run.stderr, answer.args.join(' ')).toMatch(new RegExp(answer.stderr))
          if (run.code === 2) expect(run.stderr.split('\n')[0]).toMatch(/^error /)
          const rows = run.stdout.trimEnd().split('\n')
          if (answer.csvCells) for (const row of rows) expect(csvRecord(row), row).toHaveLength(answer.csvCells)
          if (answer.csvCells) for (const cell of rows.flatMap(csvRecord)) expect(cell, 'a cell a spreadsheet would evaluate').not.toMatch(/^[=+\-@\t\r]/)
          if (answer.markdownCells) for (const row of rows.filter((line) => !/^\|(-+\|)+$/.test(line))) expect(markdownRow(row), row).toHaveLength(answer.markdownCells)
        })
      }
      await Promise.all(jobs.map((job) => job()))
    })
  })
})

/** lint (stylish and JSON) and reach must not echo `text`, e.g. from a file they refused to read. */
async function checkNeverPrinted(text: string, file: string): Promise<void> {
  for (const args of [['lint', file], ['lint', file, '--format', 'json'], ['reach', 'internet', 'instance:db-1', '--port', '80', '-f', file]]) {
    const run = await guardedRun(args)
    expect(run.stdout + run.stderr, `${args.join(' ')} printed ${text}`).not.toContain(text)
  }
}

async function checkLint(testCase: Case, file: string): Promise<void> {
  const run = await guardedRun(['lint', file, '--format', 'json'])
  expect(run.code, run.stderr).toBe(testCase.lint.exit)
  const report = JSON.parse(run.stdout) as {findings: Array<{ruleId: string; line: number; column: number; message: string; file: string; path: string}>; summary: {errors: number}}
  if (testCase.lint.exit === 0) {
    expect(report.summary.errors).toBe(0)
    return
  }
  const {ruleId, at, message} = testCase.lint
  const matching = report.findings.filter((finding) => finding.ruleId === ruleId && (!at || `${finding.line}:${finding.column}` === at) && (!message || new RegExp(message).test(finding.message)))
  expect(matching, `no ${ruleId} finding at ${at ?? 'any place'} matching /${message}/ in:\n${JSON.stringify(report.findings, null, 1).slice(0, 4000)}`).not.toHaveLength(0)
  for (const finding of report.findings) {
    expect(finding.line).toBeGreaterThanOrEqual(1)
    expect(finding.column).toBeGreaterThanOrEqual(1)
    expect(finding.message.length).toBeLessThanOrEqual(500)
  }
  if (testCase.findingCount) expect(report.findings.filter((finding) => finding.ruleId === testCase.findingCount!.ruleId)).toHaveLength(testCase.findingCount.count)
}

describe('hostile import inputs (test/corpus/cases.json importCases)', () => {
  for (const testCase of IMPORT_CASES) {
    it(`${testCase.id} (${testCase.why})`, {timeout: 120_000}, async () => {
      expect(commandBuilt('import/aliyun'), 'build first: dist/commands/import/aliyun.js').toBe(true)
      const dir = scratchDir('corpus-import')
      try {
        const file = testCase.generate ? GENERATORS[testCase.generate]!(dir) : join(FILES, testCase.file!)
        const run = await guardedRun(testCase.args.map((arg) => (arg === 'FILE' ? file : arg)))
        expect(run.code, run.stderr).toBe(testCase.exit)
        if (testCase.exit === 2) expectOneLocatedError(run, basename(file), testCase.at, testCase.message!)
        if (testCase.safeOutput) {
          // nothing from the input can start a line (a GitHub annotation) or reach the terminal raw
          for (const stream of [run.stderr, run.stdout]) {
            expect(stream).not.toMatch(/^\s*::(error|warning|notice)/m)
            expect(stream).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
          }
          expect(run.stderr).toMatch(/\\n::error file=src\/app\.ts,line=1::pwned\\u001b\[2J/)
          const vpcs = (await import('js-yaml')).default.load(run.stdout) as {vpcs: Array<{cidr: string}>}
          expect(vpcs.vpcs.map((vpc) => vpc.cidr).sort()).toEqual(['10.0.0.0/16', '192.168.0.0/16'])
        }
      } finally {
        removeDir(dir)
      }
    })
  }
})

describe('stdin and special files', () => {
  it('lint - reads at most the size limit from an endless stdin-like input', {timeout: 120_000}, async () => {
    const dir = scratchDir('corpus-stdin')
    try {
      mkdirSync(join(dir, 'x'))
      // 20 MB of zeros on stdin: the reader stops at 16 MiB + 1 and reports it
      const run = await runBinary(['lint', '-', '--format', 'json'], {cwd: dir, input: '\0'.repeat(20 * 1024 * 1024)})
      expect(run.timedOut).toBe(false)
      expect(run.code, run.stderr).toBe(1)
      expect(JSON.parse(run.stdout).findings[0]).toMatchObject({ruleId: 'yaml-syntax', file: '<stdin>', line: 1, column: 1})
      expect(run.maxRssMb!).toBeLessThanOrEqual(MEMORY_LIMIT_MB)
    } finally {
      removeDir(dir)
    }
  })

  it('Latin-1 bytes and an alias bomb on stdin: located findings for lint, exit 2 for reach', {timeout: 120_000}, async () => {
    const dir = scratchDir('corpus-stdin')
    try {
      const latin1 = Buffer.from('apiVersion: acknet/v1\n# caf\xe9\n', 'latin1')
      const linted = await runBinary(['lint', '-', '--format', 'json'], {cwd: dir, input: latin1})
      expect(linted.code, linted.stderr).toBe(1)
      expect(JSON.parse(linted.stdout).findings[0]).toMatchObject({ruleId: 'yaml-syntax', file: '<stdin>', line: 2, column: 6})
      const bomb = readFileSync(join(FILES, 'alias-bomb.yaml'))
      const reached = await runBinary(['reach', 'internet', 'instance:db-1', '--port', '80', '-f', '-'], {cwd: dir, input: bomb})
      expect(reached.code).toBe(2)
      expect(reached.stderr).toMatch(/^error <stdin>:7:8: aliases expand to too many nodes/)
      expect(reached.stderr).not.toMatch(STACK_FRAME)
      expect(snapshotDir(dir)).toEqual([])
    } finally {
      removeDir(dir)
    }
  })

  it.skipIf(!existsSync('/dev/zero'))('routes -f /dev/zero is refused as a device, without reading it', {timeout: 120_000}, async () => {
    const run = await guardedRun(['routes', '-f', '/dev/zero'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('error cannot read /dev/zero: is a character device, not a regular file; acknet reads only regular files (pipe data through stdin with -)\n')
  })
})

/**
 * Issue #15: every file acknet reads (topology, .acknetrc.yaml, manifests, import input) goes
 * through one reader that refuses FIFOs and devices, also behind a symlink, and never blocks
 * opening a FIFO. These inputs cannot live in git, so the test makes them.
 */
describe.skipIf(process.platform === 'win32' || !existsSync('/dev/zero'))('FIFOs, devices and symlinks to them', () => {
  let dir: string
  beforeAll(() => {
    dir = scratchDir('corpus-special')
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')])
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'))
    writeFileSync(join(dir, 'topology.yaml'), readFileSync(join(FILES, 'valid-base.yaml')))
  })
  afterAll(() => removeDir(dir))

  const special = [
    ['fifo.yaml', 'is a FIFO \\(named pipe\\), not a regular file'],
    ['zero.yaml', 'is a character device, not a regular file'],
  ] as const

  it.each(special)('reach, routes and import refuse %s at once (no hang, no read)', {timeout: 120_000}, async (name, message) => {
    for (const args of [['reach', 'internet', 'instance:db-1', '--port', '80', '-f', join(dir, name)], ['routes', '-f', join(dir, name)], ['import', 'terraform', join(dir, name)]]) {
      const run = await runBinary(args, {cwd: dir})
      expect(run.timedOut, args.join(' ')).toBe(false)
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2)
      expect(run.stderr.split('\n').filter(Boolean), run.stderr).toHaveLength(1)
      expect(run.stderr).toMatch(new RegExp(`^error .*${name}.*${message}`))
      expect(run.stderr).not.toMatch(STACK_FRAME)
      expect(run.maxRssMb!).toBeLessThan(200)
    }
  })

  it.each(special)('.acknetrc.yaml that is %s: lint exits 2 with one message', {timeout: 120_000}, async (name, message) => {
    const project = scratchDir('corpus-rc')
    try {
      writeFileSync(join(project, 't.yaml'), readFileSync(join(FILES, 'valid-base.yaml')))
      symlinkSync(join(dir, name), join(project, '.acknetrc.yaml'))
      const run = await runBinary(['lint', 't.yaml'], {cwd: project})
      expect(run.timedOut).toBe(false)
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toMatch(new RegExp(`^error \\.acknetrc\\.yaml: cannot read lint config: ${message}`))
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    } finally {
      removeDir(project)
    }
  })

  it('manifests: and lint DIR never pick a FIFO or a device, even named *.yaml', {timeout: 120_000}, async () => {
    const project = scratchDir('corpus-manifests')
    try {
      mkdirSync(join(project, 'k8s'))
      execFileSync('mkfifo', [join(project, 'k8s', 'fifo.yaml')])
      symlinkSync('/dev/zero', join(project, 'k8s', 'zero.yaml'))
      execFileSync('mkfifo', [join(project, 'walked.yaml')])
      writeFileSync(join(project, 't.yaml'), readFileSync(join(FILES, 'valid-base.yaml'), 'utf8').replace('    serviceCidr: 172.21.0.0/20\n', '    serviceCidr: 172.21.0.0/20\n    manifests: ["k8s/*.yaml"]\n'))
      const run = await runBinary(['lint', '.', '--format', 'json'], {cwd: project})
      expect(run.timedOut).toBe(false)
      expect(run.code, run.stderr).toBe(1)
      const report = JSON.parse(run.stdout) as {findings: Array<{ruleId: string; message: string; file: string}>; summary: {files: number}}
      expect(report.summary.files).toBe(1)
      expect(report.findings).toEqual([expect.objectContaining({ruleId: 'schema', file: 't.yaml', message: expect.stringMatching(/"k8s\/\*\.yaml" matches no file/)})])
    } finally {
      removeDir(project)
    }
  })
})

describe('file names are input too', () => {
  it('a walked file named "x\\n::error …" gives one annotation per finding in --format github and a clean stylish report', {timeout: 120_000}, async () => {
    const project = scratchDir('corpus-names')
    try {
      const hostile = 'x\n::error file=forged.yaml,line=1::pwned\u001b[2J\u202e.yaml'
      writeFileSync(join(project, hostile), readFileSync(join(FILES, 'control-chars-in-names.yaml')))
      const github = await runBinary(['lint', '.', '--format', 'github'], {cwd: project})
      expect(github.code, github.stderr).toBe(1)
      const lines = github.stdout.trimEnd().split('\n')
      const json = JSON.parse((await runBinary(['lint', '.', '--format', 'json'], {cwd: project})).stdout) as {findings: unknown[]}
      // every line the runner would read as a command is one the tool meant: one per finding, well-formed
      expect(lines.filter((line) => /^\s*(::|##\[)/.test(line))).toHaveLength(json.findings.length)
      for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,:\r\n]+,line=\d+,col=\d+,title=[a-z-]+::[^\r\n]+$/)
      expect(lines[0]).toContain('file=x%0A%3A%3Aerror file=forged.yaml%2Cline=1%3A%3Apwned')
      const stylish = await runBinary(['lint', '.'], {cwd: project})
      expect(stylish.code).toBe(1)
      expectUnforgeable(stylish, 'lint . (stylish)')
      expect(stylish.stdout).toContain('x\\n::error file=forged.yaml,line=1::pwned\\u001b[2J\\u202e.yaml')
    } finally {
      removeDir(project)
    }
  })
})
