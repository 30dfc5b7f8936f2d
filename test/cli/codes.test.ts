import {describe, expect, it} from 'vitest'
import {readFileSync} from 'node:fs'
import {ALL_CODE_INFO} from '../../src/engine/reach/codes.js'
import {renderCodesMarkdown} from '../../src/render/reach/codes.js'
import {ROOT, runCli, runJson} from '../helpers/cli.js'

describe('acknet codes', () => {
  it('--json lists every SPEC §4.3 code with meaning and fix', () => {
    const {code, json} = runJson(['codes', '--json'])
    expect(code).toBe(0)
    expect(json.codes.map((c: any) => c.code)).toEqual([
      'NETPOL_EGRESS_DENIED', 'NETPOL_INGRESS_DENIED', 'SG_EGRESS_DENIED', 'SG_INGRESS_DENIED', 'NO_ROUTE', 'BLACKHOLE_ROUTE',
      'ROUTE_QUOTA_EXCEEDED', 'NO_SNAT', 'NO_PUBLIC_ADDRESS', 'CLUSTER_IP_UNREACHABLE', 'NO_ENDPOINTS', 'PORT_NOT_EXPOSED',
      'PORT_NOT_LISTENING', 'LB_ACL_DENIED', 'LB_NOT_INTERNET_FACING', 'NO_INGRESS_RULE', 'DIFFERENT_VPC', 'UNRESOLVED_NAME', 'NO_RETURN_ROUTE',
      'NOT_INTERNET_ROUTABLE', 'NO_IPV6_ADDRESS', 'NO_IPV4_ADDRESS', 'NO_IPV6_INTERNET', 'PORT_NOT_DECLARED',
    ])
    for (const entry of json.codes) {
      expect(Object.keys(entry)).toEqual(['code', 'step', 'object', 'meaning', 'fix'])
      expect(entry.meaning.length).toBeGreaterThan(30)
      expect(entry.fix.length).toBeGreaterThan(20)
    }
  })

  it('prints each code with its fix', () => {
    const {code, stdout} = runCli(['codes'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^NO_SNAT\s+step route · object natGateway\/NAME\n  .+\n  fix: Add an SNAT entry/m)
  })

  it('docs/codes.md is generated from the catalogue and up to date', () => {
    const expected = renderCodesMarkdown(ALL_CODE_INFO)
    expect(readFileSync(`${ROOT}docs/codes.md`, 'utf8')).toBe(expected + '\n')
  })
})
