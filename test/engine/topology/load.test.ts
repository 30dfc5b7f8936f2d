import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadTopology} from '../../../src/engine/topology/load.js'
import {appendPath, formatPath, parsePath} from '../../../src/engine/topology/positions.js'
import {parseYaml} from '../../../src/engine/topology/yaml.js'

const HEADER = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: t}\n'

describe('positions', () => {
  const text = `${HEADER}vpcs:
  - name: prod
    cidr: 192.168.0.0/16
    vswitches:
      - {name: a, zone: z, cidr: 192.168.0.0/24}
      - name: b
        zone: z
        cidr: 192.168.1.0/24
      - name: c
        zone: z
        # a comment between key and value
        cidr:
          192.168.2.0/24
clusters:
  - name: k
    vpc: prod
    namespaces:
      - name: web
        labels: {"app.kubernetes.io/name": web, team: x}
`
  const loaded = loadTopology('t.yaml', text)

  it('locates a deep key and its value (1-based)', () => {
    expect(loaded.findings).toEqual([])
    expect(loaded.positions.locate('vpcs[0].vswitches[2].cidr', 'key')).toEqual({line: 15, column: 9})
    expect(loaded.positions.locate('vpcs[0].vswitches[2].cidr', 'value')).toEqual({line: 16, column: 11})
    expect(loaded.positions.locate('vpcs[0].vswitches[1].zone', 'value')).toEqual({line: 10, column: 15})
  })

  it('locates inside flow mappings and sequences', () => {
    expect(loaded.positions.locate('vpcs[0].vswitches[0].cidr', 'value')).toEqual({line: 8, column: 34})
    expect(loaded.positions.locate('vpcs[0].vswitches[0]', 'value')).toEqual({line: 8, column: 9})
  })

  it('appends segments to a path as formatting them all at once does', () => {
    const segments: Array<string | number> = ['clusters', 0, 'x.y', 3, 'spec', 'a b', 12, 'rules']
    for (let split = 0; split <= segments.length; split++) {
      for (let end = split; end <= segments.length; end++) {
        expect(appendPath(formatPath(segments.slice(0, split)), segments.slice(split, end))).toBe(formatPath(segments.slice(0, end)))
      }
    }
    expect(formatPath(['a', 0, 'b'])).toBe('a[0].b')
    expect(appendPath('', ['a'])).toBe('a')
    expect(appendPath('a', ['b', 1])).toBe('a.b[1]')
  })

  it('handles quoted keys with dots in paths', () => {
    const path = formatPath(['clusters', 0, 'namespaces', 0, 'labels', 'app.kubernetes.io/name'])
    expect(path).toBe('clusters[0].namespaces[0].labels["app.kubernetes.io/name"]')
    expect(parsePath(path)).toEqual(['clusters', 0, 'namespaces', 0, 'labels', 'app.kubernetes.io/name'])
    expect(loaded.positions.locate(path, 'key')).toEqual({line: 22, column: 18})
    expect(loaded.positions.locate(path, 'value')).toEqual({line: 22, column: 44})
  })

  it('falls back to the deepest existing node for a missing path', () => {
    expect(loaded.positions.locate('vpcs[0].vswitches[1].routeTable', 'key')).toEqual({line: 9, column: 9})
  })

  it('counts columns after a BOM and lines with CRLF', () => {
    const crlf = '\ufeffapiVersion: acknet/v1\r\nkind: Topology\r\nmetadata:\r\n  name: x\r\n  bogus: 1\r\n'
    const result = loadTopology('crlf.yaml', crlf)
    expect(result.findings).toEqual([expect.objectContaining({ruleId: 'schema', line: 5, column: 3, path: 'metadata.bogus'})])
    expect(result.positions.locate('apiVersion', 'key')).toEqual({line: 1, column: 2})
  })

  it('accepts JSON with positions', () => {
    const json = '{\n  "apiVersion": "acknet/v1",\n  "kind": "Topology",\n  "metadata": {"name": "j"},\n  "vpcs": [{"name": "v", "cidr": "10.0.0.0/8", "colour": 1}]\n}\n'
    const result = loadTopology('t.json', json)
    expect(result.findings).toEqual([expect.objectContaining({ruleId: 'schema', line: 5, column: 48, path: 'vpcs[0].colour'})])
  })
})

describe('schema findings', () => {
  it('reports an unknown field on its key with a did-you-mean hint', () => {
    const result = loadTopology('t.yaml', `${HEADER}vpcs:\n  - name: prod\n    cidr: 192.168.0.0/16\n    vswitches:\n      - name: b\n        zone: z\n        cdir: 192.168.1.0/24\n`)
    const unknown = result.findings.find((f) => f.path === 'vpcs[0].vswitches[0].cdir')
    expect(unknown).toMatchObject({ruleId: 'schema', line: 10, column: 9})
    expect(unknown!.message).toMatch(/unknown field "cdir".*did you mean `cidr`\?/)
    const missing = result.findings.find((f) => f.message.includes('missing the required field "cidr"'))
    expect(missing).toMatchObject({line: 8, column: 9, path: 'vpcs[0].vswitches[0]'})
  })

  it('reports a bad enum value on the value with the allowed values', () => {
    const result = loadTopology('t.yaml', `${HEADER}securityGroups:\n  - {name: s, vpc: v, type: enterprize}\n`)
    expect(result.findings).toHaveLength(1)
    expect(result.findings[0]).toMatchObject({ruleId: 'schema', line: 5, column: 29, path: 'securityGroups[0].type'})
    expect(result.findings[0]!.message).toMatch(/"basic", "enterprise".*did you mean `enterprise`/)
  })

  it('keeps the valid items when one list item fails the schema', () => {
    const result = loadTopology('t.yaml', `${HEADER}vpcs:\n  - {name: good, cidr: 10.0.0.0/16}\n  - {name: bad, cidr: 10.1.0.0/16, extra: 1}\n`)
    expect(result.findings).toHaveLength(1)
    expect(result.topology?.vpcs?.map((vpc) => vpc.name)).toEqual(['good'])
    expect([...result.prunedNames]).toEqual(['bad'])
  })

  it('says when a file is a Kubernetes manifest, not a topology', () => {
    const result = loadTopology('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\n')
    expect(result.findings).toHaveLength(1)
    expect(result.findings[0]).toMatchObject({ruleId: 'schema', line: 1, column: 13})
    expect(result.findings[0]!.message).toMatch(/not an acknet topology: this is a Kubernetes Service/)
    expect(result.topology).toBeUndefined()
  })

  it('reports an empty file', () => {
    const result = loadTopology('empty.yaml', '# nothing\n')
    expect(result.findings[0]).toMatchObject({ruleId: 'schema', line: 1})
    expect(result.findings[0]!.message).toMatch(/empty/)
  })
})

