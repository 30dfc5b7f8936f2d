import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runJson} from '../helpers/cli.js'

/** The example topologies users copy must lint clean (no error findings, exit 0). */
describe('acknet lint on the shipped example topologies', () => {
  it.each(['fixtures/production.yaml', 'fixtures/flannel-near-quota.yaml', 'fixtures/dual-stack.yaml'])('%s has no error findings and exits 0', (file) => {
    const {code, json} = runJson<{findings: Array<{ruleId: string; severity: string; message: string}>; summary: {errors: number}}>(['lint', file, '--format', 'json'])
    expect(json.findings.filter((finding) => finding.severity === 'error')).toEqual([])
    expect(json.summary.errors).toBe(0)
    expect(code).toBe(0)
  })
})

describe('acknet lint on fixtures/dual-stack.yaml (issue #17)', () => {
  type Report = {findings: Array<{ruleId: string; line: number; message: string}>; summary: {errors: number}}

  it('has no finding at all', () => {
    expect(runJson<Report>(['lint', 'fixtures/dual-stack.yaml', '--format', 'json']).json.findings).toEqual([])
  })

  it('with its nodes on ecs.g6.xlarge (1 IPv6 vs 10 IPv4 per ENI) is a dual-stack error on the node pool', () => {
    const original = readFileSync('fixtures/dual-stack.yaml', 'utf8')
    const file = join(mkdtempSync(join(tmpdir(), 'acknet-dual-')), 'g6.yaml')
    writeFileSync(file, original.replace('instanceType: ecs.g7.xlarge', 'instanceType: ecs.g6.xlarge'))
    const line = original.split('\n').findIndex((text) => text.includes('instanceType: ecs.g7.xlarge')) + 1
    const {code, json} = runJson<Report>(['lint', file, '--format', 'json'])
    expect(json.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([['dual-stack', line]])
    expect(json.findings[0]!.message).toMatch(/ecs\.g6\.xlarge has 1 IPv6 and 10 IPv4 per ENI/)
    expect(code).toBe(1)
  })
})
