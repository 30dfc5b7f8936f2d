import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

describe('acknet instance-types', () => {
  it('lists the whole catalog with its source', () => {
    const {code, json} = runJson(['instance-types', '--json'])
    expect(code).toBe(0)
    expect(json.instanceTypes).toHaveLength(563)
    expect(json.source).toMatchObject({commit: '322eaab82e866a494eeaddb0de02bab1978692d1'})
  })

  it('--family g7 sorted by size, max pods per mode with null where an input is missing', () => {
    const {json} = runJson(['instance-types', '--family', 'g7', '--json'])
    expect(json.instanceTypes.map((t: {name: string}) => t.name)).toEqual(['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge', 'ecs.g7.3xlarge', 'ecs.g7.4xlarge', 'ecs.g7.6xlarge', 'ecs.g7.8xlarge', 'ecs.g7.16xlarge', 'ecs.g7.32xlarge'])
    const xlarge = json.instanceTypes.find((t: {name: string}) => t.name === 'ecs.g7.xlarge')
    expect(xlarge).toMatchObject({enis: 4, ipv4PerEni: 15, eniTotal: 20, maxPods: {shared: 45, exclusive: 3, trunk: 16, prefix: 4256}, eligible: {shared: true, exclusive: false, trunk: true, prefix: true}})
    const large = json.instanceTypes.find((t: {name: string}) => t.name === 'ecs.g7.4xlarge')
    expect(large.maxPods).toEqual({shared: 210, exclusive: 7, trunk: null, prefix: null})
  })

  it('--min-pods N --mode M keeps eligible types reaching N', () => {
    const {json} = runJson(['instance-types', '--family', 'g7', '--min-pods', '100', '--json'])
    expect(json.instanceTypes.map((t: {name: string}) => t.name)).toEqual(['ecs.g7.3xlarge', 'ecs.g7.4xlarge', 'ecs.g7.6xlarge', 'ecs.g7.8xlarge', 'ecs.g7.16xlarge', 'ecs.g7.32xlarge'])
    const exclusive = runJson(['instance-types', '--family', 'g7', '--min-pods', '7', '--mode', 'exclusive', '--json']).json
    expect(exclusive.instanceTypes.every((t: {enis: number}) => t.enis > 6)).toBe(true)
    expect(runJson(['instance-types', '--min-pods', '1', '--mode', 'trunk', '--json']).json.instanceTypes.map((t: {name: string}) => t.name)).toEqual(['ecs.g7.xlarge'])
  })

  it('--name glob', () => {
    const {json} = runJson(['instance-types', '--name', '*.4xlarge', '--family', 'c7', '--json'])
    expect(json.instanceTypes.map((t: {name: string}) => t.name)).toEqual(['ecs.c7.4xlarge'])
  })

  it('human table: aligned, n/a for missing inputs', () => {
    const {code, stdout} = runCli(['instance-types', '--family', 'g7'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^\s*type\s+vCPU\s+GiB\s+ENIs\s+IPv4\/ENI\s+total ENIs\s+shared\s+exclusive\s+trunk\s+prefix$/m)
    expect(stdout).toMatch(/^\s*ecs\.g7\.4xlarge\s+16\s+64\s+8\s+30\s+n\/a\s+210\s+7\s+n\/a\s+n\/a$/m)
    expect(stdout).toMatch(/9 types/)
  })

  it('an empty result is not an error; bad mode is exit 2', () => {
    expect(runCli(['instance-types', '--family', 'zz9']).stdout).toMatch(/no instance type matches/)
    expect(runCli(['instance-types', '--mode', 'x']).code).toBe(2)
  })
})
