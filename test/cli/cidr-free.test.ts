import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

describe('acknet cidr free', () => {
  it('lists the two free /18s of the SPEC example', () => {
    const {code, json, stderr} = runJson(['cidr', 'free', '10.0.0.0/16', '--used', '10.0.0.0/18,10.0.128.0/18', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({free: ['10.0.64.0/18', '10.0.192.0/18']})
    expect(stderr).toBe('')
  })

  it('prints an aligned table with the share of addresses left', () => {
    const {code, stdout} = runCli(['cidr', 'free', '10.0.0.0/24', '--used', '10.0.0.64/27', '--used', '10.0.0.128/26'])
    expect(code).toBe(0)
    expect(stdout).toBe([
      '10.0.0.0/24: 3 free blocks, 160 of 256 addresses (62.5%)',
      '',
      ' CIDR            first        last         addresses',
      ' 10.0.0.0/26     10.0.0.0     10.0.0.63           64',
      ' 10.0.0.96/27    10.0.0.96    10.0.0.127          32',
      ' 10.0.0.192/26   10.0.0.192   10.0.0.255          64',
      '',
    ].join('\n'))
  })

  it('ignores used blocks outside the parent with a warning on stderr, JSON stays clean', () => {
    const {json, stderr} = runJson(['cidr', 'free', '10.0.0.0/16', '--used', '10.0.0.0/17,172.16.0.0/12', '--json'])
    expect(json).toEqual({free: ['10.0.128.0/17']})
    expect(stderr).toBe('warning --used 172.16.0.0/12 lies outside 10.0.0.0/16; ignored\n')
  })

  it('says nothing is free when a used block covers the parent', () => {
    const {code, stdout, stderr} = runCli(['cidr', 'free', '10.0.0.0/16', '--used', '10.0.0.0/8'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^10\.0\.0\.0\/16: nothing free/)
    expect(stderr).toMatch(/10\.0\.0\.0\/8 contains all of 10\.0\.0\.0\/16/)
  })

  it('exits 2 with one line for a bad --used entry or a missing --used', () => {
    const bad = runCli(['cidr', 'free', '10.0.0.0/16', '--used', '10.0.0.0/18,10.0.1.0/18'])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim()).toBe('error --used: 10.0.1.0/18 has host bits set; did you mean 10.0.0.0/18?')
    const missing = runCli(['cidr', 'free', '10.0.0.0/16'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/Missing required flag used/)
  })
})

describe('acknet cidr free on IPv6', () => {
  it('lists the free blocks of a VPC /56 and counts them in /64s; an IPv4 --used entry is ignored with a warning', () => {
    const json = runJson(['cidr', 'free', '2408:4005:3ab:100::/56', '--used', '2408:4005:3ab:100::/64,10.0.0.0/8', '--used', '2408:4005:3ab:180::/57', '--json'])
    expect(json.code).toBe(0)
    expect(json.json).toEqual({free: ['2408:4005:3ab:101::/64', '2408:4005:3ab:102::/63', '2408:4005:3ab:104::/62', '2408:4005:3ab:108::/61', '2408:4005:3ab:110::/60', '2408:4005:3ab:120::/59', '2408:4005:3ab:140::/58']})
    expect(json.stderr).toMatch(/--used 10\.0\.0\.0\/8 is not IPv6 like 2408:4005:3ab:100::\/56; ignored/)
    const human = runCli(['cidr', 'free', '2408:4005:3ab:100::/56', '--used', '2408:4005:3ab:100::/64,2408:4005:3ab:180::/57'])
    expect(human.stdout).toMatch(/^2408:4005:3ab:100::\/56: 7 free blocks, 127 of 256 \/64 blocks \(49\.6%\)/)
  })
})
