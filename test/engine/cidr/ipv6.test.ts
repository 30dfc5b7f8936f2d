import {describe, expect, it} from 'vitest'
import {cidrContainsAny, cidrRelationAny, formatCidrAny, isIpv6Cidr, parseAddressAny, parseCidrAny, requireCidrAny} from '../../../src/engine/cidr/any.js'
import {formatIpv6Cidr, type Ipv6Cidr, ipv6CidrContains, ipv6CidrSize, ipv6LastAddress, parseIpv6Cidr, requireIpv6Cidr} from '../../../src/engine/cidr/cidr6.js'
import {requireCidr} from '../../../src/engine/cidr/cidr.js'
import {allocateIpv6Block, ipv6FreeSpace} from '../../../src/engine/cidr/free6.js'
import {formatIpv6, parseIpv6} from '../../../src/engine/cidr/ipv6.js'
import {requireCidrListAny, requirePrefixLength} from '../../../src/engine/cidr/list.js'
import {findOverlapsAny} from '../../../src/engine/cidr/overlaps.js'
import {ipv6AddressClass} from '../../../src/engine/cidr/special6.js'
import {ipv6SubnetSequence, splitIpv6ByCount, splitIpv6ByPrefix} from '../../../src/engine/cidr/split6.js'
import {describeCidrAny, describeIpv6Cidr} from '../../../src/engine/platform/cidr-info.js'
import {validateVpcIpv6Cidr, validateVSwitchIpv6Cidr, vswitchUsableIpv6} from '../../../src/engine/platform/ipv6.js'

const v6 = (text: string): Ipv6Cidr => requireIpv6Cidr(text)

