import fc from 'fast-check'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {emitYaml} from '../../../src/engine/import/yaml-emit.js'

// Keys and strings that YAML treats specially: booleans, nulls, numbers, indicators, comments.
const awkward = fc.constantFrom('yes', 'no', 'on', 'null', '~', '', ' ', '1.0', '0x10', '- a', 'a: b', '#x', 'x #y', '[a]', '{b}', '"q"', "'s'", 'multi\nline', 'tab\there', '*ref', '&anchor', '!tag', '%p', '@at', '`bt`', '|', '>', 'ünï', '10.0.0.0/8', 'sg:nodes', 'instance:a:80')
const text = fc.oneof(fc.string(), awkward)
const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.double({noNaN: true, noDefaultInfinity: true}).filter((n) => !Object.is(n, -0)))
const value = fc.letrec((tie) => ({
  node: fc.oneof({depthSize: 'small'}, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), {maxLength: 4}),
  map: fc.dictionary(text, tie('node'), {maxKeys: 4}),
})).node

describe('emitYaml', () => {
  it('always loads back to the same data (1,000 random documents with awkward keys and strings)', () => {
    fc.assert(fc.property(fc.dictionary(text, value, {maxKeys: 6}), (doc) => {
      expect(yaml.load(emitYaml(doc))).toEqual(doc)
    }), {numRuns: 1000})
  })

  it('puts comments above list items, with short leaf objects on one flow line', () => {
    const vswitch = {name: 'node-i', zone: 'cn-hangzhou-i', cidr: '192.168.0.0/19'}
    const text = emitYaml({vswitches: [vswitch]}, {comments: new Map([[vswitch, ['source: vsw-1 (DescribeVSwitches)']]])})
    expect(text).toBe('vswitches:\n  # source: vsw-1 (DescribeVSwitches)\n  - { name: node-i, zone: cn-hangzhou-i, cidr: 192.168.0.0/19 }\n')
  })

  it('falls back to block style when a flow line would be too wide', () => {
    const long = {name: 'x'.repeat(60), zone: 'y'.repeat(60)}
    expect(emitYaml({items: [long]})).toBe(`items:\n  - name: ${'x'.repeat(60)}\n    zone: ${'y'.repeat(60)}\n`)
  })
})
