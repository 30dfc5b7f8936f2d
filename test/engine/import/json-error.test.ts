import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {lineColumnAt} from '../../../src/engine/import/io.js'
import {jsonErrorAt} from '../../../src/engine/import/json-error.js'

const parses = (text: string) => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('jsonErrorAt', () => {
  it('agrees with JSON.parse on what is valid (JSON.parse is the oracle)', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(jsonErrorAt(JSON.stringify(value, null, 1))).toBeUndefined()
    }), {numRuns: 1000})
    const jsonish = fc.stringMatching(/^[\s{}[\]",:0-9a-z.\-\\eEtrufalsn]{0,30}$/)
    fc.assert(fc.property(jsonish, (text) => {
      expect(jsonErrorAt(text) === undefined).toBe(parses(text))
    }), {numRuns: 3000})
  })

  it('points at the first wrong character', () => {
    const text = '{\n  "Vpcs": {\n    "Vpc": [,]\n  }\n}\n'
    const found = jsonErrorAt(text)!
    expect(lineColumnAt(text, found.offset)).toEqual({line: 3, column: 13})
    expect(found.message).toBe('unexpected ",", expected a value')
    expect(jsonErrorAt('{"a": 1,}')!.message).toBe('unexpected "}", expected a "key"')
    expect(jsonErrorAt('{"a": 1')!.message).toBe('unexpected end of input, expected "," or "}"')
  })
})
