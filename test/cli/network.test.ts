import {cpSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT, runCli, runJson} from '../helpers/cli.js'

/** The whole-network commands through the built binary: JSON shapes (SPEC §7), formats, exit codes. */

const PRODUCTION = join(ROOT, 'fixtures/production.yaml')

/**
 * An edited copy in its own directory with a copy of the fixture's manifests: `manifests:` globs
 * resolve relative to the file and may not leave its directory (issue #15).
 */
function editedCopy(): string {
  const text = readFileSync(PRODUCTION, 'utf8').replace('              ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]\n', '              ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]\n            - to: [{ ipBlock: { cidr: 192.168.128.0/23 } }]\n              ports: [{ protocol: TCP, port: 5432 }]\n')
  const dir = mkdtempSync(join(tmpdir(), 'acknet-diff-'))
  const file = join(dir, 'head.yaml')
  cpSync(join(ROOT, 'fixtures/k8s/production'), join(dir, 'k8s/production'), {recursive: true})
  writeFileSync(file, text)
  return file
}

describe('acknet diff', () => {
  const head = editedCopy()

  it('JSON: the changes with base and head verdicts and reasons, and the summary', () => {
    const {code, json} = runJson(['diff', PRODUCTION, head, '--protocol', 'tcp', '--from', 'pod:web/frontend', '--json'])
    expect(code).toBe(0)
    expect(json.summary).toEqual({added: 3, removed: 0, changed: 1, exposed: 0})
    expect(json.changes[0]).toMatchObject({from: 'pod:web/frontend', to: 'instance:pg-primary', protocol: 'tcp', ports: '5432', change: 'added', base: {verdict: 'denied', reason: {code: 'NETPOL_EGRESS_DENIED', object: 'networkPolicy/web/frontend-egress'}}, head: {verdict: 'allowed', reason: null}})
  })

  it('--fail-on: exit 1 only when a named class is non-empty', () => {
    expect(runCli(['diff', PRODUCTION, head, '--protocol', 'tcp', '--from', 'pod:web/frontend', '--fail-on', 'added']).code).toBe(1)
    expect(runCli(['diff', PRODUCTION, head, '--protocol', 'tcp', '--from', 'pod:web/frontend', '--fail-on', 'removed,exposed']).code).toBe(0)
    const bad = runCli(['diff', PRODUCTION, head, '--fail-on', 'opened'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/unknown class "opened"/)
  })

  it('markdown and sarif', () => {
    const md = runCli(['diff', PRODUCTION, head, '--protocol', 'tcp', '--from', 'pod:web/frontend', '--format', 'markdown'])
    expect(md.stdout).toContain('### acknet diff: 3 added, 0 removed, 1 changed, 0 newly exposed to the internet')
    expect(md.stdout).toContain('| pod:web/frontend | instance:pg-primary | tcp/5432 |')
    const sarif = JSON.parse(runCli(['diff', PRODUCTION, head, '--protocol', 'tcp', '--from', 'pod:web/frontend', '--format', 'sarif']).stdout)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results.map((r: {ruleId: string}) => r.ruleId)).toEqual(['flow-added', 'flow-added', 'flow-changed', 'flow-added'])
  })

  it('a missing file is exit 2 with one line on stderr', () => {
    const result = runCli(['diff', PRODUCTION, '/nonexistent.yaml'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('acknet inbound / outbound / exposure', () => {
  it('inbound JSON flows with via', () => {
    const {code, json} = runJson(['inbound', 'instance:pg-primary', '-f', PRODUCTION, '--protocol', 'tcp', '--json'])
    expect(code).toBe(0)
    expect(json.flows).toContainEqual({from: 'instance:bastion-1', to: 'instance:pg-primary', protocol: 'tcp', ports: '22', verdict: 'allowed', via: ['securityGroup/bastion#default', 'securityGroup/db#7']})
  })

  it('outbound text groups by via', () => {
    const result = runCli(['outbound', 'instance:bastion-1', '-f', PRODUCTION, '--protocol', 'tcp'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/via securityGroup\/bastion#default, securityGroup\/db#7\n/)
  })

  it('exposure JSON and --fail-on-exposed', () => {
    const {json} = runJson(['exposure', '-f', PRODUCTION, '--json'])
    expect(json.exposed.map((f: {to: string; ports: string}) => `${f.to} ${f.ports}`)).toEqual(['lb:kube-system/nginx-ingress-lb 80', 'lb:kube-system/nginx-ingress-lb 443', 'url:https://shop.example.com/ 443', 'ip:47.96.10.2 2222'])
    expect(runCli(['exposure', '-f', PRODUCTION, '--fail-on-exposed', 'ip:*']).code).toBe(1)
    expect(runCli(['exposure', '-f', PRODUCTION, '--fail-on-exposed', 'instance:*']).code).toBe(0)
  })

  it('an unknown endpoint is exit 2 with the closest names', () => {
    const result = runCli(['inbound', 'instance:pg-primry', '-f', PRODUCTION])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/pg-primary/)
  })
})
