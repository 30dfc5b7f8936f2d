import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

const FILE = 'fixtures/reach/terway.yaml'

describe('acknet matrix', () => {
  it('JSON: {results: [reach results without paths]} for every pair of the globs', () => {
    const {code, json} = runJson(['matrix', '-f', FILE, '--from', 'pod:web/*', '--to', 'instance:db-1,instance:worker', '--port', '5432', '--json'])
    expect(code).toBe(0)
    expect(json.results).toHaveLength(3 * 2) // frontend, api, batch × db-1, worker
    for (const entry of json.results) expect(entry).not.toHaveProperty('paths')
    const cell = (from: string, to: string) => json.results.find((r: any) => r.from.ref === from && r.to.ref === to)
    expect(cell('pod:web/frontend', 'instance:db-1')).toMatchObject({verdict: 'denied', reason: {code: 'SG_INGRESS_DENIED', object: 'securityGroup/db'}})
    expect(cell('pod:web/batch', 'instance:db-1')).toMatchObject({verdict: 'denied', reason: {code: 'NETPOL_EGRESS_DENIED'}})
    expect(cell('pod:web/batch', 'instance:worker')).toMatchObject({verdict: 'allowed', reason: null})
  })

  it('table with ✓/✗ and reason codes, and a summary line', () => {
    const {code, stdout} = runCli(['matrix', '-f', FILE, '--from', 'node:*', '--to', 'instance:db-1', '--port', '5432'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/node:default\s+instance:db-1\s+tcp\/5432\s+✓ allowed/)
    expect(stdout).toMatch(/1 pairs: 1 allowed, 0 partial, 0 denied/)
    expect(stdout).not.toMatch(/IPv6/) // over IPv4 (the default) the table says nothing of the family
  })

  it('CSV and Markdown', () => {
    const csv = runCli(['matrix', '-f', FILE, '--from', 'internet', '--to', 'lb:*/*', '--format', 'csv'])
    expect(csv.code).toBe(0)
    const lines = csv.stdout.trim().split('\n')
    expect(lines[0]).toBe('from,to,protocol,port,verdict,reason_code,reason_object,reason_message,family')
    expect(lines).toContain('internet,lb:web/frontend,tcp,80,allowed,,,,4')
    expect(lines.find((l) => l.startsWith('internet,lb:web/internal-lb,'))).toMatch(/,denied,LB_NOT_INTERNET_FACING,service\/web\/internal-lb,.*,4$/)
    const md = runCli(['matrix', '-f', FILE, '--from', 'internet', '--to', 'lb:web/frontend', '--format', 'markdown'])
    expect(md.stdout).toMatch(/^\| from \| to \| port \| verdict \| reason \|\n\|---\|/)
    expect(md.stdout).toMatch(/\| internet \| lb:web\/frontend \| tcp\/80 \| ✓ allowed \|/)
  })

  it('pairs with no port to pick are listed as not evaluated', () => {
    const {json} = runJson(['matrix', '-f', FILE, '--from', 'pod:web/frontend', '--to', 'instance:worker', '--json'])
    expect(json.results[0]).toMatchObject({error: expect.stringMatching(/declares no tcp port/)})
  })

  it('a selector that matches nothing or names an unknown endpoint: exit 2', () => {
    const glob = runCli(['matrix', '-f', FILE, '--from', 'pod:nope/*', '--to', 'instance:*', '-p', '1'])
    expect(glob.code).toBe(2)
    expect(glob.stderr).toMatch(/selector pod:nope\/\* matches no endpoint/)
    const literal = runCli(['matrix', '-f', FILE, '--from', 'instance:db-9', '--to', 'internet', '-p', '1'])
    expect(literal.code).toBe(2)
    expect(literal.stderr).toMatch(/unknown endpoint instance:db-9[\s\S]*closest: instance:db-1/)
  })
})
