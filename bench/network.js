#!/usr/bin/env node
// Whole-network benchmark (SPEC §6, issue #16): on the synthetic xl topology at several scales,
// times `diff xl xl-edited`, `exposure` and `matrix --from '*' --to '*'` as whole processes
// (wall and CPU seconds, peak RSS via /usr/bin/time), and prints the class counts the engine
// works with (workload, ECS and internet classes) and the cost per evaluated pair.
//
//   node bench/network.js [--scales 0.1,0.2,0.5,1] [--timeout SECONDS] [--only diff,exposure,matrix]
//
// The edited copy narrows the first nodePort-range rule (30000/32767 → 30000/30100), the change
// a reviewer would want to see as ranges. A command over --timeout is reported as "over", with the
// time it was given. The machine's load is printed: on a shared machine wall time mostly measures
// the neighbours, CPU time less so.
import {spawnSync} from 'node:child_process'
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync} from 'node:fs'
import {loadavg} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {generate, toYaml} from './gen-xl.js'
import {sourceModule} from './lib/source-module.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..')
const OUT = join(HERE, 'out')
const BIN = join(ROOT, 'bin', 'run.js')
const BARS = {seconds: 10, rssMB: 1536}

function parseArgs(argv) {
  const options = {scales: [0.1, 0.2, 0.5, 1], timeout: 120, only: new Set(['diff', 'exposure', 'matrix'])}
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined]
    const value = () => inline ?? argv[++i]
    if (flag === '--scales') options.scales = value().split(',').map(Number)
    else if (flag === '--timeout') options.timeout = Number(value())
    else if (flag === '--only') options.only = new Set(value().split(','))
    else throw new Error(`unknown argument ${argv[i]}`)
  }
  return options
}

function topology(scale) {
  mkdirSync(OUT, {recursive: true})
  const file = join(OUT, `xl-${scale}.yaml`)
  const edited = join(OUT, `xl-${scale}-edited.yaml`)
  if (!existsSync(file)) {
    const {topology: t, summary} = generate({scale})
    writeFileSync(file, toYaml(t, summary))
  }
  if (!existsSync(edited)) {
    const text = readFileSync(file, 'utf8')
    if (!text.includes('ports: 30000/32767')) throw new Error('the xl topology has no 30000/32767 rule to narrow')
    writeFileSync(edited, text.replace('ports: 30000/32767', 'ports: 30000/30100'))
  }
  return {file, edited}
}

/** One process under /usr/bin/time: wall, CPU (user+sys) seconds and peak RSS; stdout is counted, not kept. */
function measure(args, timeout) {
  // stdout goes to a file, counted in pieces: the 1× matrix prints ≈ 1 GB, more than one string can hold
  const stdoutFile = join(OUT, `.stdout-${process.pid}`)
  const fd = openSync(stdoutFile, 'w')
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'timeout', String(timeout), process.execPath, BIN, ...args], {encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], maxBuffer: 1 << 26})
  closeSync(fd)
  const lines = countLines(stdoutFile)
  rmSync(stdoutFile)
  const last = result.stderr.trim().split('\n').at(-1) ?? ''
  const [wall, user, sys, rssKb] = last.split(' ').map(Number)
  if (result.status === 124) return {state: 'over', seconds: timeout}
  if (result.status !== 0 && result.status !== 1) return {state: 'failed', error: result.stderr.trim().split('\n')[0]}
  return {state: 'ok', seconds: wall, cpuSeconds: user + sys, rssMB: Math.round(rssKb / 1024), lines}
}

function countLines(file) {
  const fd = openSync(file, 'r')
  const buffer = Buffer.alloc(1 << 20)
  let lines = 0
  for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) lines++
  closeSync(fd)
  return lines
}

/** Class counts from the sources (dist/ holds one bundle per command since 0.2: bench/lib/source-module.js bundles the one module). */
async function classCounts(file) {
  const stats = await sourceModule('engine/network/stats.js')
  const {loadModelOrThrow} = await sourceModule('engine/topology/index.js')
  return stats.classCounts(loadModelOrThrow(file).model)
}

/** Seconds per pair as µs, or ns below 1 µs (diff skips most pairs: 0.25 µs would print as 0). */
function perPairText(seconds) {
  return seconds >= 1e-6 ? `${(seconds * 1e6).toFixed(0)} µs` : `${(seconds * 1e9).toFixed(0)} ns`
}

/** The SPEC §6 bar beside the measurement: it applies at 1× (at other scales it is shown for reference). */
function barText(scale, m) {
  const bar = `[bar at 1×: < ${BARS.seconds} s, < ${(BARS.rssMB / 1024).toFixed(1)} GB`
  if (scale !== 1) return `${bar}]`
  const pass = m.state === 'ok' && m.seconds < BARS.seconds && m.rssMB < BARS.rssMB
  return `${bar}: ${pass ? 'pass' : 'FAIL'}]`
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  if (!existsSync(join(ROOT, 'dist', 'commands', 'diff.js'))) throw new Error('build first: npm run build')
  console.log(`network bench — ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, bars: under ${BARS.seconds} s and ${BARS.rssMB} MB at 1×`)
  const rows = []
  for (const scale of options.scales) {
    const {file, edited} = topology(scale)
    const counts = await classCounts(file)
    const w = counts.workloads
    const e = counts.instances
    console.log(`\n${scale}×: ${w.endpoints} workloads in ${w.classes} classes (${w.replicas} replicas), ${e.endpoints} ECS in ${e.classes} classes, ${counts.pools.endpoints} node pools, ${counts.internetClasses} internet address classes; ${counts.sources} sources × ${counts.destinations} destinations`)
    const commands = {
      diff: ['diff', file, edited, '--json'],
      exposure: ['exposure', '-f', file, '--json'],
      matrix: ['matrix', '-f', file, '--from', '*', '--to', '*', '--format', 'csv'],
    }
    for (const [name, args] of Object.entries(commands)) {
      if (!options.only.has(name)) continue
      const m = measure(args, options.timeout)
      const pairs = name === 'exposure' ? counts.destinations : counts.sources * counts.destinations * (name === 'diff' ? 2 : 1)
      const perPair = m.state === 'ok' ? `${perPairText(m.cpuSeconds / pairs)} CPU per endpoint pair (${pairs.toLocaleString('en-US')})` : ''
      const text = m.state === 'ok' ? `${m.seconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU, ${m.rssMB} MB, ${m.lines} output lines; ${perPair}` : m.state === 'over' ? `over ${m.seconds} s (stopped)` : `failed: ${m.error}`
      console.log(`  ${name.padEnd(9)} ${text}  ${barText(scale, m)}`)
      rows.push({scale, name, ...m, pairs, counts})
    }
  }
  for (const name of ['diff', 'exposure', 'matrix']) {
    const points = rows.filter((r) => r.name === name && r.state === 'ok')
    if (points.length < 2) continue
    const steps = []
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]
      const b = points[i]
      const classes = (r) => r.counts.workloads.classes + r.counts.instances.classes + r.counts.pools.classes
      steps.push(`${a.scale}→${b.scale}×: CPU ${(b.cpuSeconds / a.cpuSeconds).toFixed(2)}×, classes ${(classes(b) / classes(a)).toFixed(2)}×`)
    }
    console.log(`growth ${name}: ${steps.join('; ')}`)
  }
  mkdirSync(OUT, {recursive: true})
  writeFileSync(join(OUT, 'network.json'), JSON.stringify({date: new Date().toISOString(), load: loadavg(), rows}, null, 2))
}

main().catch((error) => {
  console.error(`bench/network: ${error.message}`)
  process.exitCode = 2
})
