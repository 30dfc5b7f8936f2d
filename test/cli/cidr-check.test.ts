import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

describe('acknet cidr check', () => {
  it('exits 1 and lists each overlapping pair with its relation', () => {
    const {code, json} = runJson(['cidr', 'check', '10.1.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '10.1.0.0/16', '--json'])
    expect(code).toBe(1)
    expect(json).toEqual({
      overlaps: [
        {a: '10.1.0.0/16', b: '10.0.0.0/8', relation: 'inside'},
        {a: '10.1.0.0/16', b: '10.1.0.0/16', relation: 'equal'},
        {a: '10.0.0.0/8', b: '10.1.0.0/16', relation: 'contains'},
      ],
    })
  })

  it('exits 0 with an empty list when nothing overlaps (comma lists accepted)', () => {
    const {code, json} = runJson(['cidr', 'check', '192.168.0.0/16,172.21.0.0/20', '172.20.0.0/16', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({overlaps: []})
    const human = runCli(['cidr', 'check', '192.168.0.0/16', '172.21.0.0/20'])
    expect(human.stdout).toBe('no overlaps among 2 blocks\n')
  })

  it('prints the pairs as a table', () => {
    const {code, stdout} = runCli(['cidr', 'check', '192.168.0.0/16', '192.168.32.0/19'])
    expect(code).toBe(1)
    expect(stdout).toBe(' a                relation   b\n 192.168.0.0/16   contains   192.168.32.0/19\n\n1 overlap among 2 blocks\n')
  })

  it.each([['10.0.0.300/8', /"10\.0\.0\.300" is not an IPv4 address/], ['10.0.0.0/33', /prefix length must be 0–32/], ['abc', /"abc" is not a CIDR block/]])(
    'refuses %s with exit 2 and one line',
    (bad, message) => {
      const {code, stdout, stderr} = runCli(['cidr', 'check', '10.0.0.0/8', bad])
      expect(code).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toMatch(message)
      expect(stderr.trim().split('\n')).toHaveLength(1)
    },
  )
})

describe('acknet cidr check on IPv6 and mixed families', () => {
  it('finds IPv6 overlaps and checks each family on its own, saying the families differ', () => {
    const {code, stdout} = runCli(['cidr', 'check', '10.0.0.0/8', '2408:4005:3ab:100::/56', '10.1.0.0/16', '2408:4005:3ab:1ff::/64'])
    expect(code).toBe(1)
    expect(stdout).toMatch(/ 10\.0\.0\.0\/8 +contains +10\.1\.0\.0\/16\n/)
    expect(stdout).toMatch(/ 2408:4005:3ab:100::\/56 +contains +2408:4005:3ab:1ff::\/64\n/)
    expect(stdout).toMatch(/2 IPv4 and 2 IPv6 blocks: the families differ, so an IPv4 block never overlaps an IPv6 one/)
  })

  it('an IPv4 and an IPv6 block do not overlap (exit 0), even ::/96 and 0.0.0.0/0', () => {
    const {code, json} = runJson(['cidr', 'check', '0.0.0.0/0', '::/96', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({overlaps: []})
  })
})
