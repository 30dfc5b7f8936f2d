import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

describe('acknet instance-types', () => {
  it('lists the whole catalog with its source', () => {
    const {code, json} = runJson(['instance-types', '--json'])
    expect(code).toBe(0)
    expect(json.instanceTypes).toHaveLength(1175)
    expect(json.source).toMatchObject({primary: 'https://help.aliyun.com/zh/ecs/user-guide/overview-of-instance-families', count: 1175})
    expect(json.instanceTypes.find((t: {name: string}) => t.name === 'ecs.ebmg6.26xlarge')).toMatchObject({enis: 32, ipv4PerEni: 20, ipv6PerEni: 1})
  })

  it('--family g7 sorted by size, max pods per mode with null where an input is missing', () => {
    const {json} = runJson(['instance-types', '--family', 'g7', '--json'])
    const names = json.instanceTypes.map((t: {name: string}) => t.name)
    expect(names.slice(0, 5)).toEqual(['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge', 'ecs.g7.3xlarge', 'ecs.g7.4xlarge'])
    const xlarge = json.instanceTypes.find((t: {name: string}) => t.name === 'ecs.g7.xlarge')
    expect(xlarge).toMatchObject({enis: 4, ipv4PerEni: 15, ipv6PerEni: 15, eniTotal: 20, maxPods: {shared: 45, exclusive: 3, trunk: 45, prefix: 672}, memberPods: 16, eligible: {shared: true, exclusive: false, trunk: true, prefix: true}})
    const large = json.instanceTypes.find((t: {name: string}) => t.name === 'ecs.g7.4xlarge')
    expect(large.maxPods).toEqual({shared: 210, exclusive: 7, trunk: 210, prefix: 3248})
    expect(large.memberPods).toBeNull()
  })

  it('--min-pods N --mode M keeps eligible types reaching N', () => {
    const {json} = runJson(['instance-types', '--family', 'g7', '--min-pods', '100', '--json'])
    expect(json.instanceTypes.every((t: {maxPods: {shared: number}}) => t.maxPods.shared >= 100)).toBe(true)
    expect(json.instanceTypes.map((t: {name: string}) => t.name)).toContain('ecs.g7.4xlarge')
    expect(json.instanceTypes.map((t: {name: string}) => t.name)).not.toContain('ecs.g7.2xlarge')
    // trunk: --min-pods counts member-ENI pods; only types with EniTotalQuantity can qualify
    const trunk = runJson(['instance-types', '--min-pods', '2', '--mode', 'trunk', '--json']).json
    expect(trunk.instanceTypes.map((t: {name: string}) => t.name)).toEqual(['ecs.g7.xlarge', 'ecs.u1-c1m4.xlarge'])
  })

  it('--min-pods 60 --mode trunk finds nothing and says how many types lack EniTotalQuantity and how to add it; --catalog adds it', () => {
    const {code, stdout} = runCli(['instance-types', '--family', 'g7', '--min-pods', '60', '--mode', 'trunk'])
    expect(code).toBe(0)
    // g7 has one type with EniTotalQuantity (xlarge, 16 member pods); the others lack it
    expect(stdout).toMatch(/no instance type matches; (\d+) of the (\d+) candidate types lack EniTotalQuantity/)
    const [, lacking, of] = /(\d+) of the (\d+)/.exec(stdout)!
    expect(Number(of) - Number(lacking)).toBe(1)
    expect(stdout).toMatch(/aliyun ecs DescribeInstanceTypes.*--catalog types\.json/)
    const json = runJson(['instance-types', '--min-pods', '3', '--mode', 'trunk', '--family', 'u1-c1m4', '--catalog', 'fixtures/catalog/describe-instance-types-pages.json', '--json']).json
    expect(json.instanceTypes.map((t: {name: string}) => t.name)).toEqual(['ecs.u1-c1m4.xlarge'])
    expect(json.instanceTypes[0].source.eniTotal).toBe('fixtures/catalog/describe-instance-types-pages.json (DescribeInstanceTypes)')
  })

  it('--name glob', () => {
    const {json} = runJson(['instance-types', '--name', '*.4xlarge', '--family', 'c7', '--json'])
    expect(json.instanceTypes.map((t: {name: string}) => t.name)).toEqual(['ecs.c7.4xlarge'])
  })

  it('human table: aligned, n/a for missing inputs', () => {
    const {code, stdout} = runCli(['instance-types', '--family', 'g7'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^\s*type\s+vCPU\s+GiB\s+ENIs\s+IPv4\/ENI\s+IPv6\/ENI\s+total ENIs\s+shared\s+exclusive\s+trunk\s+prefix\s+dual shared$/m)
    expect(stdout).toMatch(/^\s*ecs\.g7\.4xlarge\s+16\s+64\s+8\s+30\s+30\s+n\/a\s+210\s+7\s+210 \+ n\/a\s+3248\s+yes$/m)
    expect(stdout).toMatch(/^\s*ecs\.g7\.xlarge\s+4\s+16\s+4\s+15\s+15\s+20\s+45\s+3\s+45 \+ 16\s+672\s+yes$/m)
    expect(stdout).toMatch(/\d+ types; max pods per node per Terway mode \(trunk: ordinary \+ member-ENI pods\)/)
  })

  it('an empty result is not an error; bad mode is exit 2', () => {
    expect(runCli(['instance-types', '--family', 'zz9']).stdout).toMatch(/no instance type matches/)
    expect(runCli(['instance-types', '--mode', 'x']).code).toBe(2)
  })

  it('dual stack: a column for --mode, --ip-stack dual filters, JSON dualStack per mode', () => {
    const table = runCli(['instance-types', '--family', 'g6'])
    expect(table.stdout).toMatch(/dual shared/)
    expect(table.stdout).toMatch(/^ ecs\.g6\.xlarge .* no$/m)
    expect(runCli(['instance-types', '--family', 'g6', '--mode', 'exclusive']).stdout).toMatch(/^ ecs\.g6\.xlarge .* yes$/m)
    const none = runCli(['instance-types', '--family', 'g6', '--ip-stack', 'dual'])
    expect(none.code).toBe(0)
    expect(none.stdout.trim()).toBe('no matching instance type runs dual stack in shared mode (it needs IPv6 per ENI equals IPv4 per ENI)')
    const {json} = runJson(['instance-types', '--name', 'ecs.g6.xlarge', '--json'])
    expect(json.instanceTypes[0]).toMatchObject({name: 'ecs.g6.xlarge', ipv4PerEni: 10, ipv6PerEni: 1, dualStack: {shared: false, exclusive: true, trunk: false, prefix: true}})
    const d1 = runJson(['instance-types', '--family', 'd1', '--ip-stack', 'dual', '--json']).json
    expect(d1).toMatchObject({instanceTypes: [], missing: {input: 'ipv6PerEni', types: 6, of: 6}})
    expect(runCli(['instance-types', '--help']).stdout).toMatch(/instance-types --family g6 --ip-stack dual --mode exclusive/)
  })
})
