#!/usr/bin/env node
// Compiles the ECS instance catalog shipped with acknet:
//   data/ecs-instance-types.csv (+ the documented extras below) → data/instance-types.json
// Usage: node scripts/build-catalog.mjs [INPUT.csv] [OUTPUT.json]
// The CSV is a copy of shared/data/ecs-instance-types.csv (see data/README.md for its provenance).
// Output is deterministic apart from `generated`, so a re-run only changes that line.
import {readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const input = process.argv[2] ?? `${root}data/ecs-instance-types.csv`
const output = process.argv[3] ?? `${root}data/instance-types.json`

const SOURCE = {
  repository: 'https://github.com/AlibabaCloudDocs/ecs',
  path: 'intl.en-US/Instance/Instance type families/',
  commit: '322eaab82e866a494eeaddb0de02bab1978692d1',
  docsDate: '2021-07',
  licence: 'MIT (data/LICENSE.ecs-docs)',
  extractor: 'shared/data/tools/extract-ecs-eni.py',
}

// Figures the 2021 tables lack, each from a cited real DescribeInstanceTypes response
// (alibaba-facts §4). Nothing here is guessed: a type absent from this list keeps ipv6PerEni,
// eniTotal and trunk undefined.
const EXTRAS = {
  'ecs.g7.xlarge': {
    ipv6PerEni: 15, eniTotal: 20, trunk: true,
    source: 'kubernetes-sigs/alibaba-cloud-csi-driver pkg/cloud/metadata/ecs_instance_type_test.go (DescribeInstanceTypes JSON)',
  },
  'ecs.g6.large': {
    ipv6PerEni: 1, eniTotal: 2, trunk: false,
    source: 'AlibabaCloudDocs/ecs intl.en-US/API Reference/Instances/DescribeInstanceTypes.md (JSON sample)',
  },
}

function positiveInt(text, what, line) {
  if (!/^[0-9]+$/.test(text)) throw new Error(`${input}:${line}: ${what} ${JSON.stringify(text)} is not a whole number`)
  return Number(text)
}

const lines = readFileSync(input, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '')
const header = lines[0].split(',')
const expected = ['instanceType', 'family', 'vcpus', 'memoryGiB', 'enis', 'privateIpsPerEni', 'source']
if (header.join(',') !== expected.join(',')) throw new Error(`${input}: unexpected header ${lines[0]}`)

const seen = new Set()
const types = []
for (let i = 1; i < lines.length; i++) {
  const cells = lines[i].split(',')
  if (cells.length !== expected.length) throw new Error(`${input}:${i + 1}: expected ${expected.length} columns, got ${cells.length}`)
  const [name, family, vcpus, memoryGiB, enis, ipv4, source] = cells
  if (seen.has(name)) throw new Error(`${input}:${i + 1}: duplicate ${name}`)
  seen.add(name)
  const row = {name, family, enis: positiveInt(enis, 'enis', i + 1)}
  if (vcpus !== '') row.vcpus = positiveInt(vcpus, 'vcpus', i + 1)
  if (memoryGiB !== '') row.memoryGiB = Number(memoryGiB)
  if (ipv4 !== '') row.ipv4PerEni = positiveInt(ipv4, 'privateIpsPerEni', i + 1)
  const extra = EXTRAS[name]
  if (extra) {
    row.ipv6PerEni = extra.ipv6PerEni
    row.eniTotal = extra.eniTotal
    row.trunk = extra.trunk
  }
  row.source = extra ? `${source}; ${extra.source}` : source
  types.push(row)
}
types.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
for (const name of Object.keys(EXTRAS)) if (!seen.has(name)) throw new Error(`extra ${name} is not in the CSV`)

const catalog = {
  description: 'ECS ENI limits per instance type, compiled by scripts/build-catalog.mjs',
  source: SOURCE,
  generated: new Date().toISOString().slice(0, 10),
  count: types.length,
  types,
}
// one type per line: small, diffable, and parsed in about a millisecond
const body = types.map((t) => '    ' + JSON.stringify(t)).join(',\n')
const head = JSON.stringify({...catalog, types: undefined}, null, 2).replace(/\n}$/, '')
writeFileSync(output, `${head},\n  "types": [\n${body}\n  ]\n}\n`)
process.stderr.write(`wrote ${output}: ${types.length} types (${types.filter((t) => t.ipv4PerEni === undefined).length} without ipv4PerEni)\n`)
