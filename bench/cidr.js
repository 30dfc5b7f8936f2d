#!/usr/bin/env node
/**
 * CIDR throughput benchmark (SPEC §6: at least 3× Python's ipaddress on the same work).
 *
 *   node bench/cidr.js            a table
 *   node bench/cidr.js --json     one JSON record (for the bench harness)
 *   node bench/cidr.js --rounds 5 --no-python --no-ip-num
 *
 * Work, identical on both sides (same LCG inputs, checksums compared): parse 100,000 CIDR
 * strings, 100,000 containment checks, split 10.0.0.0/8 into 65,536 /24s; the same for IPv6
 * (`parse6`: 100,000 blocks /16–/128 with zero runs, `contains6`, `split6`: a /48 into its
 * 65,536 /64s) plus `format6` (100,000 addresses to RFC 5952 text). Each is timed as the best
 * of N rounds. The ip-num library is measured on the same work to record why the hand-written
 * code is kept. Runs the built engine: `npm run build` first.
 */
import {spawnSync} from 'node:child_process'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {performance} from 'node:perf_hooks'
import {sourceModule} from './lib/source-module.js'

const COUNT = 100_000
const SPLIT_COUNT = 65_536
const GOAL_RATIO = 3

function lcg(state) {
  return (Math.imul(1664525, state) + 1013904223) >>> 0
}

