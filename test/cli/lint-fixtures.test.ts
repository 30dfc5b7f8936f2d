import {describe, expect, it} from 'vitest'
import {runJson} from '../helpers/cli.js'

/** The example topologies users copy must lint clean (no error findings, exit 0). */
describe('acknet lint on the shipped example topologies', () => {
  it.each(['fixtures/production.yaml', 'fixtures/flannel-near-quota.yaml'])('%s has no error findings and exits 0', (file) => {
    const {code, json} = runJson<{findings: Array<{ruleId: string; severity: string; message: string}>; summary: {errors: number}}>(['lint', file, '--format', 'json'])
    expect(json.findings.filter((finding) => finding.severity === 'error')).toEqual([])
    expect(json.summary.errors).toBe(0)
    expect(code).toBe(0)
  })
})
