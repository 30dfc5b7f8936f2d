#!/usr/bin/env node
// Compiles the ECS instance catalog shipped with acknet:
//   data/ecs-instance-types.csv → data/instance-types.json
// Usage: node scripts/build-catalog.mjs [INPUT.csv] [OUTPUT.json]
// The CSV is a copy of the project's shared data set (1,175 types, current as of 2026-12); its
// provenance is in data/README.md. Nothing is added here: every figure comes from the CSV, and an
// empty cell stays undefined (never guessed).
// Output is deterministic apart from `generated`, so a re-run only changes that line.
import {readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const input = process.argv[2] ?? `${root}data/ecs-instance-types.csv`
const output = process.argv[3] ?? `${root}data/instance-types.json`

const SOURCE = {
  description: 'help.aliyun.com instance-family and retired-type tables (zh, current edition, transcribed 2026-12-03), real DescribeInstanceTypes responses, and the 2021 AlibabaCloudDocs/ecs tables for types no current page tabulates',
  primary: 'https://help.aliyun.com/zh/ecs/user-guide/overview-of-instance-families',
  retired: 'https://help.aliyun.com/zh/ecs/user-guide/retired-instance-types',
  legacyRepository: 'https://github.com/AlibabaCloudDocs/ecs',
  legacyCommit: '322eaab82e866a494eeaddb0de02bab1978692d1',
  docsDate: '2026-12',
  licence: 'rows kept from AlibabaCloudDocs/ecs: MIT (data/LICENSE.ecs-docs)',
  provenance: 'data/README.md; data/CATALOG-DIFF-2021.md lists every change from the 2021 catalog',
}

// Where each row's eniTotal/trunk came from: the real DescribeInstanceTypes responses listed in the
// shared data set's sources/describe-instance-types-responses.tsv (the CSV's source column names the
// page the ENI and IPv4 figures come from, not these). A CSV eniTotal without an entry here fails.
const RESPONSE_SOURCES = {
  'ecs.g7.xlarge': 'github:kubernetes-sigs/alibaba-cloud-csi-driver pkg/cloud/metadata/ecs_instance_type_test.go @8aacf9009bf92ff786b07ece73cc3a4d1e600ed5',
  'ecs.u1-c1m4.xlarge': 'github:kubernetes-sigs/alibaba-cloud-csi-driver pkg/disk/utils_test.go @cf6288da6f9ec9dcd7aa9a46ea07b3ddacb1a287',
  'ecs.g8a.xlarge': 'cloud-barista/cm-beetle test report (DescribeInstanceTypes; ap-northeast-2; Sept 2025); search index id 29221292373',
  'ecs.ebmg5.24xlarge': 'github:schrht/aliyun-utils ecs_spec/README.md @68cdfe0542a804e80fbb8cd989f0a13b153e903e',
  'ecs.ic5.large': 'github:schrht/aliyun-utils ecs_spec/README.md @68cdfe0542a804e80fbb8cd989f0a13b153e903e',
  'ecs.t1.xsmall': 'README of an ECS API proxy (response dated 2022-04-29; cn-beijing); search index id 8952887416',
  'ecs.s6-c1m2.16xlarge': 'README of an ECS API proxy (response dated 2022-04-29; cn-beijing); search index id 8952887416',
}

const HEADER = ['instanceType', 'family', 'vcpus', 'memoryGiB', 'enis', 'privateIpsPerEni', 'ipv6PerEni', 'eniTotal', 'trunk', 'source']

function wholeNumber(text, what, line) {
  if (!/^[0-9]+$/.test(text)) throw new Error(`${input}:${line}: ${what} ${JSON.stringify(text)} is not a whole number`)
  return Number(text)
}

const lines = readFileSync(input, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '')
if (lines[0] !== HEADER.join(',')) throw new Error(`${input}: unexpected header ${lines[0]}`)

const seen = new Set()
const types = []
for (let i = 1; i < lines.length; i++) {
  const line = i + 1
  const cells = lines[i].split(',')
  // the source column is last and never holds a comma (checked here rather than assumed)
  if (cells.length !== HEADER.length) throw new Error(`${input}:${line}: expected ${HEADER.length} columns, got ${cells.length}`)
  const [name, family, vcpus, memoryGiB, enis, ipv4, ipv6, eniTotal, trunk, source] = cells
  if (seen.has(name)) throw new Error(`${input}:${line}: duplicate ${name}`)
  seen.add(name)
  const row = {name, family, enis: wholeNumber(enis, 'enis', line)}
  if (vcpus !== '') row.vcpus = wholeNumber(vcpus, 'vcpus', line)
  if (memoryGiB !== '') row.memoryGiB = Number(memoryGiB)
  if (ipv4 !== '') row.ipv4PerEni = wholeNumber(ipv4, 'privateIpsPerEni', line)
  if (ipv6 !== '') row.ipv6PerEni = wholeNumber(ipv6, 'ipv6PerEni', line)
  if (eniTotal !== '') row.eniTotal = wholeNumber(eniTotal, 'eniTotal', line)
  if (trunk !== '') {
    if (trunk !== 'true' && trunk !== 'false') throw new Error(`${input}:${line}: trunk ${JSON.stringify(trunk)} is not true/false`)
    row.trunk = trunk === 'true'
  }
  row.source = source
  if (row.eniTotal !== undefined || row.trunk !== undefined) {
    const response = RESPONSE_SOURCES[name]
    if (!response) throw new Error(`${input}:${line}: ${name} has eniTotal/trunk but no DescribeInstanceTypes response source`)
    row.eniTotalSource = `DescribeInstanceTypes response: ${response}`
  }
  types.push(row)
}
types.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

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
process.stderr.write(`wrote ${output}: ${types.length} types (${types.filter((t) => t.ipv4PerEni === undefined).length} without ipv4PerEni, ${types.filter((t) => t.eniTotal !== undefined).length} with eniTotal)\n`)