/** Same generator as bench/cidr.py. */
export function makeCidrs(count) {
  let state = 20261126
  const out = new Array(count)
  for (let i = 0; i < count; i++) {
    state = lcg(state)
    const address = state
    state = lcg(state)
    const prefix = 8 + (state % 25)
    const network = (address & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0
    out[i] = `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${prefix}`
  }
  return out
}

/**
 * Same generator as bench/cidr.py: 128-bit addresses whose 16-bit groups are zero one time in
 * three (so `::` runs occur), prefixes /16–/128, as BigInt network and prefix.
 */
export function makeIpv6Blocks(count) {
  let state = 20261203
  const out = new Array(count)
  for (let i = 0; i < count; i++) {
    let address = 0n
    for (let g = 0; g < 8; g++) {
      state = lcg(state)
      address = (address << 16n) | BigInt(state % 3 === 0 ? 0 : (state >>> 8) & 0xffff)
    }
    state = lcg(state)
    const prefix = 16 + (state % 113)
    const hostMask = (1n << BigInt(128 - prefix)) - 1n
    out[i] = {network: address & ~hostMask & ((1n << 128n) - 1n), prefix}
  }
  return out
}

function bestOf(rounds, work) {
  let best = Infinity
  let result
  for (let i = 0; i < rounds + 1; i++) {
    const start = performance.now()
    result = work()
    const elapsed = performance.now() - start
    // the first round warms the JIT and is not counted
    if (i > 0 && elapsed < best) best = elapsed
  }
  return {ms: best, result}
}

function record(count, {ms, result}) {
  return {count, ms: Math.round(ms * 100) / 100, opsPerSec: Math.round((count / ms) * 1000), checksum: result}
}

async function measureAcknet(texts, rounds) {
  const {parseCidr, cidrContains} = await sourceModule('engine/cidr/cidr.js')
  const {splitByPrefix} = await sourceModule('engine/cidr/split.js')
  const parsed = texts.map((text) => parseCidr(text).cidr)
  const outers = parsed.map((block) => ({network: (block.network - (block.network % 2 ** 24)), prefix: 8}))
  return {
    parse: record(COUNT, bestOf(rounds, () => {
      let ok = 0
      for (let i = 0; i < COUNT; i++) if (parseCidr(texts[i]).ok) ok++
      return ok
    })),
    contains: record(COUNT, bestOf(rounds, () => {
      let hits = 0
      for (let i = 0; i < COUNT; i++) {
        const outer = i % 2 === 0 ? outers[i] : parsed[(i + 1) % COUNT]
        if (cidrContains(outer, parsed[i])) hits++
      }
      return hits
    })),
    split: record(SPLIT_COUNT, bestOf(rounds, () => splitByPrefix({network: 10 * 2 ** 24, prefix: 8}, 24).length)),
  }
}

const IPV6_SPLIT_PARENT = '2408:4005:3ab::/48'

async function measureAcknetIpv6(blocks, rounds) {
  const {parseIpv6Cidr, formatIpv6Cidr, ipv6CidrContains} = await import('../dist/engine/cidr/cidr6.js')
  const {formatIpv6} = await import('../dist/engine/cidr/ipv6.js')
  const {splitIpv6ByPrefix} = await import('../dist/engine/cidr/split6.js')
  const texts = blocks.map((block) => formatIpv6Cidr({family: 6, ...block}))
  const parsed = texts.map((text) => parseIpv6Cidr(text).cidr)
  const outers = parsed.map((block) => ({family: 6, network: block.network & (0xffffn << 112n), prefix: 16}))
  const parent = parseIpv6Cidr(IPV6_SPLIT_PARENT).cidr
  return {
    texts,
    parse6: record(COUNT, bestOf(rounds, () => {
      let sum = 0
      for (let i = 0; i < COUNT; i++) {
        const result = parseIpv6Cidr(texts[i])
        if (result.ok) sum += result.cidr.prefix
      }
      return sum
    })),
    contains6: record(COUNT, bestOf(rounds, () => {
      let hits = 0
      for (let i = 0; i < COUNT; i++) {
        const outer = i % 2 === 0 ? outers[i] : parsed[(i + 1) % COUNT]
        if (ipv6CidrContains(outer, parsed[i])) hits++
      }
      return hits
    })),
    split6: record(SPLIT_COUNT, bestOf(rounds, () => splitIpv6ByPrefix(parent, 64).length)),
    format6: record(COUNT, bestOf(rounds, () => {
      let chars = 0
      for (let i = 0; i < COUNT; i++) chars += formatIpv6(parsed[i].network).length
      return chars
    })),
  }
}

/** ip-num is BigInt-based and ~100× slower: it gets a tenth of the inputs and one round. */
const IP_NUM_COUNT = COUNT / 10

async function measureIpNum(allTexts) {
  const {IPv4CidrRange, IPv4Prefix} = await import('ip-num')
  const texts = allTexts.slice(0, IP_NUM_COUNT)
  const rounds = 1
  const parsed = texts.map((text) => IPv4CidrRange.fromCidr(text))
  const outers = parsed.map((range) => IPv4CidrRange.fromCidr(`${range.getFirst().toString().split('.')[0]}.0.0.0/8`))
  return {
    parse: record(IP_NUM_COUNT, bestOf(rounds, () => {
      let ok = 0
      for (let i = 0; i < IP_NUM_COUNT; i++) {
        try {
          IPv4CidrRange.fromCidr(texts[i])
          ok++
        } catch {
          // counted as not ok, like parseCidr's {ok: false}
        }
      }
      return ok
    })),
    contains: record(IP_NUM_COUNT, bestOf(rounds, () => {
      let hits = 0
      for (let i = 0; i < IP_NUM_COUNT; i++) {
        const outer = i % 2 === 0 ? outers[i] : parsed[(i + 1) % IP_NUM_COUNT]
        if (outer.contains(parsed[i])) hits++
      }
      return hits
    })),
    split: record(SPLIT_COUNT, bestOf(rounds, () => IPv4CidrRange.fromCidr('10.0.0.0/8').splitInto(IPv4Prefix.fromNumber(24n)).length)),
  }
}

/**
 * ip-num on the IPv6 work (a tenth of the inputs, one round). Its text is not RFC 5952
 * (`toString` never compresses; `collapseIPv6Number` does, so format6 uses both) and it
 * accepts host bits silently, so it would need wrapping even if it were fast.
 */
async function measureIpNumIpv6(allTexts) {
  const {IPv6CidrRange, IPv6Prefix, collapseIPv6Number} = await import('ip-num')
  const texts = allTexts.slice(0, IP_NUM_COUNT)
  const rounds = 1
  const parsed = texts.map((text) => IPv6CidrRange.fromCidr(text))
  const outers = parsed.map((range) => IPv6CidrRange.fromCidr(`${range.getFirst().toString().split(':')[0]}::/16`))
  return {
    parse6: record(IP_NUM_COUNT, bestOf(rounds, () => {
      let sum = 0
      for (let i = 0; i < IP_NUM_COUNT; i++) {
        try {
          sum += Number(IPv6CidrRange.fromCidr(texts[i]).cidrPrefix.getValue())
        } catch {
          // not counted, like parseIpv6Cidr's {ok: false}
        }
      }
      return sum
    })),
    contains6: record(IP_NUM_COUNT, bestOf(rounds, () => {
      let hits = 0
      for (let i = 0; i < IP_NUM_COUNT; i++) {
        const outer = i % 2 === 0 ? outers[i] : parsed[(i + 1) % IP_NUM_COUNT]
        if (outer.contains(parsed[i])) hits++
      }
      return hits
    })),
    split6: record(SPLIT_COUNT, bestOf(rounds, () => IPv6CidrRange.fromCidr(IPV6_SPLIT_PARENT).splitInto(IPv6Prefix.fromNumber(64n)).length)),
    format6: record(IP_NUM_COUNT, bestOf(rounds, () => {
      let chars = 0
      for (let i = 0; i < IP_NUM_COUNT; i++) chars += collapseIPv6Number(parsed[i].getFirst().toString()).length
      return chars
    })),
  }
}

function measurePython(rounds) {
  const script = fileURLToPath(new URL('./cidr.py', import.meta.url))
  const result = spawnSync('python3', [script, '--rounds', String(rounds)], {encoding: 'utf8'})
  if (result.error || result.status !== 0) return {error: result.error ? String(result.error.message) : result.stderr.trim()}
  return JSON.parse(result.stdout)
}

/** Runs the benchmark and returns the JSON record the harness stores. */
export async function runCidrBench({rounds = 5, python = true, ipNum = true} = {}) {
  const texts = makeCidrs(COUNT)
  const {texts: texts6, ...acknet6} = await measureAcknetIpv6(makeIpv6Blocks(COUNT), rounds)
  const acknet = {...(await measureAcknet(texts, rounds)), ...acknet6}
  const py = python ? measurePython(rounds) : undefined
  const ipnum = ipNum ? {...(await measureIpNum(texts)), ...(await measureIpNumIpv6(texts6))} : undefined
  const operations = {}
  for (const name of Object.keys(acknet)) {
    const pythonOp = py?.operations?.[name]
    operations[name] = {
      count: acknet[name].count,
      acknet: {ms: acknet[name].ms, opsPerSec: acknet[name].opsPerSec},
      ...(pythonOp ? {python: {ms: pythonOp.ms, opsPerSec: pythonOp.opsPerSec}, ratio: Math.round((acknet[name].opsPerSec / pythonOp.opsPerSec) * 10) / 10, checksumsAgree: pythonOp.checksum === acknet[name].checksum} : {}),
      ...(ipnum ? {ipNum: {ms: ipnum[name].ms, opsPerSec: ipnum[name].opsPerSec}} : {}),
    }
  }
  const ratios = Object.values(operations).map((op) => op.ratio).filter((ratio) => ratio !== undefined)
  const minRatio = ratios.length > 0 ? Math.min(...ratios) : null
  return {
    bench: 'cidr',
    node: process.version,
    python: py?.python ?? null,
    ...(py?.error ? {pythonError: py.error} : {}),
    rounds,
    operations,
    minRatio,
    goalRatio: GOAL_RATIO,
    pass: minRatio === null ? null : minRatio >= GOAL_RATIO && Object.values(operations).every((op) => op.checksumsAgree !== false),
  }
}

function formatTable(result) {
  const fmt = (n) => (n === undefined ? '-' : n.toLocaleString('en-US'))
  const rows = [['operation', 'count', 'acknet ops/s', 'python ops/s', 'ratio', 'ip-num ops/s']]
  for (const [name, op] of Object.entries(result.operations)) {
    rows.push([name, fmt(op.count), fmt(op.acknet.opsPerSec), fmt(op.python?.opsPerSec), op.ratio === undefined ? '-' : `${op.ratio}×`, fmt(op.ipNum?.opsPerSec)])
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)))
  const lines = rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   '))
  lines.push('', `node ${result.node}, python ${result.python ?? 'n/a'}, best of ${result.rounds} rounds; goal ≥ ${result.goalRatio}× python: ${result.pass === null ? 'not measured' : result.pass ? 'met' : 'NOT met'} (min ${result.minRatio}×)`)
  return lines.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const roundsAt = args.indexOf('--rounds')
  const result = await runCidrBench({
    rounds: roundsAt >= 0 ? Number(args[roundsAt + 1]) : 5,
    python: !args.includes('--no-python'),
    ipNum: !args.includes('--no-ip-num'),
  })
  process.stdout.write(args.includes('--json') ? JSON.stringify(result, null, 2) + '\n' : formatTable(result) + '\n')
}
