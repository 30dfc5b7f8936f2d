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

  it('dual stack: IPv6 blocks, addresses, routes and the IPv6 gateway are drawn; --family 6 highlights the IPv6 path', () => {
    const plain = runCli(['graph', '-f', 'fixtures/dual-stack.yaml'])
    expect(plain.code).toBe(0)
    expect(checkMermaid(plain.stdout)).toEqual([])
    expect(plain.stdout).toContain('subgraph vpc_prod["VPC prod<br/>10.0.0.0/16<br/>2408:4005:3bc:1200::/56"]')
    expect(plain.stdout).toContain('instance_bastion["ECS bastion<br/>10.0.12.10<br/>2408:4005:3bc:1220::10"]')
    // the system table's ::/0 entry that the gateway adds, and the custom blackhole in the data table
    expect(plain.stdout).toContain('routeTable_prod_system -->|"::/0"| ipv6Gateway_prod_ipv6gw')
    expect(plain.stdout).toContain('routeTable_prod_data -->|"::/0"| external_blackhole')
    expect(plain.stdout).toMatch(/ipv6Gateway_prod_ipv6gw -->\|"IPv6 2408:4005:3bc:1210::\/64, 2408:4005:3bc:1211::\/64 \+1"\| internet_internet/)
    // over IPv6 the internet comes in through the IPv6 gateway and the pods' own group denies it
    const v6 = runCli(['graph', '-f', 'fixtures/dual-stack.yaml', '--highlight', 'internet,pod:web/frontend', '--port', '8080', '--family', '6'])
    expect(v6.code).toBe(0)
    expect(v6.stdout).toContain('internet_internet ==> ipv6Gateway_prod_ipv6gw')
    expect(v6.stdout).toContain('ipv6Gateway_prod_ipv6gw ==>|"denied: tcp/8080 SG_INGRESS_DENIED"| workload_shop_web_frontend')
    // the same question over IPv4 stops before any gateway: the pods have no public IPv4 entry
    const v4 = runJson(['graph', '-f', 'fixtures/dual-stack.yaml', '--highlight', 'internet,pod:web/frontend', '--port', '8080', '--json'])
    expect(v4.json.reach).toMatchObject({verdict: 'denied', reason: {code: 'NO_PUBLIC_ADDRESS'}})
    // an IPv6 ip: endpoint implies --family 6 and is drawn as the instance that owns it
    const owned = runCli(['graph', '-f', 'fixtures/dual-stack.yaml', '--highlight', 'ip:2408:4005:3bc:1220::10,instance:pg-primary', '--port', '5432'])
    expect(owned.code).toBe(0)
    expect(owned.stdout).toMatch(/class [^\n]*instance_bastion[^\n]* path/)
    expect(runCli(['graph', '-f', 'fixtures/dual-stack.yaml', '--highlight', 'ip:2408:4005:3bc:1220::10,instance:pg-primary', '--family', '4']).code).toBe(2)
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
