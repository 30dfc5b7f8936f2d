import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

const cutOffTopology = `apiVersion: acknet/v1
kind: Topology
metadata: {name: small-quota}
settings: {routeEntriesPerTable: 6}
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    routeTables:
      - name: system
        routes: [{destination: 0.0.0.0/0, nextHop: blackhole}]
    vswitches: [{name: a, zone: z, cidr: 192.168.0.0/24}]
clusters:
  - name: f
    vpc: v
    network: {plugin: flannel, podCidr: 172.20.0.0/16, nodeCidrMask: 24}
    serviceCidr: 172.21.0.0/20
    nodePools: [{name: p, instanceType: ecs.g7.xlarge, count: 8, vswitches: [a]}]
`

describe('acknet routes', () => {
  it('reports custom and Flannel entries, quota and headroom as JSON', () => {
    const {code, json} = runJson(['routes', '-f', 'fixtures/flannel-near-quota.yaml', '--json'])
    expect(code).toBe(0)
    expect(json.tables).toHaveLength(1)
    const table = json.tables[0]
    expect(table).toMatchObject({vpc: 'legacy', name: 'system', system: true, quota: 200, customEntries: 6, flannelEntries: 184, used: 190, headroom: 10, missing: 0, nodesWithoutRoute: []})
    expect(table.routes[0]).toEqual({destination: '0.0.0.0/0', nextHop: 'nat:legacy-nat'})
    expect(table.flannelRoutes[0]).toEqual({destination: '172.20.0.0/26', cluster: 'legacy', node: 'general-0', nodeIp: '192.168.0.1'})
    expect(table.flannelRoutes[183]).toMatchObject({destination: '172.20.45.192/26', node: 'memory-23'})
    expect(table.systemRoutes.map((r: {vswitch: string}) => r.vswitch)).toEqual(['node-b', 'node-e', 'edge'])
  })

  it('dual stack: IPv6 custom routes count against the quota; the IPv6 gateway adds ::/0 to the system table', () => {
    const {code, json} = runJson(['routes', '-f', 'fixtures/dual-stack.yaml', '--json'])
    expect(code).toBe(0)
    const [system, data] = json.tables
    expect(system).toMatchObject({name: 'system', customEntries: 1, used: 1, headroom: 199, routes: [{destination: '0.0.0.0/0', nextHop: 'nat:prod-nat'}], gatewayRoutes: [{destination: '::/0', nextHop: 'ipv6gw:prod-ipv6gw'}]})
    expect(data).toMatchObject({name: 'data', customEntries: 2, used: 2, headroom: 198, gatewayRoutes: []})
    expect(data.routes).toEqual([{destination: '0.0.0.0/0', nextHop: 'blackhole'}, {destination: '::/0', nextHop: 'blackhole'}])
    expect(data.systemRoutes.at(-1)).toEqual({destination: '2408:4005:3bc:1230::/64', vswitch: 'data-i'})
  })

  it('lists the nodes left without a route when the quota is full (stdin input)', () => {
    const {code, json} = runJson(['routes', '-f', '-', '--json'], {input: cutOffTopology})
    expect(code).toBe(0)
    expect(json.tables[0]).toMatchObject({quota: 6, customEntries: 1, flannelEntries: 5, headroom: 0, missing: 3})
    expect(json.tables[0].nodesWithoutRoute).toEqual([
      {cluster: 'f', node: 'p-5', podRange: '172.20.5.0/24'},
      {cluster: 'f', node: 'p-6', podRange: '172.20.6.0/24'},
      {cluster: 'f', node: 'p-7', podRange: '172.20.7.0/24'},
    ])
    const text = runCli(['routes', '-f', '-'], {input: cutOffTopology})
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/route table v\/system \(system\) +6\/6 entries used \(1 custom, 5 Flannel node\), 3 over quota/)
    expect(text.stdout).toMatch(/3 Flannel node\(s\) left without a route/)
    expect(text.stdout).toMatch(/^ +f +p-7 +172\.20\.7\.0\/24$/m)
  })

  it('summarises long Flannel lists unless --all', () => {
    const short = runCli(['routes', '-f', 'fixtures/flannel-near-quota.yaml'])
    expect(short.stdout).toMatch(/174 more Flannel node routes \(--all lists them\)/)
    const all = runCli(['routes', '-f', 'fixtures/flannel-near-quota.yaml', '--all'])
    expect(all.stdout).toMatch(/172\.20\.45\.192\/26 +node legacy\/memory-23/)
    expect(all.stdout).toMatch(/192\.168\.64\.0\/24 +local \(vSwitch edge\) +system/)
  })

  it('refuses a file with a structural problem: exit 2, one line naming file:line:column', () => {
    const broken = cutOffTopology.replace('vswitches: [a]}', 'vswitches: [b]}')
    const result = runCli(['routes', '-f', '-'], {input: broken})
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^error <stdin>:17:78: unknown vSwitch "b"; did you mean `a`\? \[unknown-reference\]$/m)
  })

  it('exits 2 naming a missing file', () => {
    const result = runCli(['routes', '-f', 'no/such/file.yaml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/no such file: no\/such\/file\.yaml/)
  })

  it('has help with examples', () => {
    const result = runCli(['routes', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/EXAMPLES/)
    expect(result.stdout).toMatch(/headroom/)
  })
})