describe('IPv6 address text (RFC 4291 §2.2 in, RFC 5952 §4 out)', () => {
  it.each([
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'], // leading zeros and case dropped (§4.1, §4.3)
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // equal runs: the leftmost is compressed (§4.2.3)
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins (§4.2.3)
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group is not "::" (§4.2.2)
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'], // "::" for one group is valid input, never output
    ['::ffff:192.0.2.1', '::ffff:c000:201'], // dotted tail in; hex out, as Python 3.11
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['FE80::A', 'fe80::a'],
  ])('%s → %s', (text, canonical) => {
    expect(formatIpv6(parseIpv6(text)!)).toBe(canonical)
  })

  it.each([
    'fe80::1%eth0', '1:::2', '1::2::3', ':1::', '1::2:', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1:2:3:4::5:6:7:8',
    '::ffff:01.2.3.4', '::1.2.3', '1.2.3.4::', '::g', ' ::1', '::1 ', '', ':', '2001:db8::/64',
  ])('refuses %j', (text) => {
    expect(parseIpv6(text)).toBeUndefined()
  })

  it('keeps every bit: the highest and lowest addresses', () => {
    expect(parseIpv6('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe((1n << 128n) - 1n)
    expect(formatIpv6((1n << 128n) - 1n)).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')
    expect(parseIpv6('::1')).toBe(1n)
    expect(parseIpv6('8000::')).toBe(1n << 127n)
  })
})

describe('IPv6 blocks', () => {
  it('parses and formats canonically, with the family tag', () => {
    expect(v6('2408:4005:03AB:0100::/56')).toEqual({family: 6, network: 0x2408400503ab0100n << 64n, prefix: 56})
    expect(formatIpv6Cidr(v6('2408:4005:03AB:0100:0:0:0:0/56'))).toBe('2408:4005:3ab:100::/56')
    expect(formatIpv6Cidr(v6('::/0'))).toBe('::/0')
  })

  it.each([
    ['2408:4005:3ab:100::1/64', /host bits set; did you mean 2408:4005:3ab:100::\/64\?/],
    ['2408:4005:3ab:100::', /no prefix length; did you mean 2408:4005:3ab:100::\/128\?/],
    ['fe80::%eth0/64', /zone id \(%eth0\)/],
    ['2001:db8::/129', /IPv6 prefix length must be 0–128, got "129"/],
    ['2001:db8::/064', /must be 0–128, got "064"/],
    ['1:::2/64', /":::"/],
    ['1::2::3/64', /"::" more than once/],
    ['12345::/16', /group "12345" with more than 4 hex digits/],
    ['1:2:3:4:5:6:7/112', /has 7 groups; an IPv6 address has 8/],
    ['2001:db8::x/64', /"x" where only hex digits/],
    ['::ffff:1.2.3.999/128', /not a dotted-quad IPv4 address/],
  ])('refuses %s with a message that says why', (text, message) => {
    const result = parseIpv6Cidr(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toMatch(message)
  })

  it('contains and relates blocks by prefix', () => {
    const vpc = v6('2408:4005:3ab:100::/56')
    expect(ipv6CidrContains(vpc, v6('2408:4005:3ab:1ff::/64'))).toBe(true)
    expect(ipv6CidrContains(vpc, v6('2408:4005:3ab:200::/64'))).toBe(false)
    expect(ipv6CidrContains(vpc, v6('2408:4005:3ab::/48'))).toBe(false)
    expect(ipv6LastAddress(vpc)).toBe(parseIpv6('2408:4005:3ab:1ff:ffff:ffff:ffff:ffff'))
    expect(ipv6CidrSize(vpc)).toBe(2n ** 72n)
  })
})

describe('family-aware entry points', () => {
  it('parseCidrAny picks the family by the colon; IPv4 answers are the plain Cidr', () => {
    expect(parseCidrAny('10.0.0.0/8')).toEqual({ok: true, cidr: {network: 10 * 2 ** 24, prefix: 8}})
    const six = requireCidrAny('2001:db8::/32')
    expect(isIpv6Cidr(six)).toBe(true)
    expect(formatCidrAny(six)).toBe('2001:db8::/32')
    expect(parseAddressAny('2001:db8::1')).toEqual({family: 6, address: (0x20010db8n << 96n) | 1n})
    expect(parseAddressAny('10.0.0.1')).toEqual({family: 4, address: 10 * 2 ** 24 + 1})
  })

  it('the IPv4-only parser still refuses IPv6 and says so', () => {
    expect(() => requireCidr('2001:db8::/32')).toThrow(/is an IPv6 block/)
  })

  it('blocks of different families never contain or overlap each other', () => {
    const ipv4 = requireCidrAny('0.0.0.0/0')
    const ipv6 = requireCidrAny('::/96')
    expect(cidrContainsAny(ipv4, ipv6)).toBe(false)
    expect(cidrContainsAny(ipv6, requireCidrAny('::/128'))).toBe(true)
    expect(cidrRelationAny(ipv4, ipv6)).toBe('other-family')
    // ::/96 holds the integers 0…2^32−1, which a family-blind comparison would confuse with IPv4
    expect(findOverlapsAny([ipv4, ipv6, requireCidrAny('10.0.0.0/8'), requireCidrAny('::/112')])).toEqual([
      {a: 0, b: 2, relation: 'contains'},
      {a: 1, b: 3, relation: 'contains'},
    ])
  })

  it('lists mix families and prefix lengths go to 128 for IPv6', () => {
    expect(requireCidrListAny('10.0.0.0/8, 2001:db8::/32', '--used').map(formatCidrAny)).toEqual(['10.0.0.0/8', '2001:db8::/32'])
    expect(() => requireCidrListAny('2001:db8::1/32', '--used')).toThrow(/--used: 2001:db8::1\/32 has host bits set/)
    expect(requirePrefixLength('/64', '--prefix', 128)).toBe(64)
    expect(requirePrefixLength('128', '--prefix', 128)).toBe(128)
    expect(() => requirePrefixLength('129', '--prefix', 128)).toThrow(/0–128/)
    expect(() => requirePrefixLength('64', '--prefix')).toThrow(/0–32/)
  })
})

describe('IPv6 split, free, allocate', () => {
  it('a VPC /56 holds 256 vSwitch /64s', () => {
    const subnets = splitIpv6ByPrefix(v6('2408:4005:3ab:100::/56'), 64)
    expect(subnets).toHaveLength(256)
    expect(formatIpv6Cidr(subnets[0]!)).toBe('2408:4005:3ab:100::/64')
    expect(formatIpv6Cidr(subnets[255]!)).toBe('2408:4005:3ab:1ff::/64')
  })

  it('--count rounds up to a power of two and leaves the rest free', () => {
    const split = splitIpv6ByCount(v6('2408:4005:3ab:100::/56'), 3)
    expect(split.prefix).toBe(58)
    expect(split.subnets.toArray().map(formatIpv6Cidr)).toEqual(['2408:4005:3ab:100::/58', '2408:4005:3ab:140::/58', '2408:4005:3ab:180::/58'])
    expect(split.remainder.map(formatIpv6Cidr)).toEqual(['2408:4005:3ab:1c0::/58'])
    expect(() => splitIpv6ByCount(v6('::/127'), 3)).toThrow(/holds only 2 addresses/)
  })

  it('refuses a shorter prefix and more than the listing cap', () => {
    expect(() => ipv6SubnetSequence(v6('2001:db8::/32'), 31)).toThrow(/use \/32 to \/128/)
    expect(() => ipv6SubnetSequence(v6('2001:db8::/32'), 64)).toThrow(/2\^32 subnets; acknet lists at most 1,048,576 \(use a prefix of \/52 or shorter\)/)
    expect(ipv6SubnetSequence(v6('2001:db8::/32'), 52).length).toBe(2 ** 20)
  })

  it('free space and the next free /64 in a VPC block', () => {
    const vpc = v6('2408:4005:3ab:100::/56')
    const used = [v6('2408:4005:3ab:100::/64'), v6('2408:4005:3ab:102::/64'), v6('2408:4005:3ab::/48'), v6('2408:4005:3ab:300::/64')]
    const result = ipv6FreeSpace(vpc, used.slice(0, 2))
    expect(result.free.map(formatIpv6Cidr)).toEqual(['2408:4005:3ab:101::/64', '2408:4005:3ab:103::/64', '2408:4005:3ab:104::/62', '2408:4005:3ab:108::/61', '2408:4005:3ab:110::/60', '2408:4005:3ab:120::/59', '2408:4005:3ab:140::/58', '2408:4005:3ab:180::/57'])
    expect(ipv6FreeSpace(vpc, used).covering.map(formatIpv6Cidr)).toEqual(['2408:4005:3ab::/48'])
    expect(ipv6FreeSpace(vpc, used).outside.map(formatIpv6Cidr)).toEqual(['2408:4005:3ab:300::/64'])
    expect(formatIpv6Cidr(allocateIpv6Block(vpc, 64, used.slice(0, 2))!)).toBe('2408:4005:3ab:101::/64')
    expect(allocateIpv6Block(vpc, 55, [])).toBeUndefined()
  })
})

describe('IPv6 address classes (IANA registries)', () => {
  it.each([
    ['2408:4005:3ab:100::/56', 'global-unicast'],
    ['2000::/3', 'global-unicast'],
    ['2001:db8::/32', 'documentation'],
    ['2001:db8:1::/48', 'documentation'],
    ['3fff::/20', 'documentation'],
    ['fd00::/8', 'unique-local'],
    ['fc00::/7', 'unique-local'],
    ['fe80::/64', 'link-local'],
    ['ff02::/16', 'multicast'],
    ['::1/128', 'loopback'],
    ['::/128', 'unspecified'],
    ['::ffff:0:0/96', 'ipv4-mapped'],
    ['64:ff9b::/96', 'nat64'],
    ['4000::/2', 'reserved'],
    ['::/0', 'mixed'],
    ['fc00::/6', 'mixed'],
  ])('%s is %s', (text, cls) => {
    expect(ipv6AddressClass(v6(text))).toBe(cls)
  })
})

describe('IPv6 platform rules (alibaba-facts §10 V1–V3)', () => {
  it('V1: a VPC block is global unicast, /56 as assigned, /48–/64 accepted', () => {
    expect(validateVpcIpv6Cidr(v6('2408:4005:3ab:100::/56'))).toBe(true)
    expect(validateVpcIpv6Cidr(v6('2408:4005:3ab::/48'))).toBe(true)
    expect(validateVpcIpv6Cidr(v6('2408:4005:3ab:100::/64'))).toBe(true)
    expect(validateVpcIpv6Cidr(v6('2408:4005:3aa::/47'))).toMatch(/\/56 as Alibaba assigns it \(\/48–\/64 accepted\), got \/47/)
    expect(validateVpcIpv6Cidr(v6('2408:4005:3ab:100::/65'))).toMatch(/got \/65/)
    expect(validateVpcIpv6Cidr(v6('fd00::/56'))).toMatch(/global unicast space \(2000::\/3\); this block is unique-local/)
  })

  it('V2: a vSwitch block is a /64', () => {
    expect(validateVSwitchIpv6Cidr(v6('2408:4005:3ab:100::/64'))).toBe(true)
    expect(validateVSwitchIpv6Cidr(v6('2408:4005:3ab:100::/63'))).toMatch(/is a \/64, got \/63/)
    expect(validateVSwitchIpv6Cidr(v6('2408:4005:3ab:100::/65'))).toMatch(/is a \/64, got \/65/)
  })

  it('V3: a vSwitch /64 reserves the first address and the last nine: 2^64 − 10 usable', () => {
    expect(vswitchUsableIpv6(v6('2408:4005:3ab:100::/64'))).toBe(18446744073709551606n)
    expect(vswitchUsableIpv6(v6('2408:4005:3ab:100::/124'))).toBe(6n)
    expect(vswitchUsableIpv6(v6('2408:4005:3ab:100::/125'))).toBe(0n)
  })

  it('cidr info: totals as decimal strings, pod and Service CIDR not applicable', () => {
    const info = describeIpv6Cidr(v6('2408:4005:3ab:100::/64'))
    expect(info).toMatchObject({
      cidr: '2408:4005:3ab:100::/64',
      family: 6,
      network: '2408:4005:3ab:100::',
      first: '2408:4005:3ab:100::',
      last: '2408:4005:3ab:100:ffff:ffff:ffff:ffff',
      total: '18446744073709551616',
      vswitchUsable: '18446744073709551606',
      class: 'global-unicast',
      validAs: {vpc: true, vswitch: true},
    })
    expect(info.validAs.podCidr).toMatch(/^not applicable: .*Terway/)
    expect(info.validAs.serviceCidr).toMatch(/^not applicable: /)
    expect(describeCidrAny(requireCidrAny('192.168.0.0/16'))).toMatchObject({family: 4, total: 65536, vswitchUsable: 65532, class: 'private'})
  })
})
