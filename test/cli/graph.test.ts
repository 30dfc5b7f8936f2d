import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'
import {checkMermaid} from '../engine/graph/mermaid-check.js'

const HAS_DOT = spawnSync('dot', ['-V']).status === 0
const dir = mkdtempSync(join(tmpdir(), 'acknet-graph-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('acknet graph (CLI)', () => {
  it('prints well-formed Mermaid by default and wraps it for Markdown on request', () => {
    const plain = runCli(['graph', '-f', 'fixtures/production.yaml'])
    expect(plain.code).toBe(0)
    expect(checkMermaid(plain.stdout)).toEqual([])
    const markdown = runCli(['graph', '-f', 'fixtures/production.yaml', '--markdown'])
    expect(markdown.stdout.startsWith('```mermaid\nflowchart LR\n')).toBe(true)
    expect(markdown.stdout.trimEnd().endsWith('```')).toBe(true)
  })

  it('--format dot renders to SVG with Graphviz', (context) => {
    const {code, stdout} = runCli(['graph', '-f', 'fixtures/production.yaml', '--format', 'dot', '--direction', 'TB'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^digraph "shop-prod" \{/)
    if (!HAS_DOT) {
      context.skip('Graphviz `dot` is not installed (apt-get install graphviz); SVG rendering not checked')
      return
    }
    const svg = spawnSync('dot', ['-Tsvg'], {input: stdout, encoding: 'utf8'})
    expect(svg.status, svg.stderr).toBe(0)
    expect(svg.stdout).toContain('<svg')
  })

  it('--highlight draws the reach path, the denying box in red', () => {
    const {code, stdout} = runCli(['graph', '-f', 'fixtures/import/equivalent.yaml', '--highlight', 'instance:app-1,instance:db-1', '--port', '5432'])
    expect(code).toBe(0)
    expect(checkMermaid(stdout)).toEqual([])
    expect(stdout).toContain('instance_app_1 ==> routeTable_prod_system')
    expect(stdout).toContain('routeTable_prod_system ==>|"denied: tcp/5432 SG_INGRESS_DENIED"| instance_db_1')
    expect(stdout).toMatch(/class [^\n]*instance_db_1[^\n]* deny/)
    const json = runJson(['graph', '-f', 'fixtures/import/equivalent.yaml', '--highlight', 'instance:app-1,instance:db-1', '--port', '5432', '--json'])
    expect(json.json.reach).toMatchObject({verdict: 'denied', reason: {code: 'SG_INGRESS_DENIED'}})
  })

  it('--cluster keeps one cluster; an unknown one is exit 2 with the names', () => {
    const ok = runCli(['graph', '-f', 'fixtures/import/equivalent.yaml', '--cluster', 'shop'])
    expect(ok.code).toBe(0)
    const bad = runCli(['graph', '-f', 'fixtures/import/equivalent.yaml', '--cluster', 'nope'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/no cluster named "nope"/)
    expect(bad.stderr).toMatch(/clusters: shop/)
  })

  it('refuses a file with a structural problem (exit 2, file:line:column), but draws one with only lint errors', () => {
    const broken = join(dir, 'broken.yaml')
    writeFileSync(broken, 'apiVersion: acknet/v1\nkind: Topology\nmetadata: { name: x }\nvpcs:\n  - { name: v, cidr: 10.0.0.0/16, vswitches: [{ name: s, zone: z, cidr: 10.0.0.0/24 }] }\ninstances:\n  - { name: i, vswitch: nope }\n')
    const refused = runCli(['graph', '-f', broken])
    expect(refused.code).toBe(2)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toMatch(new RegExp(`broken\\.yaml:7:\\d+: .*unknown-reference`))
    const quota = join(dir, 'quota.yaml')
    writeFileSync(quota, 'apiVersion: acknet/v1\nkind: Topology\nmetadata: { name: x }\nsettings: { routeEntriesPerTable: 0 }\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    routeTables: [{ name: system, routes: [{ destination: 0.0.0.0/0, nextHop: blackhole }] }]\n    vswitches: [{ name: s, zone: z, cidr: 10.0.0.0/24 }]\n')
    const drawn = runCli(['graph', '-f', quota])
    expect(drawn.code).toBe(0)
    expect(checkMermaid(drawn.stdout)).toEqual([])
  })
})
