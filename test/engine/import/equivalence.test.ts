import {readFileSync} from 'node:fs'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {TopologySchema} from '../../../src/engine/topology/schema.js'
import {equivalentDocument, importedYaml, normalise} from './helpers.js'

describe('import round trip: the three fixtures describe fixtures/import/equivalent.yaml', () => {
  for (const first of ['aliyun', 'terraform'] as const) {
    it(`import ${first} + import kubectl --merge gives the hand-written topology`, () => {
      const {merged} = importedYaml(first)
      expect(normalise(yaml.load(merged))).toEqual(normalise(equivalentDocument()))
    })

    it(`import ${first} output (alone and merged) passes the topology schema`, () => {
      const {first: alone, merged} = importedYaml(first)
      for (const text of [alone, merged]) {
        const parsed = TopologySchema.safeParse(yaml.load(text))
        expect(parsed.success ? [] : parsed.error.issues).toEqual([])
      }
    })
  }

  it('the hand-written equivalent passes the topology schema', () => {
    const parsed = TopologySchema.safeParse(yaml.load(readFileSync('fixtures/import/equivalent.yaml', 'utf8')))
    expect(parsed.success ? [] : parsed.error.issues).toEqual([])
  })
})
