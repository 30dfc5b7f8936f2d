import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {topologyJsonSchema} from '../../src/engine/topology/schema.js'
import {ROOT, runCli, runJson} from '../helpers/cli.js'

const SHIPPED = join(ROOT, 'schema', 'acknet-topology.schema.json')

describe('acknet schema', () => {
  it('prints the JSON Schema of the topology file', () => {
    const {code, json} = runJson(['schema'])
    expect(code).toBe(0)
    expect(json.$schema).toBe('http://json-schema.org/draft-07/schema#')
    expect(json.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']))
    expect(json.properties.apiVersion.const).toBe('acknet/v1')
    expect(json.additionalProperties).toBe(false)
    const vswitch = json.properties.vpcs.items.properties.vswitches.items
    expect(vswitch.required).toEqual(['name', 'zone', 'cidr'])
  })

  it('describes the dual-stack fields (SPEC §8)', () => {
    const {json} = runJson(['schema'])
    const vpc = json.properties.vpcs.items
    expect(vpc.properties.ipv6Cidr.type).toBe('string')
    expect(vpc.properties.vswitches.items.properties.ipv6Cidr.type).toBe('string')
    const cluster = json.properties.clusters.items
    expect(cluster.properties.ipStack.enum).toEqual(['ipv4', 'dual'])
    expect(cluster.properties.network.properties.erdma.type).toBe('boolean')
    expect(json.properties.instances.items.properties.ipv6.type).toEqual(['boolean', 'string'])
    const gateway = json.properties.ipv6Gateways.items
    expect(gateway.required).toEqual(['name', 'vpc'])
    expect(gateway.additionalProperties).toBe(false)
    const route = vpc.properties.routeTables.items.properties.routes.items
    expect(new RegExp(route.properties.nextHop.pattern, 'u').test('ipv6gw:prod-ipv6gw')).toBe(true)
    const spec = cluster.properties.services.items.properties.spec
    expect(spec.properties.ipFamilyPolicy.enum).toEqual(['SingleStack', 'PreferDualStack', 'RequireDualStack'])
    expect(spec.properties.ipFamilies.items.enum).toEqual(['IPv4', 'IPv6'])
    expect(json.properties.expectations.items.properties.family.enum).toEqual([4, 6])
  })

  it('ships schema/acknet-topology.schema.json in sync with the code (npm run gen:schema)', () => {
    expect(JSON.parse(readFileSync(SHIPPED, 'utf8')), 'schema/acknet-topology.schema.json is stale: run npm run build && npm run gen:schema').toEqual(topologyJsonSchema())
  })

  it('writes --output through a temporary file and refuses to overwrite without --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acknet-schema-'))
    const out = join(dir, 'schema.json')
    expect(runCli(['schema', '--output', out]).code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8')).properties.kind.const).toBe('Topology')
    writeFileSync(out, 'mine')
    const refused = runCli(['schema', '--output', out])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/already exists; pass --force to overwrite it/)
    expect(readFileSync(out, 'utf8')).toBe('mine')
    expect(runCli(['schema', '--output', out, '--force']).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/"\$schema"/)
    expect(readdirSync(dir)).toEqual(['schema.json'])
  })

  it('names a missing directory instead of crashing', () => {
    const result = runCli(['schema', '--output', join(tmpdir(), 'no-such-dir-acknet', 'x.json')])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/cannot write .*: the directory does not exist/)
    expect(existsSync(join(tmpdir(), 'no-such-dir-acknet'))).toBe(false)
  })

  it('accepts the fixtures and rejects a typo (editors see the same errors as acknet)', () => {
    const ajv = new Ajv({allErrors: true, strict: false})
    const validate = ajv.compile(topologyJsonSchema())
    for (const fixture of ['fixtures/production.yaml', 'fixtures/flannel-near-quota.yaml', 'fixtures/dual-stack.yaml']) {
      const data = yaml.load(readFileSync(join(ROOT, fixture), 'utf8'))
      expect(validate(data), `${fixture}: ${JSON.stringify(validate.errors)}`).toBe(true)
    }
    const broken = yaml.load(readFileSync(join(ROOT, 'fixtures/production.yaml'), 'utf8')) as {vpcs: Array<{vswitches: Array<Record<string, unknown>>}>}
    broken.vpcs[0]!.vswitches[0]!.cdir = '10.0.0.0/24'
    expect(validate(broken)).toBe(false)
  })
})