describe('yaml-syntax and hostile input', () => {
  it('reports a duplicate key on the duplicate', () => {
    const result = loadTopology('dup.yaml', `${HEADER}vpcs: []\nkind: Topology\n`)
    expect(result.findings).toEqual([expect.objectContaining({ruleId: 'yaml-syntax', line: 5, column: 1})])
    expect(result.findings[0]!.message).toMatch(/duplicate key "kind"/)
  })

  it('reports broken YAML with line and column, never throws', () => {
    const result = loadTopology('bad.yaml', `${HEADER}vpcs:\n  - name: [unclosed\n`)
    expect(result.findings).toHaveLength(1)
    expect(result.findings[0]).toMatchObject({ruleId: 'yaml-syntax'})
    expect(result.findings[0]!.line).toBeGreaterThanOrEqual(5)
  })

  it('refuses a billion-laughs alias bomb instead of expanding it', () => {
    let bomb = `${HEADER}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`
    for (let i = 1; i <= 12; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`
    const result = loadTopology('bomb.yaml', bomb)
    expect(result.findings).toHaveLength(1)
    expect(result.findings[0]!.ruleId).toBe('yaml-syntax')
    expect(result.findings[0]!.message).toMatch(/aliases expand to too many nodes/)
    expect(result.topology).toBeUndefined()
  })

  it('refuses an alias chain nested deeper than the text (depth cap)', () => {
    let chain = `${HEADER}x0: &x0 [1]\n`
    for (let i = 1; i <= 300; i++) chain += `x${i}: &x${i} [*x${i - 1}]\n`
    const result = loadTopology('chain.yaml', chain)
    expect(result.findings.some((f) => f.ruleId === 'yaml-syntax' && /nesting deeper than/.test(f.message))).toBe(true)
  })

  it.each([
    ['flow', '['.repeat(20_000) + ']'.repeat(20_000)],
    ['block', Array.from({length: 20_000}, (_, i) => `${' '.repeat(Math.min(i, 200))}- `).join('\n')],
    ['mapping', '{a: '.repeat(20_000) + '1' + '}'.repeat(20_000)],
  ])('turns 20,000 levels of %s nesting into a finding', (_name, text) => {
    const result = loadTopology('deep.yaml', text)
    expect(result.findings.length).toBeGreaterThan(0)
    expect(['yaml-syntax', 'schema']).toContain(result.findings[0]!.ruleId)
  })

  it('never lets __proto__, constructor or prototype keys through', () => {
    const text = `${HEADER}settings:\n  __proto__: {polluted: yes}\n  constructor: {prototype: {polluted: yes}}\n  routeEntriesPerTable: 10\n`
    const result = loadTopology('proto.yaml', text)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    const keys = result.findings.filter((f) => /is not allowed/.test(f.message)).map((f) => [f.path, f.line, f.column])
    expect(keys).toEqual([['settings.__proto__', 5, 3], ['settings.constructor', 6, 3]])
    expect(Object.getPrototypeOf(result.topology?.settings ?? {})).toBe(Object.prototype)
  })

  it('reports bytes that are not UTF-8 with their line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acknet-load-'))
    const file = join(dir, 'latin1.yaml')
    writeFileSync(file, Buffer.concat([Buffer.from(`${HEADER}# caf`), Buffer.from([0xe9]), Buffer.from('\n')]))
    const result = loadTopology(file)
    expect(result.findings).toEqual([expect.objectContaining({ruleId: 'yaml-syntax', line: 4, column: 6})])
    expect(result.findings[0]!.message).toMatch(/not UTF-8.*0xe9/)
  })

  it('names the second document when a topology file holds several', () => {
    const result = loadTopology('two.yaml', `# comment\n---\n${HEADER}---\napiVersion: v1\nkind: Service\n`)
    expect(result.findings).toEqual([expect.objectContaining({ruleId: 'yaml-syntax', line: 6, column: 1})])
    expect(result.findings[0]!.message).toMatch(/more than one YAML document/)
  })

  it('parses multi-document streams with document-indexed paths', () => {
    const parsed = parseYaml('m.yaml', 'a: 1\n---\nb:\n  c: 2\n', {multiDocument: true})
    expect(parsed.documents).toEqual([{a: 1}, {b: {c: 2}}])
    expect(parsed.positions.locate('[1].b.c', 'value')).toEqual({line: 4, column: 6})
  })
})
