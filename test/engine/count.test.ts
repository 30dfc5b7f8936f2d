import {describe, expect, it} from 'vitest'
import {formatCount} from '../../src/engine/count.js'

// formatCount skips ICU (perf): it must write exactly what toLocaleString('en-US') writes
describe('formatCount', () => {
  it('matches toLocaleString("en-US") at every digit-group boundary and for random values', () => {
    const values = [0, 1, -1, 999, 1000, -1000, 9999, 10000, 99999, 100000, 999999, 1000000, 1234567, -1234567, 2 ** 32, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, 1234.5678, -0.25, 2 ** 60]
    let seed = 18
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      values.push(Math.floor((seed / 2 ** 31) * 10 ** (1 + (i % 15))) * (i % 3 === 0 ? -1 : 1))
    }
    for (const value of values) expect(formatCount(value), String(value)).toBe(value.toLocaleString('en-US'))
    expect(formatCount(1234567)).toBe('1,234,567')
  })
})
