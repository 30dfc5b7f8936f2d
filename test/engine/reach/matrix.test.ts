import {describe, expect, it} from 'vitest'
import {expandSelectors} from '../../../src/engine/reach/matrix.js'

describe('matrix selectors', () => {
  const refs = ['pod:web/frontend', 'pod:web/api', 'pod:data/pg', 'instance:db-1', 'instance:db-2', 'instance:cache', 'svc:web/api', 'node:default']

  it('* matches inside one name segment', () => {
    expect(expandSelectors(['pod:web/*'], refs)).toEqual(['pod:web/frontend', 'pod:web/api'])
    expect(expandSelectors(['pod:*/*'], refs)).toEqual(['pod:web/frontend', 'pod:web/api', 'pod:data/pg'])
    expect(expandSelectors(['instance:db-*'], refs)).toEqual(['instance:db-1', 'instance:db-2'])
    expect(expandSelectors(['pod:*/api'], refs)).toEqual(['pod:web/api'])
  })

  it('KIND:* means every endpoint of the kind; lists and literals combine without duplicates', () => {
    expect(expandSelectors(['pod:*'], refs)).toHaveLength(3)
    expect(expandSelectors(['instance:*,internet', 'instance:db-1'], refs)).toEqual(['instance:db-1', 'instance:db-2', 'instance:cache', 'internet'])
  })

  it('with CLUSTER/ prefixes a namespace glob still matches', () => {
    expect(expandSelectors(['pod:web/*'], ['pod:a/web/x', 'pod:b/web/y', 'pod:a/data/z'])).toEqual(['pod:a/web/x', 'pod:b/web/y'])
  })

  it('a glob matching nothing and a malformed reference are errors', () => {
    expect(() => expandSelectors(['pod:nope/*'], refs)).toThrow(/matches no endpoint/)
    expect(() => expandSelectors(['box:*'], refs)).toThrow(/not an endpoint/)
  })
})

describe('matrix selectors: * and streaming', () => {
  it('a bare * is every source (workloads, pools, ECS) or every destination (workloads, ECS, SLBs, internet)', () => {
    const refs = ['pod:web/a', 'node:pool', 'instance:db', 'svc:web/a', 'lb:web/a', 'slb:legacy']
    expect(expandSelectors(['*'], refs, undefined, 'source')).toEqual(['pod:web/a', 'node:pool', 'instance:db'])
    expect(expandSelectors(['*'], refs, undefined, 'destination')).toEqual(['pod:web/a', 'instance:db', 'lb:web/a', 'slb:legacy', 'internet'])
  })

  it('the streamed JSON is byte for byte the pretty-printed document', async () => {
    const {matrixJsonChunks} = await import('../../../src/render/reach/matrix.js')
    const entries = [{from: {ref: 'a', kind: 'pod', address: null}, to: {ref: 'b', kind: 'pod', address: '1.2.3.4'}, protocol: 'tcp', port: 80, family: 4 as const, verdict: 'allowed' as const, reason: null}]
    expect([...matrixJsonChunks(entries)].join('')).toBe(JSON.stringify({results: entries}, null, 2) + '\n')
    expect([...matrixJsonChunks([entries[0]!, entries[0]!])].join('')).toBe(JSON.stringify({results: [entries[0], entries[0]]}, null, 2) + '\n')
    expect([...matrixJsonChunks([])].join('')).toBe(JSON.stringify({results: []}, null, 2) + '\n')
  })
})

describe('matrix size limit', () => {
  it('refuses more than MAX_MATRIX_PAIRS pairs before evaluating any', async () => {
    const {runMatrix, MAX_MATRIX_PAIRS} = await import('../../../src/engine/reach/matrix.js')
    const {ReachSession} = await import('../../../src/engine/reach/session.js')
    const {loadModelOrThrow} = await import('../../../src/engine/topology/index.js')
    const session = new ReachSession(loadModelOrThrow(new URL('../../../fixtures/reach/terway.yaml', import.meta.url).pathname).model)
    // SPEC §7: no cap below 10 million pairs
    expect(MAX_MATRIX_PAIRS).toBe(10_000_000)
    // 5 workloads × 8 instances = 40 pairs
    expect(runMatrix(session, {from: ['pod:*'], to: ['instance:*'], port: 22}).length).toBe(5 * 8)
    let progressed = 0
    expect(() => runMatrix(session, {from: ['pod:*'], to: ['instance:*'], port: 22, maxPairs: 39, progress: () => progressed++})).toThrow(/the selectors give 40 pairs \(5 × 8\); the limit is 39/)
    expect(progressed).toBe(0)
  })
})

