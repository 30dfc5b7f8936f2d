import {describe, expect, it} from 'vitest'
import {makeColours} from '../../../src/render/colors.js'
import {jsonStringListChunks} from '../../../src/render/cidr.js'
import {toJson} from '../../../src/render/json.js'
import {columnChunks, renderColumns, renderTable} from '../../../src/render/table.js'

describe('CIDR table and JSON streaming renderers', () => {
  it('pad columns: one-space margin, three spaces between, right alignment, no trailing spaces', () => {
    const rows = [['1', '10.0.0.0/24', '10.0.0.0'], ['10', '10.0.1.0/24', 'x']]
    const expected = '  #   CIDR          first\n  1   10.0.0.0/24   10.0.0.0\n 10   10.0.1.0/24   x'
    expect(renderColumns(['#', 'CIDR', 'first'], rows, ['right'])).toBe(expected)
    expect(renderTable(['#', 'CIDR', 'first'], rows, {align: ['right', 'left', 'left']})).toBe(expected)
  })

  it('align coloured cells by their visible width', () => {
    const red = makeColours(true).red
    const lines = renderColumns(['a', 'relation', 'b'], [['10.0.0.0/8', red('contains'), '10.1.0.0/16'], ['10.0.0.0/16', red('equal'), '10.0.0.0/16']]).split('\n')
    // eslint-disable-next-line no-control-regex
    const plain = lines.map((line) => line.replace(/\u001B\[[0-9;]*m/g, ''))
    expect(plain).toEqual([' a             relation   b', ' 10.0.0.0/8    contains   10.1.0.0/16', ' 10.0.0.0/16   equal      10.0.0.0/16'])
  })

  it('stream a table in chunks that join to the whole table', () => {
    const chunks = [...columnChunks(['n'], {length: 10_000, at: (i) => [String(i)]})]
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.join('').split('\n')).toHaveLength(10_002)
  })

  it.each([0, 1, 2, 4096, 4097, 10_000])('stream a %i-item JSON list byte-identical to toJson', (length) => {
    const items = Array.from({length}, (_, i) => `10.${i >> 8}.${i & 255}.0/24`)
    expect([...jsonStringListChunks('subnets', {length, at: (i) => items[i]!})].join('')).toBe(toJson({subnets: items}))
  })
})
