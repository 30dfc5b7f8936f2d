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
