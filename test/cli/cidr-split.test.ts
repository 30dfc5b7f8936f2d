import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {BIN, runCli, runJson} from '../helpers/cli.js'

function expectOneLineError(result: {code: number; stdout: string; stderr: string}, message: RegExp | string): void {
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr).toMatch(message)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).not.toMatch(/ at .*\.js:\d+/)
}

describe('acknet cidr split', () => {
  it('--prefix: a /16 into four /18s', () => {
    const {code, json} = runJson(['cidr', 'split', '10.0.0.0/16', '--prefix', '18', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({subnets: ['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18', '10.0.192.0/18']})
  })

  it('--prefix: a /8 into 65,536 /24s, as JSON and as an aligned table', () => {
    const {json} = runJson(['cidr', 'split', '10.0.0.0/8', '--prefix', '/24', '--json'])
    expect(json.subnets).toHaveLength(65_536)
    expect(json.subnets[1]).toBe('10.0.1.0/24')
    expect(json.subnets[65_535]).toBe('10.255.255.0/24')

    const {code, stdout} = runCli(['cidr', 'split', '10.0.0.0/8', '--prefix', '24'])
    expect(code).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('10.0.0.0/8 → 65,536 × /24 (256 addresses, 252 usable in a vSwitch each)')
    expect(lines).toHaveLength(3 + 65_536)
    expect(lines[2]).toMatch(/^ +# {3}CIDR +first +last$/)
    expect(lines[3]).toBe('     1   10.0.0.0/24       10.0.0.0       10.0.0.255')
    expect(lines.at(-1)).toBe(' 65536   10.255.255.0/24   10.255.255.0   10.255.255.255')
  })

  it('--count: 3 parts of a /16 are the first three /18s; the fourth is reported free', () => {
    expect(runJson(['cidr', 'split', '10.0.0.0/16', '--count', '3', '--json']).json).toEqual({subnets: ['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18']})
    const {stdout} = runCli(['cidr', 'split', '10.0.0.0/16', '--count', '3'])
    expect(stdout).toContain('--count 3 rounds up to 4 equal parts; the first 3 are listed')
    expect(stdout).toContain('left free: 10.0.192.0/18')
  })

  it('--count 5 lists five /19s and the collapsed rest as free', () => {
    const {stdout} = runCli(['cidr', 'split', '10.0.0.0/16', '--count', '5'])
    expect(stdout).toContain('--count 5 rounds up to 8 equal parts; the first 5 are listed')
    expect(stdout).toContain(' 5   10.0.128.0/19   10.0.128.0   10.0.159.255\n')
    expect(stdout.endsWith('\nleft free: 10.0.160.0/19, 10.0.192.0/18\n')).toBe(true)
  })

  it('streams a million-line split into a pipe that closes early without an error', () => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" cidr split 10.0.0.0/8 --prefix 28 | head -4`], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
    expect(result.status).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout.split('\n')[3]).toBe('       1   10.0.0.0/28         10.0.0.0         10.0.0.15')
  })

  it('--sizes: best-fit vSwitch blocks, largest first, reported in input order', () => {
    const {code, json} = runJson(['cidr', 'split', '192.168.0.0/20', '--sizes', '60,1000,250', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({
      subnets: ['192.168.5.0/26', '192.168.0.0/22', '192.168.4.0/24'],
      allocations: [
        {size: 60, cidr: '192.168.5.0/26'},
        {size: 1000, cidr: '192.168.0.0/22'},
        {size: 250, cidr: '192.168.4.0/24'},
      ],
    })
    const {stdout} = runCli(['cidr', 'split', '192.168.0.0/20', '--sizes', '60,1000,250'])
    expect(stdout).toContain('    60   192.168.5.0/26       60       0')
    expect(stdout).toContain('left free: 192.168.5.64/26, 192.168.5.128/25, 192.168.6.0/23, 192.168.8.0/21')
  })

  it('--sizes: exits 2 naming the size that does not fit', () => {
    expectOneLineError(runCli(['cidr', 'split', '10.0.0.0/24', '--sizes', '200,100']), 'error size 100 needs a /25 (124 usable), but the larger sizes already fill 10.0.0.0/24')
    expectOneLineError(runCli(['cidr', 'split', '10.0.0.0/24', '--sizes', '300', '--json']), 'size 300 needs a /23 (508 usable), more than 10.0.0.0/24 holds')
    expectOneLineError(runCli(['cidr', 'split', '10.0.0.0/24', '--sizes', '10,ten']), '--sizes: "ten" is not a host count')
  })

  it('needs exactly one of --prefix, --count, --sizes (exit 2)', () => {
    const none = runCli(['cidr', 'split', '10.0.0.0/16'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/Exactly one of the following must be provided: --count, --prefix, --sizes/)
    const both = runCli(['cidr', 'split', '10.0.0.0/16', '--prefix', '18', '--count', '2'])
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--count cannot also be provided when using --prefix/)
    expect(both.stdout).toBe('')
  })

  it.each([
    [['10.0.0.300/8', '--prefix', '16'], /"10\.0\.0\.300" is not an IPv4 address/],
    [['10.0.0.0/33', '--prefix', '16'], /prefix length must be 0–32/],
    [['abc', '--count', '2'], /"abc" is not a CIDR block/],
    [['10.0.0.0/16', '--prefix', '33'], /--prefix must be a prefix length 0–32/],
    [['10.0.0.0/16', '--prefix', '8'], /--prefix \/8 is shorter than 10\.0\.0\.0\/16 itself/],
    [['10.0.0.0/30', '--count', '5'], /cannot be split into 5 subnets: it holds only 4 addresses/],
    [['0.0.0.0/0', '--prefix', '32'], /gives 4,294,967,296 subnets; acknet lists at most 1,048,576/],
  ])('refuses %j with exit 2 and one line', (args, message) => {
    expectOneLineError(runCli(['cidr', 'split', ...args]), message)
  })

  it('--help has a summary, the three modes and examples', () => {
    const {code, stdout} = runCli(['cidr', 'split', '--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/Split a CIDR block into equal subnets/)
    expect(stdout).toMatch(/--sizes=a,b,c/)
    expect(stdout).toMatch(/EXAMPLES[\s\S]*cidr split 10\.0\.0\.0\/16 --count 3/)
  })
})

describe('acknet cidr split on IPv6', () => {
  it('splits a VPC /56 into its 256 vSwitch /64s', () => {
    const {code, json} = runJson(['cidr', 'split', '2408:4005:3ab:100::/56', '--prefix', '64', '--json'])
    expect(code).toBe(0)
    expect(json.subnets).toHaveLength(256)
    expect(json.subnets.slice(0, 2)).toEqual(['2408:4005:3ab:100::/64', '2408:4005:3ab:101::/64'])
    expect(json.subnets[255]).toBe('2408:4005:3ab:1ff::/64')
  })

  it('--count lists the parts and what is left free', () => {
    const {code, stdout} = runCli(['cidr', 'split', '2408:4005:3ab:100::/56', '--count', '3'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^2408:4005:3ab:100::\/56 → 3 × \/58 /)
    expect(stdout).toMatch(/ 3 +2408:4005:3ab:180::\/58 +2408:4005:3ab:180:: +2408:4005:3ab:1bf:ffff:ffff:ffff:ffff\n/)
    expect(stdout).toMatch(/left free: 2408:4005:3ab:1c0::\/58\n$/)
  })

  it('refuses --sizes and a prefix beyond /128 for IPv6, with exit 2', () => {
    const sizes = runCli(['cidr', 'split', '2408:4005:3ab:100::/56', '--sizes', '100'])
    expect(sizes.code).toBe(2)
    expect(sizes.stderr).toMatch(/an IPv6 vSwitch block is always a \/64: use --prefix 64/)
    const prefix = runCli(['cidr', 'split', '2408:4005:3ab:100::/56', '--prefix', '129'])
    expect(prefix.code).toBe(2)
    expect(prefix.stderr).toMatch(/--prefix must be a prefix length 0–128/)
  })
})
