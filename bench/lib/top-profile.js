#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per file and per function.
// Usage: node bench/lib/top-profile.js FILE.cpuprofile [N]
import {readFileSync} from 'node:fs'

const [file, topText = '25'] = process.argv.slice(2)
if (!file) { console.error('usage: node bench/lib/top-profile.js FILE.cpuprofile [N]'); process.exit(2) }
const profile = JSON.parse(readFileSync(file, 'utf8'))
const top = Number(topText)
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const self = new Map()
// timeDeltas[i] is the time elapsed before samples[i]
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i])
  self.set(node, (self.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
const total = [...self.values()].reduce((a, b) => a + b, 0)
const byFunction = new Map()
const byFile = new Map()
for (const [node, micros] of self) {
  const {functionName, url, lineNumber} = node.callFrame
  const short = url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'nm:')
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros)
  const fileKey = short || `(${functionName})`
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + micros)
}
const show = (title, map) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`)
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(micros / 1000).toFixed(1).padStart(8)} ms  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`)
}
show('self time by file', byFile)
show('self time by function', byFunction)

// Inclusive time (self + callees) of the functions named in $PROFILE_FUNCS (comma list), e.g.
// PROFILE_FUNCS=loadTopology,resolveTopology,runRules — counted once per sample (recursion-safe).
if (process.env.PROFILE_FUNCS) {
  const wanted = new Set(process.env.PROFILE_FUNCS.split(','))
  const parent = new Map()
  for (const node of profile.nodes) for (const childId of node.children ?? []) parent.set(childId, node.id)
  const inclusive = new Map()
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set()
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id).callFrame
      const key = `${frame.functionName} ${frame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}`
      if (wanted.has(frame.functionName) && !seen.has(key)) {
        seen.add(key)
        inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
      }
    }
  }
  console.log('\ninclusive time')
  for (const [key, micros] of [...inclusive].sort((a, b) => b[1] - a[1])) console.log(`${(micros / 1000).toFixed(1).padStart(8)} ms  ${key}`)
}
