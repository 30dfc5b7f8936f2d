import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {checkExpectations} from '../../../src/engine/reach/session.js'
import {loadModelOrThrow} from '../../../src/engine/topology/index.js'
import {ROOT} from '../../helpers/cli.js'

/**
 * Independent oracle: bench/gen-xl.js writes synthetic topologies together with expectations
 * whose verdicts it derives from its own model of the rules it generated (not from acknet).
 * Every expectation must come out as the generator says.
 */
const dir = mkdtempSync(join(tmpdir(), 'acknet-reach-oracle-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('reach agrees with the xl generator', () => {
  it.each([3, 11])('seed %i at scale 0.1: every expectation holds', (seed) => {
    const out = join(dir, `xl-${seed}.yaml`)
    const gen = spawnSync(process.execPath, [join(ROOT, 'bench/gen-xl.js'), '--scale', '0.1', '--seed', String(seed), '--out', out], {encoding: 'utf8'})
    expect(gen.status, gen.stderr).toBe(0)
    const outcomes = checkExpectations(loadModelOrThrow(out).model)
    expect(outcomes.length).toBeGreaterThanOrEqual(100)
    const failed = outcomes.filter((o) => !o.ok).map((o) => `${o.expectation.from} → ${o.expectation.to}:${o.expectation.port} wanted ${o.expectation.expect} got ${o.result?.verdict ?? o.error} ${o.result?.reason?.code ?? ''}`)
    expect(failed).toEqual([])
    // the generated mix has both answers, so agreement is not trivial
    const verdicts = new Set(outcomes.map((o) => o.result!.verdict))
    expect(verdicts).toEqual(new Set(['allowed', 'denied']))
  }, 60_000)
})
