#!/usr/bin/env node
/**
 * Why an IPv6 address is one 128-bit BigInt (src/engine/cidr/ipv6.ts): containment — the hot
 * operation of reach and lint — measured on 200,000 random block pairs three ways:
 *   single/mask   (inner & MASK[outer.prefix]) === outer.network      (what the engine does)
 *   single/shift  (inner >> (128 − p)) === (outer >> (128 − p))
 *   two 64-bit    the same mask-and-compare on high and low 64-bit BigInt halves
 * Prints ops/s (best of 5 rounds after a warm-up) and the hit count, which must agree.
 *
 *   node bench/ipv6-representation.js
 */
import {performance} from 'node:perf_hooks'

const COUNT = 200_000
const ALL = (1n << 128n) - 1n
const LOW64 = (1n << 64n) - 1n
const MASKS = Array.from({length: 129}, (_, p) => (p === 0 ? 0n : ALL ^ ((1n << BigInt(128 - p)) - 1n)))
const HIGH_MASKS = MASKS.map((mask) => mask >> 64n)
const LOW_MASKS = MASKS.map((mask) => mask & LOW64)

let state = 20261203
function next32() {
  state = (Math.imul(1664525, state) + 1013904223) >>> 0
  return BigInt(state)
}

const networks = []
const prefixes = []
for (let i = 0; i < COUNT; i++) {
  const address = (next32() << 96n) | (next32() << 64n) | (next32() << 32n) | next32()
  const prefix = 1 + Number(next32() % 128n)
  networks.push(address & MASKS[prefix])
  prefixes.push(prefix)
}
// every block against its /8 (always inside) and against its neighbour (rarely)
const outers = networks.map((network) => network & MASKS[8])
const highs = networks.map((network) => network >> 64n)
const lows = networks.map((network) => network & LOW64)
const outerHighs = outers.map((network) => network >> 64n)
const outerLows = outers.map((network) => network & LOW64)

function measure(name, work) {
  let best = Infinity
  let hits
  for (let round = 0; round < 6; round++) {
    const start = performance.now()
    hits = work()
    const elapsed = performance.now() - start
    if (round > 0 && elapsed < best) best = elapsed
  }
  console.log(`${name.padEnd(14)} ${Math.round(((2 * COUNT) / best) * 1000).toLocaleString('en-US').padStart(12)} ops/s   hits ${hits}`)
}

measure('single/mask', () => {
  let hits = 0
  for (let i = 0; i < COUNT; i++) {
    const o = (i + 1) % COUNT
    if (prefixes[i] >= prefixes[o] && (networks[i] & MASKS[prefixes[o]]) === networks[o]) hits++
    if ((networks[i] & MASKS[8]) === outers[i]) hits++
  }
  return hits
})

measure('single/shift', () => {
  let hits = 0
  for (let i = 0; i < COUNT; i++) {
    const o = (i + 1) % COUNT
    const shift = BigInt(128 - prefixes[o])
    if (prefixes[i] >= prefixes[o] && networks[i] >> shift === networks[o] >> shift) hits++
    if (networks[i] >> 120n === outers[i] >> 120n) hits++
  }
  return hits
})

measure('two 64-bit', () => {
  let hits = 0
  for (let i = 0; i < COUNT; i++) {
    const o = (i + 1) % COUNT
    const p = prefixes[o]
    if (prefixes[i] >= p && (highs[i] & HIGH_MASKS[p]) === highs[o] && (lows[i] & LOW_MASKS[p]) === lows[o]) hits++
    if ((highs[i] & HIGH_MASKS[8]) === outerHighs[i] && (lows[i] & LOW_MASKS[8]) === outerLows[i]) hits++
  }
  return hits
})
