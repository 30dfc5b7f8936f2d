import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {terwayCapacity} from '../../../src/engine/capacity/terway.js'
import {lookupInstanceType} from '../../../src/engine/platform/catalog.js'
import {parseDescribeInstanceTypes} from '../../../src/engine/platform/describe-instance-types.js'
import {ROOT} from '../../helpers/cli.js'

const fixture = (name: string): string => readFileSync(join(ROOT, 'fixtures/catalog', name), 'utf8')

describe('DescribeInstanceTypes parser (SPEC 1.4)', () => {
  it('reads the real ecs.g7.xlarge response: 4 ENIs × 15 IPv4 × 15 IPv6, EniTotalQuantity 20, trunk', () => {
    expect(parseDescribeInstanceTypes(fixture('describe-instance-types-g7.json'), 'g7.json')).toEqual([
      {name: 'ecs.g7.xlarge', family: 'g7', vcpus: 4, memoryGiB: 16, enis: 4, ipv4PerEni: 15, ipv6PerEni: 15, eniTotal: 20, trunk: true, origin: 'user-catalog', source: 'g7.json (DescribeInstanceTypes)'},
    ])
  })

  it('reads an array of pages; every real row keeps its values', () => {
    const types = parseDescribeInstanceTypes(fixture('describe-instance-types-pages.json'), 'pages.json')
    expect(types.map((t) => t.name)).toEqual(['ecs.u1-c1m4.xlarge', 'ecs.g8a.xlarge', 'ecs.ebmg5.24xlarge', 'ecs.ic5.large', 'ecs.t1.xsmall', 'ecs.s6-c1m2.16xlarge'])
    expect(types.find((t) => t.name === 'ecs.u1-c1m4.xlarge')).toMatchObject({enis: 3, ipv4PerEni: 10, ipv6PerEni: 1, eniTotal: 6, trunk: true})
    expect(types.find((t) => t.name === 'ecs.t1.xsmall')).toMatchObject({enis: 1, ipv4PerEni: 1, ipv6PerEni: 0, eniTotal: 1, trunk: false, memoryGiB: 0.5})
  })

  it('layers over the shipped catalog: the API figure wins and names the file', () => {
    const userCatalog = parseDescribeInstanceTypes(fixture('describe-instance-types-pages.json'), 'pages.json')
    // the shipped row says 2 IPv6 per ENI (the page); this response says 1
    expect(lookupInstanceType('ecs.u1-c1m4.xlarge')!.ipv6PerEni).toBe(2)
    const merged = lookupInstanceType('ecs.u1-c1m4.xlarge', userCatalog)!
    expect(merged).toMatchObject({ipv6PerEni: 1, eniTotal: 6, origin: 'user-catalog'})
    expect(merged.sources).toMatchObject({ipv6PerEni: 'pages.json (DescribeInstanceTypes)', eniTotal: 'pages.json (DescribeInstanceTypes)'})
    const trunk = terwayCapacity({limits: merged, mode: 'trunk'})
    expect(trunk).toMatchObject({maxPodsPerNode: 20, memberPodsPerNode: 3})
    expect(trunk.source.eniTotal).toBe('pages.json (DescribeInstanceTypes)')
  })

  it('refuses what is not a DescribeInstanceTypes response, naming the file and the field (exit 2)', () => {
    const parse = (text: string) => () => parseDescribeInstanceTypes(text, 'x.json')
    expect(parse('{"InstanceTypes": ')).toThrow(/not valid JSON.*aliyun ecs DescribeInstanceTypes/)
    expect(parse('{"Vpcs": {"Vpc": []}}')).toThrow(/x\.json: no InstanceTypes\.InstanceType list/)
    expect(parse('{"InstanceTypes": {"InstanceType": [{"EniQuantity": 4}]}}')).toThrow(/InstanceType\[0\] has no InstanceTypeId/)
    expect(parse('{"InstanceTypes": {"InstanceType": [{"InstanceTypeId": "ecs.a.b"}]}}')).toThrow(/\(ecs\.a\.b\) has no EniQuantity/)
    expect(parse('{"InstanceTypes": {"InstanceType": [{"InstanceTypeId": "ecs.a.b", "EniQuantity": "4"}]}}')).toThrow(/EniQuantity must be a whole number ≥ 1, got "4"/)
    expect(parse('{"InstanceTypes": {"InstanceType": [{"InstanceTypeId": "ecs.a.b", "EniQuantity": 4, "EniTotalQuantity": 3}]}}')).toThrow(/EniTotalQuantity 3 is less than EniQuantity 4/)
    expect(parse('[]')).toThrow(/an empty list/)
    expect(parse('[]')).toThrow(expect.objectContaining({exitCode: 2, position: {file: 'x.json'}}))
  })

  it('EniTotalQuantity 0 means "not given" (never turned into negative member ENIs)', () => {
    const [row] = parseDescribeInstanceTypes('{"InstanceTypes": {"InstanceType": [{"InstanceTypeId": "ecs.g6.large", "EniQuantity": 2, "EniPrivateIpAddressQuantity": 6, "EniTotalQuantity": 0}]}}', 'x.json')
    expect(row!.eniTotal).toBeUndefined()
  })
})
