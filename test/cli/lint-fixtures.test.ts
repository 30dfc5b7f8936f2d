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
    // the file's IPv6 expectation of the pods fails with it: they get no IPv6 address
    const expectationLine = original.split('\n').findIndex((text) => text.includes('to: "instance:pg-primary", port: 5432, family: 6')) + 1
    const {code, json} = runJson<Report>(['lint', file, '--format', 'json'])
    expect(json.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([['dual-stack', line], ['expectation', expectationLine]])
    expect(json.findings[0]!.message).toMatch(/ecs\.g6\.xlarge has 1 IPv6 and 10 IPv4 per ENI/)
    expect(json.findings[1]!.message).toMatch(/^expectation pod:web\/frontend → instance:pg-primary tcp\/5432 over IPv6: got denied \(NO_IPV6_ADDRESS at cluster\/shop/)
    expect(code).toBe(1)
  })

  it('checks each expectation in its family: a wrong IPv6 expectation is a finding on its line', () => {
    const original = readFileSync('fixtures/dual-stack.yaml', 'utf8')
    const wanted = '{ from: "instance:bastion", to: "instance:pg-primary", port: 22, family: 6, expect: allowed }'
    expect(original).toContain(wanted)
    const file = join(mkdtempSync(join(tmpdir(), 'acknet-dual-')), 'expect6.yaml')
    // the same ssh question over IPv4 is denied in the file: only the family tells the two apart
    writeFileSync(file, original.replace(wanted, wanted.replace('expect: allowed', 'expect: denied')).replace('port: 5432, family: 6, expect: allowed', 'port: 5432, expect: allowed, family: 4'))
    const line = original.split('\n').findIndex((text) => text.includes(wanted)) + 1
    const {code, json} = runJson<Report>(['lint', file, '--format', 'json'])
    expect(json.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([['expectation', line]])
    expect(json.findings[0]!.message).toBe('expectation instance:bastion → instance:pg-primary tcp/22 over IPv6: got allowed, wanted denied')
    expect(code).toBe(1)
  })

  it('an IPv6 ip: expectation asked with family: 4 cannot be evaluated', () => {
    const original = readFileSync('fixtures/dual-stack.yaml', 'utf8')
    const written = '{ from: internet, to: "ip:2408:4005:3bc:1230::10", port: 5432, expect: denied }'
    const file = join(mkdtempSync(join(tmpdir(), 'acknet-dual-')), 'family4.yaml')
    writeFileSync(file, original.replace(written, written.replace('expect: denied', 'family: 4, expect: denied')))
    const line = original.split('\n').findIndex((text) => text.includes(written)) + 1
    const {json} = runJson<Report>(['lint', file, '--format', 'json'])
    expect(json.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([['expectation', line]])
    expect(json.findings[0]!.message).toBe('expectation internet → ip:2408:4005:3bc:1230::10 tcp/5432 could not be evaluated: ip:2408:4005:3bc:1230::10 is an IPv6 address, but family: 4 was asked; an IPv6 ip: endpoint implies family: 6; drop family: 4')
  })
})
