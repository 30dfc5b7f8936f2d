import {describe, expect, it} from 'vitest'
import {quoted, safeLine} from '../../../src/engine/import/escape.js'
import {tooDeepAt} from '../../../src/engine/import/io.js'
import {sanitize} from '../../../src/engine/import/naming.js'

describe('import escaping', () => {
  it('safeLine keeps one line: newline, ESC/OSC, BEL, C1, NEL, U+2028 and bidi overrides become visible escapes', () => {
    expect(safeLine('a\n::error file=x::y')).toBe('a\\n::error file=x::y')
    expect(safeLine('\u001b]8;;http://e/\u0007\u009b\u0085\u2028\u202etxt')).toBe('\\u001b]8;;http://e/\\u0007\\u009b\\u0085\\u2028\\u202etxt')
    expect(safeLine('plain: name-1')).toBe('plain: name-1')
  })

  it('quoted clips a long value', () => {
    expect(quoted('x'.repeat(500))).toHaveLength(200)
    expect(quoted('x'.repeat(500)).endsWith('…')).toBe(true)
  })

  it('names lose what a reference cannot hold', () => {
    expect(sanitize(' web servers: public ')).toBe('web-servers-public')
    expect(sanitize('a\u202eb\u0000c')).toBe('a-b-c')
    // what Alibaba Cloud or Terraform allow but the topology's name pattern does not
    expect(sanitize('web[key]')).toBe('web-key-')
    expect(sanitize('api/v1,prod')).toBe('api-v1-prod')
    expect(sanitize('-.hidden')).toBe('hidden')
    // letters of any script, marks and digits stay
    expect(sanitize('测试-vpc_1.a')).toBe('测试-vpc_1.a')
    expect(sanitize('café')).toBe('café')
  })

  it('tooDeepAt finds the first bracket past the limit, ignoring brackets inside strings', () => {
    expect(tooDeepAt('[[[]]]', 3)).toBeUndefined()
    expect(tooDeepAt('[[[[]]]]', 3)).toBe(3)
    expect(tooDeepAt('{"a": "[[[[[[", "b": [1]}', 2)).toBeUndefined()
    expect(tooDeepAt('{"a": "\\"[[[[", "b": [[1]]}', 2)).toBe(22)
  })
})
