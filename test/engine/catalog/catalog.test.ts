import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {isAcknetError} from '../../../src/errors.js'
import {
  catalogInfo,
  closestInstanceTypes,
  listInstanceTypes,
  lookupInstanceType,
  requireInstanceType,
} from '../../../src/engine/platform/catalog.js'
import {ROOT} from '../../helpers/cli.js'

/** The shipped CSV, parsed independently of the generator: the oracle for the compiled JSON. */
function csvRows(): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(join(ROOT, 'data/ecs-instance-types.csv'), 'utf8').trim().split('\n')
  const keys = header!.split(',')
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [keys[i]!, value])))
}

describe('instance catalog', () => {
  it('holds every CSV row with the same ENI figures, and never invents IPv4 per ENI', () => {
    const rows = csvRows()
    expect(rows).toHaveLength(563)
    expect(listInstanceTypes()).toHaveLength(563)
    for (const row of rows) {
      const limits = lookupInstanceType(row.instanceType!)!
      expect(limits, row.instanceType).toBeDefined()
      expect(limits.enis).toBe(Number(row.enis))
      expect(limits.family).toBe(row.family)
      if (row.privateIpsPerEni === '') expect(limits.ipv4PerEni, row.instanceType).toBeUndefined()
      else expect(limits.ipv4PerEni).toBe(Number(row.privateIpsPerEni))
    }
    expect(listInstanceTypes().filter((t) => t.ipv4PerEni === undefined)).toHaveLength(98)
  })

  it.each([
    ['ecs.g7.large', 3, 6],
    ['ecs.g7.xlarge', 4, 15],
    ['ecs.g7.4xlarge', 8, 30],
    ['ecs.g6.large', 2, 6],
    ['ecs.c7.xlarge', 4, 15],
  ])('sanity row %s: %i ENIs × %i IPv4 (data/README.md)', (name, enis, ipv4) => {
    expect(lookupInstanceType(name)).toMatchObject({name, enis, ipv4PerEni: ipv4, origin: 'catalog'})
  })

  it('carries the documented extras (facts §4) and nothing else beyond the CSV', () => {
    expect(lookupInstanceType('ecs.g7.xlarge')).toMatchObject({ipv6PerEni: 15, eniTotal: 20, trunk: true})
    expect(lookupInstanceType('ecs.g6.large')).toMatchObject({ipv6PerEni: 1, eniTotal: 2, trunk: false})
    const withTotal = listInstanceTypes().filter((t) => t.eniTotal !== undefined).map((t) => t.name)
    expect(withTotal).toEqual(['ecs.g6.large', 'ecs.g7.xlarge'])
    expect(lookupInstanceType('ecs.g7.4xlarge')!.eniTotal).toBeUndefined()
  })

  it('records its provenance', () => {
    expect(catalogInfo()).toMatchObject({repository: 'https://github.com/AlibabaCloudDocs/ecs', commit: '322eaab82e866a494eeaddb0de02bab1978692d1'})
    expect(readFileSync(join(ROOT, 'data/LICENSE.ecs-docs'), 'utf8')).toMatch(/MIT License/)
    expect(readFileSync(join(ROOT, 'data/README.md'), 'utf8')).toMatch(/322eaab82e866a494eeaddb0de02bab1978692d1/)
  })

  it('is what scripts/build-catalog.mjs generates from the CSV (kept in sync)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acknet-catalog-'))
    try {
      const out = join(dir, 'types.json')
      execFileSync(process.execPath, [join(ROOT, 'scripts/build-catalog.mjs'), join(ROOT, 'data/ecs-instance-types.csv'), out], {stdio: 'pipe'})
      const strip = (text: string): string => text.replace(/"generated": "[^"]*"/, '')
      expect(strip(readFileSync(out, 'utf8'))).toBe(strip(readFileSync(join(ROOT, 'data/instance-types.json'), 'utf8')))
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('accepts names without the ecs. prefix and in any case', () => {
    expect(lookupInstanceType('g7.xlarge')!.name).toBe('ecs.g7.xlarge')
    expect(lookupInstanceType('ECS.G7.XLARGE')!.name).toBe('ecs.g7.xlarge')
    expect(lookupInstanceType('ecs.nope.large')).toBeUndefined()
  })

  it('lets overrides replace fields and add types the catalog lacks', () => {
    const g8i = lookupInstanceType('ecs.g8i.xlarge', [{name: 'ecs.g8i.xlarge', enis: 4, ipv4PerEni: 15, eniTotal: 20}])
    expect(g8i).toMatchObject({name: 'ecs.g8i.xlarge', family: 'g8i', enis: 4, ipv4PerEni: 15, eniTotal: 20, origin: 'topology'})
    const patched = lookupInstanceType('ecs.c4.xlarge', [{name: 'ecs.c4.xlarge', ipv4PerEni: 10}])
    expect(patched).toMatchObject({enis: 3, ipv4PerEni: 10, origin: 'topology'})
    // a new type without enis cannot be completed
    expect(lookupInstanceType('ecs.x9.large', [{name: 'ecs.x9.large', ipv4PerEni: 10}])).toBeUndefined()
    expect(listInstanceTypes([{name: 'ecs.g8i.xlarge', enis: 4}])).toHaveLength(564)
    // the last entry for a name wins
    expect(lookupInstanceType('ecs.g7.large', [{name: 'ecs.g7.large', enis: 5}, {name: 'g7.large', enis: 6}])!.enis).toBe(6)
  })

  it('suggests the closest known types for a typo', () => {
    expect(closestInstanceTypes('ecs.g7.xlarg', 3)[0]).toBe('ecs.g7.xlarge')
    expect(closestInstanceTypes('ecs.g7.4xlage', 1)).toEqual(['ecs.g7.4xlarge'])
    expect(closestInstanceTypes('ecs.g9.4xlarge', 3)).toContain('ecs.g7.4xlarge')
  })

  it('requireInstanceType fails with exit 2 naming the closest types', () => {
    try {
      requireInstanceType('ecs.g7.xlarg')
      expect.unreachable()
    } catch (error) {
      expect(isAcknetError(error)).toBe(true)
      expect((error as {exitCode: number}).exitCode).toBe(2)
      expect((error as Error).message).toMatch(/unknown instance type "ecs\.g7\.xlarg"; did you mean ecs\.g7\.xlarge/)
    }
  })
})
