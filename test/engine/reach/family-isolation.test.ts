import fc from 'fast-check'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {STRUCTURAL_RULE_IDS} from '../../../src/engine/findings.js'
import {NetworkSession} from '../../../src/engine/network/session.js'
import {ReachSession} from '../../../src/engine/reach/session.js'
import {loadModel} from '../../../src/engine/topology/index.js'
import type {Model} from '../../../src/engine/topology/model.js'
import {type Doc, dualStackOf} from '../../fuzz/topology-arbitrary.js'

/**
 * Dual stack adds an IPv6 answer and must leave the IPv4 one alone (SPEC §8): a random topology
 * and its dual-stack twin (IPv6 blocks, IPv6 copies of rules, IPv6 ipBlocks, an IPv6 gateway,
 * IPv6 routes, `ipv6: true` ECS, Service family policies) give the same IPv4 verdict and reason
 * for every pair, protocol and port probed.
 */
const SEED = Number(process.env.ACKNET_FUZZ_SEED ?? 20_261_203)

function modelOf(doc: Doc): Model | undefined {
  const loaded = loadModel('fuzz.yaml', yaml.dump(doc, {lineWidth: -1, noRefs: true}))
  if (loaded.findings.some((finding) => STRUCTURAL_RULE_IDS.has(finding.ruleId))) return undefined
  return loaded.model
}

describe('IPv6 leaves IPv4 answers unchanged', () => {
  it('reach over IPv4 answers alike on a topology and on its dual-stack twin', () => {
    let checked = 0
    fc.assert(
      fc.property(dualStackOf({ipv4Unchanged: true}), fc.array(fc.nat({max: 10_000}), {minLength: 8, maxLength: 8}), fc.integer({min: 1, max: 65_535}), ({base, doc}, picks, randomPort) => {
        const before = modelOf(base)
        const after = modelOf(doc)
        if (!before || !after) return
        const refs = new NetworkSession(before)
        const sources = refs.sources()
        const destinations = refs.destinations()
        const plain = new ReachSession(before)
        const dual = new ReachSession(after)
        for (const n of picks) {
          const from = sources[n % sources.length]!
          const to = destinations[Math.floor(n / sources.length) % destinations.length]!
          if (from === to) continue
          for (const [protocol, port] of [['tcp', randomPort], ['tcp', 5432], ['udp', 80], ['icmp', undefined]] as const) {
            const ask = (session: ReachSession) => {
              try {
                const r = session.reach(from, to, {port, protocol, paths: false})
                return `${r.verdict} ${r.reason?.code ?? ''} ${r.reason?.object ?? ''}`
              } catch (error) {
                return `error ${(error as Error).message}`
              }
            }
            expect(ask(dual), `${from} → ${to} ${protocol}/${port}`).toBe(ask(plain))
            checked++
          }
        }
      }),
      {numRuns: 30, seed: SEED},
    )
    expect(checked).toBeGreaterThan(300)
  })
})
