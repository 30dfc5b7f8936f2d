import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

describe('acknet terway capacity', () => {
  it('W5: ecs.g7.4xlarge shared → 210, eligible; JSON has exactly the SPEC fields', () => {
    const {code, json} = runJson(['terway', 'capacity', '--instance-type', 'ecs.g7.4xlarge', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({instanceType: 'ecs.g7.4xlarge', mode: 'shared', maxPodsPerNode: 210, eligible: true, dualStack: {supported: true}, source: {enis: expect.stringMatching(/^shipped catalog: https:\/\/help\.aliyun\.com\/.* \(g7\)$/), ipv4PerEni: expect.stringMatching(/^shipped catalog/), ipv6PerEni: expect.stringMatching(/^shipped catalog/)}})
  })

  it('W5: ecs.g6.large → 6, not eligible, exit 1 with the reason', () => {
    const {code, json} = runJson(['terway', 'capacity', '-t', 'g6.large', '--json'])
    expect(code).toBe(1)
    expect(json).toMatchObject({instanceType: 'ecs.g6.large', maxPodsPerNode: 6, eligible: false, reason: expect.stringMatching(/greater than 11/)})
  })

  it('W6: exclusive g7.4xlarge 7 eligible; g7.xlarge not; trunk g7.xlarge 45 ordinary + 16 member-ENI pods', () => {
    expect(runJson(['terway', 'capacity', '-t', 'ecs.g7.4xlarge', '--mode', 'exclusive', '--json']).json).toMatchObject({maxPodsPerNode: 7, eligible: true})
    const small = runJson(['terway', 'capacity', '-t', 'ecs.g7.xlarge', '--mode', 'exclusive', '--json'])
    expect(small.code).toBe(1)
    expect(small.json).toMatchObject({maxPodsPerNode: 3, eligible: false})
    expect(runJson(['terway', 'capacity', '-t', 'ecs.g7.xlarge', '--mode', 'trunk', '--json']).json).toMatchObject({mode: 'trunk', maxPodsPerNode: 45, memberPodsPerNode: 16, eligible: true})
  })

  it('prefix mode (4 − 1) × (15 − 1) × 16 = 672 from flags, with no --eni-total; pod vSwitches count whole /28 prefixes', () => {
    const {code, json} = runJson(['terway', 'capacity', '--enis', '4', '--ips-per-eni', '15', '--mode', 'prefix', '--pod-vswitch', '10.0.0.0/19', '--json'])
    expect(code).toBe(0)
    // a /19 holds 2^9 − 2 = 510 prefixes = 8,160 addresses → 12 nodes of 672
    expect(json).toEqual({instanceType: 'custom', mode: 'prefix', maxPodsPerNode: 672, eligible: true, podVSwitchUsable: 8160, nodesUntilExhaustion: 12, dualStack: {supported: null, missing: {input: 'ipv6PerEni', flag: '--ipv6-per-eni', field: 'instanceTypes[].ipv6PerEni'}}, source: {enis: 'flags', ipv4PerEni: 'flags'}})
  })

  it('trunk --pod-vswitch: the vSwitch holds nodes of 45 + 16 pods, not 45 alone', () => {
    const {json} = runJson(['terway', 'capacity', '-t', 'ecs.g7.xlarge', '--mode', 'trunk', '--pod-vswitch', '10.0.0.0/22', '--json'])
    expect(json).toMatchObject({maxPodsPerNode: 45, memberPodsPerNode: 16, podVSwitchUsable: 1020, nodesUntilExhaustion: 16})
  })

  it('--catalog: your DescribeInstanceTypes output wins over the shipped row and is named as the source', () => {
    const {code, json} = runJson(['terway', 'capacity', '-t', 'ecs.u1-c1m4.xlarge', '--mode', 'trunk', '--catalog', 'fixtures/catalog/describe-instance-types-pages.json', '--json'])
    expect(code).toBe(0)
    expect(json).toMatchObject({maxPodsPerNode: 20, memberPodsPerNode: 3, source: {eniTotal: 'fixtures/catalog/describe-instance-types-pages.json (DescribeInstanceTypes)'}})
  })

  it('W7: 20 nodes of g7.4xlarge on a /20 pod vSwitch run out (exit 1); a /19 fits 8,188', () => {
    const small = runJson(['terway', 'capacity', '-t', 'ecs.g7.4xlarge', '--nodes', '20', '--pod-vswitch', '192.168.32.0/20', '--json'])
    expect(small.code).toBe(1)
    expect(small.json).toMatchObject({nodes: 20, podsDemand: 4200, podVSwitchUsable: 4092, nodesUntilExhaustion: 19})
    const fits = runJson(['terway', 'capacity', '-t', 'ecs.g7.4xlarge', '--nodes', '20', '--pod-vswitch', '192.168.32.0/19', '--json'])
    expect(fits.code).toBe(0)
    expect(fits.json).toMatchObject({instanceType: 'ecs.g7.4xlarge', mode: 'shared', maxPodsPerNode: 210, eligible: true, nodes: 20, podsDemand: 4200, podVSwitchUsable: 8188, nodesUntilExhaustion: 38})
    const two = runJson(['terway', 'capacity', '-t', 'ecs.g7.4xlarge', '--pod-vswitch', '10.0.0.0/24', '--pod-vswitch', '10.0.1.0/24', '--json'])
    expect(two.json).toMatchObject({podVSwitchUsable: 504, nodesUntilExhaustion: 2})
  })

  it('human output: a table and a verdict line', () => {
    const {code, stdout} = runCli(['terway', 'capacity', '-t', 'ecs.g7.4xlarge', '--nodes', '20', '--pod-vswitch', '192.168.32.0/19'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^instance type\s+ecs\.g7\.4xlarge$/m)
    expect(stdout).toMatch(/^max pods per node\s+210\s/m)
    expect(stdout).toMatch(/^nodes until exhaustion\s+38$/m)
    expect(stdout).toMatch(/✓ ecs\.g7\.4xlarge runs up to 210 pods per node in shared mode; the pod vSwitches hold 38 such nodes/)
    expect(stdout).not.toMatch(/\u001b\[/)
  })

  describe('dual stack (--ip-stack dual, SPEC §8)', () => {
    it('V5: g6.xlarge in shared mode cannot (IPv6 1 ≠ IPv4 10): reported always, exit 1 only with --ip-stack dual', () => {
      const info = runJson(['terway', 'capacity', '-t', 'ecs.g6.xlarge', '--json'])
      expect(info.code).toBe(0)
      expect(info.json.dualStack).toEqual({supported: false, reason: 'in shared mode Terway turns IPv6 off unless IPv6 per ENI equals IPv4 per ENI; ecs.g6.xlarge has 1 IPv6 and 10 IPv4 per ENI'})
      const required = runJson(['terway', 'capacity', '-t', 'ecs.g6.xlarge', '--ip-stack', 'dual', '--json'])
      expect(required.code).toBe(1)
      expect(required.json).toMatchObject({eligible: true, ipStack: 'dual', dualStack: {supported: false}})
      const text = runCli(['terway', 'capacity', '-t', 'ecs.g6.xlarge', '--ip-stack', 'dual'])
      expect(text.stdout).toMatch(/^dual stack\s+no — in shared mode Terway turns IPv6 off/m)
      expect(text.stdout).toMatch(/✗ ecs\.g6\.xlarge cannot run dual stack in shared mode/)
    })

    it('V5 boundary from flags: --ipv6-per-eni one below --ips-per-eni is exit 1, equal exit 0', () => {
      expect(runJson(['terway', 'capacity', '--enis', '4', '--ips-per-eni', '15', '--ipv6-per-eni', '14', '--ip-stack', 'dual', '--json']).code).toBe(1)
      const equal = runJson(['terway', 'capacity', '--enis', '4', '--ips-per-eni', '15', '--ipv6-per-eni', '15', '--ip-stack', 'dual', '--json'])
      expect(equal.code).toBe(0)
      expect(equal.json).toMatchObject({dualStack: {supported: true}, source: {ipv6PerEni: 'flags'}})
    })

    it('V6: exclusive needs only IPv6 > 0 — g7.4xlarge yes; --ipv6-per-eni 0 no', () => {
      expect(runJson(['terway', 'capacity', '-t', 'ecs.g7.4xlarge', '--mode', 'exclusive', '--ip-stack', 'dual', '--json'])).toMatchObject({code: 0, json: {maxPodsPerNode: 7, dualStack: {supported: true}}})
      const none = runJson(['terway', 'capacity', '-t', 'ecs.g7.4xlarge', '--ipv6-per-eni', '0', '--mode', 'exclusive', '--ip-stack', 'dual', '--json'])
      expect(none.code).toBe(1)
      expect(none.json.dualStack).toEqual({supported: false, reason: 'ecs.g7.4xlarge has no IPv6 address per ENI, so exclusive mode cannot give pods IPv6'})
    })

    it('V8: prefix mode adds one IPv6 /80 per ENI with IPv4 prefixes (g7.xlarge: 3)', () => {
      const {code, json, } = runJson(['terway', 'capacity', '-t', 'ecs.g7.xlarge', '--mode', 'prefix', '--ip-stack', 'dual', '--json'])
      expect(code).toBe(0)
      expect(json).toMatchObject({maxPodsPerNode: 672, ipStack: 'dual', dualStack: {supported: true, ipv6PrefixesPerNode: 3}})
      expect(runCli(['terway', 'capacity', '-t', 'ecs.g7.xlarge', '--mode', 'prefix']).stdout).toMatch(/^dual stack\s+yes \(IPv6 per ENI is above 0\) \+ 3 IPv6 \/80 prefixes per node/m)
    })

    it('a type with no IPv6 figure: unknown without the flag, exit 2 naming the input with it', () => {
      const info = runJson(['terway', 'capacity', '-t', 'ecs.d1.2xlarge', '--json'])
      expect(info.code).toBe(0)
      expect(info.json.dualStack).toEqual({supported: null, missing: {input: 'ipv6PerEni', flag: '--ipv6-per-eni', field: 'instanceTypes[].ipv6PerEni'}})
      const {code, stdout, stderr} = runCli(['terway', 'capacity', '-t', 'ecs.d1.2xlarge', '--ip-stack', 'dual'])
      expect(code).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toMatch(/ecs\.d1\.2xlarge: dual stack in shared mode needs IPv6 addresses per ENI \(EniIpv6AddressQuantity\).*--ipv6-per-eni N.*--catalog FILE.*instanceTypes\[\]\.ipv6PerEni/)
      expect(runJson(['terway', 'capacity', '-t', 'ecs.d1.2xlarge', '--ipv6-per-eni', '10', '--ip-stack', 'dual', '--json']).code).toBe(0)
    })

    it('--help shows the dual-stack examples and flags', () => {
      const {code, stdout} = runCli(['terway', 'capacity', '--help'])
      expect(code).toBe(0)
      expect(stdout).toMatch(/terway capacity -t ecs\.g6\.xlarge --ip-stack dual --mode exclusive/)
      expect(stdout).toMatch(/--ipv6-per-eni/)
      expect(stdout).toMatch(/--ip-stack/)
    })
  })

  it.each([
    [['-t', 'ecs.g7.xlarg'], /unknown instance type "ecs\.g7\.xlarg"; did you mean ecs\.g7\.xlarge/],
    [['-t', 'ecs.g7.4xlarge', '--mode', 'trunk'], /needs the total ENI count \(EniTotalQuantity\).*--eni-total N.*--catalog FILE.*instanceTypes\[\]\.eniTotal/],
    [['-t', 'ecs.g7.xlarge', '--catalog', 'no-such-file.json'], /no-such-file\.json: cannot read the instance catalog: no such file/],
    [['-t', 'ecs.g7.xlarge', '--catalog', 'fixtures/production.yaml'], /fixtures\/production\.yaml: not valid JSON/],
    [['-t', 'ecs.c4.xlarge'], /needs IPv4 addresses per ENI.*--ips-per-eni N/],
    [['--enis', '4'], /needs IPv4 addresses per ENI.*--ips-per-eni/],
    [[], /give an instance type or its limits/],
    [['-t', 'ecs.g7.xlarge', '--pod-vswitch', '10.0.0.0/30'], /--pod-vswitch 10\.0\.0\.0\/30: a vSwitch CIDR needs a \/16–\/29 mask/],
    [['-t', 'ecs.g7.xlarge', '--pod-vswitch', '10.0.0.1/24'], /host bits set; did you mean 10\.0\.0\.0\/24/],
    [['-t', 'ecs.g7.xlarge', '--mode', 'turbo'], /Expected --mode=turbo to be one of/],
  ])('exit 2 with one clear message: %j', (args, message) => {
    const {code, stdout, stderr} = runCli(['terway', 'capacity', ...args])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr).not.toMatch(/ at .*\.js:\d+/)
  })

  it('flags override the catalog row', () => {
    const {json} = runJson(['terway', 'capacity', '-t', 'ecs.g7.4xlarge', '--eni-total', '16', '--mode', 'trunk', '--json'])
    expect(json).toMatchObject({instanceType: 'ecs.g7.4xlarge', maxPodsPerNode: 210, memberPodsPerNode: 8, source: {eniTotal: 'flags', enis: expect.stringMatching(/^shipped catalog/)}})
  })
})
