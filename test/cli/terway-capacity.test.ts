import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

describe('acknet terway capacity', () => {
  it('W5: ecs.g7.4xlarge shared → 210, eligible; JSON has exactly the SPEC fields', () => {
    const {code, json} = runJson(['terway', 'capacity', '--instance-type', 'ecs.g7.4xlarge', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({instanceType: 'ecs.g7.4xlarge', mode: 'shared', maxPodsPerNode: 210, eligible: true, source: {enis: expect.stringMatching(/^shipped catalog: https:\/\/help\.aliyun\.com\/.* \(g7\)$/), ipv4PerEni: expect.stringMatching(/^shipped catalog/)}})
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
    expect(json).toEqual({instanceType: 'custom', mode: 'prefix', maxPodsPerNode: 672, eligible: true, podVSwitchUsable: 8160, nodesUntilExhaustion: 12, source: {enis: 'flags', ipv4PerEni: 'flags'}})
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
