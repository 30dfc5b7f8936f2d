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
    expect(rows).toHaveLength(1175)
    expect(listInstanceTypes()).toHaveLength(1175)
    for (const row of rows) {
      const limits = lookupInstanceType(row.instanceType!)!
      expect(limits, row.instanceType).toBeDefined()
      expect(limits.enis).toBe(Number(row.enis))
      expect(limits.family).toBe(row.family)
      if (row.privateIpsPerEni === '') expect(limits.ipv4PerEni, row.instanceType).toBeUndefined()
      else expect(limits.ipv4PerEni).toBe(Number(row.privateIpsPerEni))
      // IPv6 per ENI is kept in the model (dual stack reads it); empty stays unknown
      if (row.ipv6PerEni === '') expect(limits.ipv6PerEni, row.instanceType).toBeUndefined()
      else expect(limits.ipv6PerEni).toBe(Number(row.ipv6PerEni))
      if (row.eniTotal === '') expect(limits.eniTotal, row.instanceType).toBeUndefined()
      else expect(limits.eniTotal).toBe(Number(row.eniTotal))
      expect(limits.trunk).toBe(row.trunk === '' ? undefined : row.trunk === 'true')
    }
    expect(listInstanceTypes().filter((t) => t.ipv4PerEni === undefined)).toHaveLength(48)
  })

  it('is the refreshed catalog: new families, corrected bare metal and i3, 2021 rows replaced', () => {
    // 6th-generation bare metal now publishes 32 × 20 (was 32 × 10); i3 30 per ENI, not 300
    for (const name of ['ecs.ebmg6.26xlarge', 'ecs.ebmc6.26xlarge', 'ecs.ebmr6.26xlarge']) expect(lookupInstanceType(name), name).toMatchObject({enis: 32, ipv4PerEni: 20})
    for (const name of ['ecs.i3.4xlarge', 'ecs.i3.8xlarge', 'ecs.i3g.8xlarge']) expect(lookupInstanceType(name)?.ipv4PerEni, name).toBe(30)
    expect(listInstanceTypes().filter((t) => (t.ipv4PerEni ?? 0) >= 300)).toEqual([])
    for (const family of ['g8i', 'g8a', 'g9i', 'ebmg7']) expect(listInstanceTypes().some((t) => t.family === family), family).toBe(true)
    expect(lookupInstanceType('ecs.g8a.xlarge')).toMatchObject({enis: 4, ipv4PerEni: 15, ipv6PerEni: 15, eniTotal: 5, trunk: true})
    expect(lookupInstanceType('ecs.g6.large')).toMatchObject({enis: 2, ipv4PerEni: 6, ipv6PerEni: 1})
    // the 2021 API-reference sample (EniTotalQuantity 2) is no longer used
    expect(lookupInstanceType('ecs.g6.large')!.eniTotal).toBeUndefined()
    // each value names its source row
    expect(lookupInstanceType('ecs.g7.xlarge')!.sources!.ipv4PerEni).toMatch(/^shipped catalog: https:\/\/help\.aliyun\.com\/zh\/ecs\/user-guide\/overview-of-instance-families \(g7\)/)
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

  it('has EniTotalQuantity only where a real DescribeInstanceTypes response gave it', () => {
    expect(lookupInstanceType('ecs.g7.xlarge')).toMatchObject({ipv6PerEni: 15, eniTotal: 20, trunk: true})
    const withTotal = listInstanceTypes().filter((t) => t.eniTotal !== undefined).map((t) => t.name)
    expect(withTotal).toEqual(['ecs.ebmg5.24xlarge', 'ecs.g7.xlarge', 'ecs.g8a.xlarge', 'ecs.ic5.large', 'ecs.s6-c1m2.16xlarge', 'ecs.t1.xsmall', 'ecs.u1-c1m4.xlarge'])
    expect(lookupInstanceType('ecs.g7.4xlarge')!.eniTotal).toBeUndefined()
  })

  it('records its provenance', () => {
    expect(catalogInfo()).toMatchObject({primary: 'https://help.aliyun.com/zh/ecs/user-guide/overview-of-instance-families', legacyCommit: '322eaab82e866a494eeaddb0de02bab1978692d1', count: 1175})
    expect(readFileSync(join(ROOT, 'data/LICENSE.ecs-docs'), 'utf8')).toMatch(/MIT License/)
    const readme = readFileSync(join(ROOT, 'data/README.md'), 'utf8')
    expect(readme).toMatch(/322eaab82e866a494eeaddb0de02bab1978692d1/)
    expect(readme).toMatch(/overview-of-instance-families/)
    expect(readFileSync(join(ROOT, 'data/CATALOG-DIFF-2021.md'), 'utf8')).toMatch(/\| ecs\.ebmg6\.26xlarge \| privateIpsPerEni \| 10 \| 20 \|/)
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
    const x9 = lookupInstanceType('ecs.x9.xlarge', [{name: 'ecs.x9.xlarge', enis: 4, ipv4PerEni: 15, eniTotal: 20}])
    expect(x9).toMatchObject({name: 'ecs.x9.xlarge', family: 'x9', enis: 4, ipv4PerEni: 15, eniTotal: 20, origin: 'topology'})
    const patched = lookupInstanceType('ecs.c4.xlarge', [{name: 'ecs.c4.xlarge', ipv4PerEni: 10}])
    expect(patched).toMatchObject({enis: 3, ipv4PerEni: 10, origin: 'topology'})
    // a new type without enis cannot be completed
    expect(lookupInstanceType('ecs.x9.large', [{name: 'ecs.x9.large', ipv4PerEni: 10}])).toBeUndefined()
    expect(listInstanceTypes([{name: 'ecs.x9.xlarge', enis: 4}])).toHaveLength(1176)
    // the last entry for a name wins
    expect(lookupInstanceType('ecs.g7.large', [{name: 'ecs.g7.large', enis: 5}, {name: 'g7.large', enis: 6}])!.enis).toBe(6)
  })

  it('layers field by field, lowest precedence first, and names each value\'s source', () => {
    const userCatalog = [{name: 'ecs.g7.2xlarge', enis: 4, ipv4PerEni: 15, eniTotal: 10, origin: 'user-catalog', source: 'types.json (DescribeInstanceTypes)'}]
    const topology = [{name: 'ecs.g7.2xlarge', eniTotal: 12, origin: 'topology', source: 'a.yaml instanceTypes[0]'}]
    const merged = lookupInstanceType('ecs.g7.2xlarge', [...userCatalog, ...topology])!
    expect(merged).toMatchObject({enis: 4, ipv4PerEni: 15, eniTotal: 12, origin: 'topology'})
    expect(merged.sources).toMatchObject({enis: 'types.json (DescribeInstanceTypes)', eniTotal: 'a.yaml instanceTypes[0]', ipv4PerEni: 'types.json (DescribeInstanceTypes)'})
    expect(merged.sources!.ipv6PerEni).toMatch(/^shipped catalog/)
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
