import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

describe('acknet cidr info', () => {
  it('reports a /24 vSwitch with 252 usable addresses, class private', () => {
    const {code, json} = runJson(['cidr', 'info', '192.168.1.0/24', '--json'])
    expect(code).toBe(0)
    expect(json).toMatchObject({cidr: '192.168.1.0/24', network: '192.168.1.0', prefix: 24, first: '192.168.1.0', last: '192.168.1.255', total: 256, vswitchUsable: 252, class: 'private'})
    expect(json.validAs).toEqual({vpc: true, vswitch: true, podCidr: true, serviceCidr: true})
  })

  it.each([
    ['10.0.0.300/8', /"10\.0\.0\.300" is not an IPv4 address/],
    ['10.0.0.0/33', /prefix length must be 0–32/],
    ['abc', /"abc" is not a CIDR block/],
    ['10.0.1.5/24', /host bits set; did you mean 10\.0\.1\.0\/24\?/],
  ])('refuses %s with exit 2 and one line', (cidr, message) => {
    const {code, stdout, stderr} = runCli(['cidr', 'info', cidr])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).not.toMatch(/ at .*\.js:\d+/)
  })

  it('says why a forbidden block is not a valid VPC CIDR', () => {
    const {json} = runJson(['cidr', 'info', '100.64.0.0/16', '--json'])
    expect(json.class).toBe('forbidden')
    expect(json.validAs.vpc).toMatch(/100\.64\.0\.0\/10/)
  })
})

describe('acknet cidr info on IPv6 (SPEC §8)', () => {
  it('describes a vSwitch /64: totals as decimal strings, 2^64 − 10 usable, valid as VPC and vSwitch', () => {
    const {code, json} = runJson(['cidr', 'info', '2408:4005:03AB:0100::/64', '--json'])
    expect(code).toBe(0)
    expect(json).toMatchObject({cidr: '2408:4005:3ab:100::/64', family: 6, prefix: 64, last: '2408:4005:3ab:100:ffff:ffff:ffff:ffff', total: '18446744073709551616', vswitchUsable: '18446744073709551606', class: 'global-unicast'})
    expect(json.validAs.vpc).toBe(true)
    expect(json.validAs.vswitch).toBe(true)
    expect(json.validAs.podCidr).toMatch(/^not applicable/)
  })

  it('prints the VPC /56 of the issue (it used to exit 2)', () => {
    const {code, stdout} = runCli(['cidr', 'info', '2408:4005:3ab:100::/56'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^total +2\^72 = 4,722,366,482,869,645,213,696$/m)
    expect(stdout).toMatch(/^VPC CIDR +yes$/m)
    expect(stdout).toMatch(/^vSwitch CIDR +no — a vSwitch IPv6 block is a \/64, got \/56$/m)
  })

  it.each([
    ['fe80::1%eth0/64', /zone id \(%eth0\)/],
    ['2408:4005:3ab:100::1/56', /host bits set; did you mean 2408:4005:3ab:100::\/56\?/],
    ['2001:db8::/129', /IPv6 prefix length must be 0–128/],
  ])('refuses %s with exit 2 and one line', (cidr, message) => {
    const {code, stdout, stderr} = runCli(['cidr', 'info', cidr])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })
})
