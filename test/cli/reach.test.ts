import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

const FILE = 'fixtures/reach/terway.yaml'

describe('acknet reach', () => {
  it('allowed: exit 0, the SPEC §4.3 JSON shape, reason null', () => {
    const {code, json, stderr} = runJson(['reach', 'pod:web/frontend', 'svc:web/api', '-f', FILE, '--json'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(Object.keys(json)).toEqual(['from', 'to', 'protocol', 'port', 'family', 'verdict', 'reason', 'paths'])
    expect(json).toMatchObject({from: {ref: 'pod:web/frontend', kind: 'pod'}, to: {ref: 'svc:web/api', kind: 'svc', address: expect.stringMatching(/^172\.21\.0\.\d+$/)}, protocol: 'tcp', port: 80, verdict: 'allowed', reason: null})
    for (const path of json.paths) {
      expect(path.verdict).toBe('allowed')
      for (const hop of path.hops) expect(Object.keys(hop).sort()).toEqual(['detail', 'object', 'result', 'step'])
    }
  })

  it('denied: exit 1, reason = first denying hop with the SPEC object name, and a fix', () => {
    const {code, json} = runJson(['reach', 'pod:web/frontend', 'instance:db-1', '--port', '5432', '-f', FILE, '--json'])
    expect(code).toBe(1)
    expect(json.verdict).toBe('denied')
    expect(json.reason).toEqual({code: 'SG_INGRESS_DENIED', object: 'securityGroup/db', message: expect.stringMatching(/priority 10/)})
    const hops = json.paths[0].hops
    expect(hops.at(-1)).toMatchObject({step: 'sg-ingress', object: 'securityGroup/db', result: 'deny', code: 'SG_INGRESS_DENIED'})
    expect(json.fix).toMatch(/^add an ingress rule to security group db: tcp 5432 from 192\.168\.32\.0\/19/)
  })

  it('partial: exit 1', () => {
    const {code, json} = runJson(['reach', 'instance:app-1', 'pod:default/web', '-f', 'fixtures/reach/flannel.yaml', '--json'])
    expect(code).toBe(1)
    expect(json.verdict).toBe('partial')
    expect(json.reason).toMatchObject({code: 'ROUTE_QUOTA_EXCEEDED', object: 'routeTable/flan/system'})
  })

  it('prints a hop table and a one-line verdict with reason and fix', () => {
    const {code, stdout} = runCli(['reach', 'pod:web/frontend', 'instance:db-1', '-p', '5432', '-f', FILE])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^pod:web\/frontend \(192\.168\.32\.\d+\) → instance:db-1 \(192\.168\.64\.10\)  tcp\/5432/)
    expect(stdout).toMatch(/ 5\s+sg-ingress\s+securityGroup\/db\s+DENY\s+SG_INGRESS_DENIED: db rule 1/)
    expect(stdout).toMatch(/✗ denied: SG_INGRESS_DENIED at securityGroup\/db — /)
    expect(stdout).toMatch(/fix: add an ingress rule to security group db/)
    expect(stdout).not.toMatch(/\u001B\[/)
  })

  it('--explain lists considered objects', () => {
    const {stdout} = runCli(['reach', 'pod:web/frontend', 'instance:db-1', '-p', '25', '-f', FILE, '--explain'])
    expect(stdout).toMatch(/considered, not applied:/)
    expect(stdout).toMatch(/sg-egress\s+securityGroup\/pods: lost to the deciding rule: pods rule 3/)
  })

  it('unknown endpoint: exit 2, one message with the closest names, nothing on stdout', () => {
    const {code, stdout, stderr} = runCli(['reach', 'pod:web/frontnd', 'instance:db-1', '-p', '5432', '-f', FILE])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^error unknown endpoint pod:web\/frontnd: no workload of that name in the topology\n  closest: pod:web\/frontend\n$/)
  })

  it('no port to pick: exit 2 naming --port', () => {
    const {code, stderr} = runCli(['reach', 'pod:web/frontend', 'instance:db-1', '-f', FILE, '--json'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/instance:db-1 declares several tcp ports \(5432, 22\): add --port N/)
  })

  it('a file with a structural finding is refused with exit 2 and file:line:column', () => {
    const bad = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: x}\nvpcs:\n  - name: a\n    cidr: 10.0.0.5/16\n'
    const {code, stderr} = runCli(['reach', 'internet', 'ip:8.8.8.8', '-p', '53', '-f', '-'], {input: bad})
    expect(code).toBe(2)
    expect(stderr).toMatch(/^error <stdin>:6:11: 10\.0\.0\.5\/16 has host bits set/)
    expect(stderr).not.toMatch(/ at .*\.js:\d+/)
  })

  it('--format mermaid draws the path (the graph renderer)', () => {
    const {code, stdout} = runCli(['reach', 'pod:web/frontend', 'instance:db-1', '-p', '5432', '-f', FILE, '--format', 'mermaid'])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^flowchart LR\n/)
    expect(stdout).toMatch(/sg-ingress<br\/>securityGroup\/db/)
  })

  it('has help with examples', () => {
    const {code, stdout} = runCli(['reach', '--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/EXAMPLES/)
    expect(stdout).toMatch(/--explain/)
  })
})
