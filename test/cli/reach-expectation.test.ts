import {describe, expect, it} from 'vitest'
import {runJson} from '../helpers/cli.js'

describe('lint rule expectation', () => {
  it('reports a failed expectation at the expectation with got, wanted and the reason code; exit 1', () => {
    const {code, json} = runJson(['lint', 'fixtures/reach/terway.yaml', '--format', 'json'])
    expect(code).toBe(1)
    const findings = json.findings.filter((f: any) => f.ruleId === 'expectation')
    // the first expectation (frontend → svc api) holds; the second (batch → db-1) does not
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      severity: 'error',
      path: 'expectations[1]',
      line: expect.any(Number),
      column: 5,
      message: expect.stringMatching(/^expectation pod:web\/batch → instance:db-1 tcp\/5432: got denied \(NETPOL_EGRESS_DENIED at networkPolicy\/web\/batch-egress: .*\), wanted allowed$/),
    })
  })

  it('an expectation naming an unknown endpoint is a finding, not a crash', () => {
    const text = `apiVersion: acknet/v1
kind: Topology
metadata: {name: t}
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    vswitches: [{name: a, zone: z, cidr: 192.168.0.0/24}]
instances:
  - {name: one, vswitch: a}
expectations:
  - {from: "instance:one", to: "instance:tow", port: 22, expect: allowed}
`
    const {code, json} = runJson(['lint', '-', '--format', 'json'], {input: text})
    expect(code).toBe(1)
    const finding = json.findings.find((f: any) => f.ruleId === 'expectation')
    expect(finding).toMatchObject({line: 11, path: 'expectations[0]', message: expect.stringMatching(/could not be evaluated: unknown endpoint instance:tow.*closest: instance:one/)})
  })
})
