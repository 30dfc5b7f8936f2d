#!/usr/bin/env node
// In-process timing of the load pipeline on an xl file, phase by phase, from the sources (bundled per module by bench/lib/source-module.js)
// (run `npm run build` first). Where a whole-process number in `npm run bench` is too slow, this
// says which phase to profile. Phases whose module does not exist yet are reported as missing.
//
//   node bench/phases.js [--scale 1] [--runs 5] [--json]
import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {generate, toYaml} from './gen-xl.js'
import {sourceModule} from './lib/source-module.js'
import {mkdirSync, writeFileSync} from 'node:fs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..')

function parseArgs(argv) {
  const options = {scale: 1, runs: 5, json: false}
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined]
    const value = () => inline ?? argv[++i]
    if (flag === '--scale') options.scale = Number(value())
    else if (flag === '--runs') options.runs = Number(value())
    else if (flag === '--json') options.json = true
    else throw new Error(`unknown argument ${argv[i]}`)
  }
  return options
}

async function optionalImport(path) {
  return sourceModule(path)
}

/** A minimal RuleContext, like lint/run.js makes (findings are built but not kept). */
function ruleContext(loaded) {
  return {
    ruleId: 'bench', severity: 'error',
    finding: (source, subpath, message) => ({ruleId: 'bench', message, file: loaded.file, line: 1, column: 1, path: subpath}),
    raw: () => undefined,
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]

/**
 * Times fn: the first (cold) call and the median of the next `runs` calls, in CPU time of this
 * process (user + system), which other processes on a busy machine disturb far less than wall time.
 */
function time(fn, runs) {
  const cpuMs = () => {
    const usage = process.cpuUsage()
    return (usage.user + usage.system) / 1000
  }
  let start = cpuMs()
  let result = fn()
  const cold = cpuMs() - start
  const warm = []
  for (let i = 0; i < runs; i++) {
    start = cpuMs()
    result = fn()
    warm.push(cpuMs() - start)
  }
  return {cold, warm: median(warm), result}
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const file = join(HERE, 'out', `xl-${options.scale}.yaml`)
  if (!existsSync(file)) {
    const {topology, summary} = generate({scale: options.scale})
    mkdirSync(dirname(file), {recursive: true})
    writeFileSync(file, toYaml(topology, summary))
  }
  const text = readFileSync(file, 'utf8')
  const rows = []
  const add = (phase, measurement, note = '') => rows.push({phase, coldMs: measurement?.cold, warmMs: measurement?.warm, note})

  const jsYaml = (await import('js-yaml')).default
  add('js-yaml load (no listener)', time(() => jsYaml.load(text), options.runs))
  add('js-yaml load + empty listener', time(() => jsYaml.load(text, {listener() {}}), options.runs))

  const yamlModule = await optionalImport('engine/topology/yaml.js')
  let data
  if (yamlModule?.parseYaml) {
    const m = time(() => yamlModule.parseYaml(file, text), options.runs)
    data = m.result.documents[0]
    add('parseYaml (positions built lazily)', m, `${m.result.findings.length} findings`)
    add('parseYaml (positions: eager, as lint)', time(() => yamlModule.parseYaml(file, text, {positions: 'eager'}), options.runs))
  } else add('parseYaml', undefined, 'missing')

  const schemaModule = await optionalImport('engine/topology/schema.js')
  if (schemaModule?.TopologySchema && data) {
    const m = time(() => schemaModule.TopologySchema.safeParse(data), options.runs)
    add('zod TopologySchema.safeParse', m, m.result.success ? 'valid' : `${m.result.error.issues.length} issues`)
  } else add('zod schema', undefined, 'missing')

  const loadModule = await optionalImport('engine/topology/load.js')
  let loaded
  if (loadModule?.loadTopology) {
    const m = time(() => loadModule.loadTopology(file, text), options.runs)
    loaded = m.result
    add('loadTopology (parse + schema)', m, `${m.result.findings.length} findings`)
  } else add('loadTopology', undefined, 'missing')

  // The resolver (input → model), each lint rule, and the reach engine.
  const resolveModule = await optionalImport('engine/topology/resolve.js')
  let model
  if (resolveModule?.resolveTopology && loaded?.topology) {
    const m = time(() => resolveModule.resolveTopology(loaded), options.runs)
    model = m.result.model
    add('resolveTopology (model, addresses)', m, `${m.result.findings.length} findings`)
  } else add('resolveTopology', undefined, 'missing')

  const registry = await optionalImport('engine/lint/registry.js')
  if (registry?.RULES && model) {
    const ruleTimes = []
    for (const rule of registry.RULES) {
      if (rule.producedBy === 'loader' || rule.producedBy === 'resolver' || rule.id === 'expectation') continue
      try {
        const m = time(() => rule.check(model, ruleContext(loaded)), 1)
        ruleTimes.push([rule.id, m])
      } catch (error) { ruleTimes.push([rule.id, undefined, error.message]) }
    }
    const total = ruleTimes.reduce((sum, [, m]) => sum + (m?.cold ?? 0), 0)
    add(`lint rules except expectation (${ruleTimes.length})`, {cold: total, warm: ruleTimes.reduce((sum, [, m]) => sum + (m?.warm ?? 0), 0)})
    for (const [id, m, error] of ruleTimes.sort((a, b) => (b[1]?.cold ?? 0) - (a[1]?.cold ?? 0)).slice(0, 5)) add(`  rule ${id}`, m, error ?? '')
  } else add('lint rules', undefined, 'missing')

  const session = await optionalImport('engine/reach/session.js')
  if (session?.checkExpectations && model) {
    const m = time(() => session.checkExpectations(model), Math.min(options.runs, 2))
    add(`expectations (${model.expectations.length} reach queries)`, m, `${m.result.filter((o) => !o.ok).length} failed`)
    const first = model.expectations[0]
    if (first) {
      const q = time(() => new session.ReachSession(model).reach(first.from, first.to, {port: first.port, protocol: first.protocol}), options.runs)
      add('one reach query (fresh session)', q, q.result.verdict)
    }
  } else add('expectations', undefined, 'missing')

  const heapMB = process.memoryUsage().heapUsed / 1e6
  const rssMB = process.resourceUsage().maxRSS / 1024
  if (options.json) {
    console.log(JSON.stringify({file: relative(ROOT, file), bytes: text.length, runs: options.runs, phases: rows, heapMB, maxRssMB: rssMB, model: model ? 'built' : undefined}, null, 2))
    return
  }
  const fmt = (v) => (v === undefined ? '' : `${v.toFixed(0)} ms`)
  const widths = [44, 10, 10]
  console.log(`${relative(ROOT, file)} (${(text.length / 1e6).toFixed(2)} MB), CPU time (user+sys), first run (cold) and median of ${options.runs} more (warm)`)
  console.log(`${'phase'.padEnd(widths[0])}${'cold'.padStart(widths[1])}${'warm'.padStart(widths[2])}  note`)
  for (const row of rows) console.log(`${row.phase.padEnd(widths[0])}${fmt(row.coldMs).padStart(widths[1])}${fmt(row.warmMs).padStart(widths[2])}  ${row.note}`)
  console.log(`heap used ${heapMB.toFixed(0)} MB, peak RSS ${rssMB.toFixed(0)} MB`)
}

main().catch((error) => {
  console.error(`phases: ${error.stack}`)
  process.exitCode = 2
})
