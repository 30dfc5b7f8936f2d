import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import fc from 'fast-check'
import yaml from 'js-yaml'
import {afterAll, describe, expect, it} from 'vitest'
import {requireCidr} from '../../src/engine/cidr/cidr.js'
import {requireIpv6Cidr} from '../../src/engine/cidr/cidr6.js'
import {planCluster} from '../../src/engine/plan/planner.js'
import {planToTopologyYaml} from '../../src/engine/plan/topology-yaml.js'
import type {PlanInput} from '../../src/engine/plan/types.js'
import {TopologySchema} from '../../src/engine/topology/schema.js'
import {ROOT, runCli, runJson} from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'acknet-plan-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const DONE_WHEN: Array<[string, string[]]> = [
  ['flannel-3z-150', ['--plugin', 'flannel', '--zones', '3', '--nodes', '150', '--pods-per-node', '64']],
  ['terway-3z-60-g7-4xlarge', ['--plugin', 'terway', '--zones', '3', '--nodes', '60', '--instance-type', 'ecs.g7.4xlarge']],
  ['terway-2z-400-g7-xlarge', ['--plugin', 'terway', '--zones', 'cn-hangzhou-h,cn-hangzhou-i', '--nodes', '400', '--instance-type', 'ecs.g7.xlarge', '--avoid', '10.0.0.0/8']],
]

function lintClean(files: string[]): void {
  const {code, json, stderr} = runJson(['lint', ...files, '--format', 'json'])
  expect(json.findings.filter((f: {severity: string}) => f.severity === 'error'), stderr).toEqual([])
  expect(json.summary).toMatchObject({files: files.length, errors: 0})
  expect(code).toBe(0)
}

describe('acknet plan', () => {
  it('flannel, 3 zones, 150 nodes, 64 pods/node → JSON exactly as SPEC §1.1', () => {
    const {code, json} = runJson(['plan', ...DONE_WHEN[0]![1], '--json'])
    expect(code).toBe(0)
    expect(Object.keys(json)).toEqual(['plugin', 'vpcCidr', 'zones', 'podCidr', 'nodeCidrMask', 'serviceCidr', 'limits', 'warnings'])
    expect(json).toMatchObject({
      plugin: 'flannel', vpcCidr: '192.168.0.0/16', podCidr: '172.20.0.0/16', nodeCidrMask: 26, serviceCidr: '172.21.0.0/20',
      zones: [{zone: 'cn-hangzhou-a', nodeVSwitch: '192.168.0.0/19'}, {zone: 'cn-hangzhou-b', nodeVSwitch: '192.168.32.0/19'}, {zone: 'cn-hangzhou-c', nodeVSwitch: '192.168.64.0/19'}],
      limits: {maxNodes: 199, maxPods: 12_537, maxPodsPerNode: 63, limitedBy: 'route-quota'},
    })
    expect(json.warnings).toEqual([expect.stringMatching(/^route-quota: holds 199 nodes, fewer than 150 × 1\.5 growth = 225/)])
  })

  it('terway, 3 zones, 60 × ecs.g7.4xlarge → /19 node + pod vSwitches', () => {
    const {code, json} = runJson(['plan', ...DONE_WHEN[1]![1], '--json'])
    expect(code).toBe(0)
    expect(Object.keys(json)).toEqual(['plugin', 'vpcCidr', 'zones', 'serviceCidr', 'limits', 'warnings'])
    expect(json.zones[2]).toEqual({zone: 'cn-hangzhou-c', nodeVSwitch: '192.168.128.0/19', podVSwitch: '192.168.160.0/19'})
    expect(json.limits).toEqual({maxNodes: 114, maxPods: 23_940, maxPodsPerNode: 210, limitedBy: 'pod-vswitch'})
    expect(json.warnings).toEqual([])
  })

  it('terway, 2 named zones, 400 × ecs.g7.xlarge, --avoid 10.0.0.0/8', () => {
    const {code, json} = runJson(['plan', ...DONE_WHEN[2]![1], '--json'])
    expect(code).toBe(0)
    expect(json.zones).toEqual([
      {zone: 'cn-hangzhou-h', nodeVSwitch: '192.168.128.0/19', podVSwitch: '192.168.0.0/18'},
      {zone: 'cn-hangzhou-i', nodeVSwitch: '192.168.160.0/19', podVSwitch: '192.168.64.0/18'},
    ])
    expect(json.limits).toEqual({maxNodes: 728, maxPods: 32_760, maxPodsPerNode: 45, limitedBy: 'pod-vswitch'})
  })

  it('--output yaml prints a topology file that the schema accepts', () => {
    for (const [name, args] of DONE_WHEN) {
      const {code, stdout} = runCli(['plan', ...args, '--output', 'yaml'])
      expect(code).toBe(0)
      const parsed = TopologySchema.safeParse(yaml.load(stdout))
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
      expect(stdout).toMatch(/^apiVersion: acknet\/v1$/m)
      writeFileSync(join(dir, `${name}.yaml`), stdout)
    }
  })

  it('the YAML of the done-when plans lints clean (acknet lint exits 0)', () => {
    lintClean(DONE_WHEN.map(([name]) => join(dir, `${name}.yaml`)))
  })

  it('random plans lint clean too (40 files, one lint run)', () => {
    const samples = fc.sample(
      fc.record({
        plugin: fc.constantFrom('flannel', 'terway'),
        zoneCount: fc.integer({min: 1, max: 4}),
        nodes: fc.integer({min: 1, max: 600}),
        podsPerNode: fc.constantFrom(16, 32, 64, 128, 256, undefined),
        instanceType: fc.constantFrom('ecs.g7.xlarge', 'ecs.g7.4xlarge', 'ecs.c7.2xlarge', 'ecs.r7.large'),
        avoid: fc.subarray(['10.0.0.0/8', '192.168.0.0/16', '172.20.0.0/16'], {maxLength: 2}),
        routeQuota: fc.constantFrom(200, 400, 1000),
      }),
      {numRuns: 120, seed: 77},
    )
    const files: string[] = []
    for (const [i, s] of samples.entries()) {
      const input: PlanInput = {
        plugin: s.plugin as PlanInput['plugin'], zones: Array.from({length: s.zoneCount}, (_, z) => `cn-hangzhou-${'hijk'[z]}`), region: 'cn-hangzhou', nodes: s.nodes,
        podsPerNode: s.plugin === 'flannel' ? s.podsPerNode : undefined, instanceType: s.instanceType, services: 4096, growth: 1.5,
        avoid: s.avoid.map((text) => requireCidr(text)), routeQuota: s.routeQuota, name: `c${i}`,
      }
      let text: string
      try {
        text = planToTopologyYaml(planCluster(input))
      } catch {
        continue
      }
      // the plan writes settings.routeEntriesPerTable itself for a raised --route-quota
      if (s.routeQuota !== 200) expect(text).toContain(`settings:\n  routeEntriesPerTable: ${s.routeQuota}`)
      const file = join(dir, `random-${i}.yaml`)
      writeFileSync(file, text)
      files.push(file)
      if (files.length === 40) break
    }
    expect(files.length).toBe(40)
    lintClean(files)
  })

  it('a Flannel plan over 199 nodes with --route-quota lints clean as written (settings.routeEntriesPerTable)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acknet-plan-quota-'))
    try {
      const {code, stdout} = runCli(['plan', '--plugin', 'flannel', '--zones', '2', '--nodes', '300', '--route-quota', '500', '--output', 'yaml'])
      expect(code).toBe(0)
      expect(stdout).toMatch(/^settings:\n {2}routeEntriesPerTable: 500 /m)
      const file = join(dir, 'flannel-300.yaml')
      writeFileSync(file, stdout)
      lintClean([file])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('cannot hold --nodes → no plan, exit 1 with the reason', () => {
    const {code, stdout, stderr} = runCli(['plan', '--plugin', 'flannel', '--zones', '2', '--nodes', '250', '--json'])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/cannot plan: route-quota: .*holds 199 nodes, fewer than 250/)
    expect(runCli(['plan', '--zones', '1', '--nodes', '10', '-t', 'ecs.g6.large']).stderr).toMatch(/cannot plan: eni: ecs\.g6\.large cannot join/)
  })

  it('human output: CIDRs, zone table, limits, placeholder-zone note', () => {
    const {code, stdout, stderr} = runCli(['plan', ...DONE_WHEN[1]![1]])
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(/^VPC CIDR\s+192\.168\.0\.0\/16$/m)
    expect(stdout).toMatch(/^\s*cn-hangzhou-a\s+192\.168\.0\.0\/19\s+192\.168\.32\.0\/19$/m)
    expect(stdout).toMatch(/^max nodes\s+114 \(limited by pod-vswitch\)$/m)
    expect(stdout).toMatch(/zone ids cn-hangzhou-a, cn-hangzhou-b, cn-hangzhou-c are placeholders/)
  })

  it.each([
    [['--zones', '3'], /pass --nodes N/],
    [['--nodes', '10'], /--instance-type T .* or --pods-per-node N/],
    [['--nodes', '10', '-t', 'ecs.g7.xlarg'], /did you mean ecs\.g7\.xlarge/],
    [['--nodes', '10', '-t', 'ecs.g7.xlarge', '--zones', '0'], /give 1–26 zones/],
    [['--nodes', '10', '-t', 'ecs.g7.xlarge', '--zones', 'cn-x-h,cn-x-h'], /lists cn-x-h twice/],
    [['--nodes', '10', '-t', 'ecs.g7.xlarge', '--growth', 'x'], /--growth x/],
    [['--nodes', '10', '-t', 'ecs.g7.xlarge', '--avoid', '10.0.0.1/8'], /host bits set/],
    [['--nodes', '10', '-t', 'ecs.g7.xlarge', '--vpc-cidr', '10.0.0.0/16', '--avoid', '10.0.0.0/8'], /overlaps --avoid/],
    [['--nodes', '10', '-t', 'ecs.g7.xlarge', '--json', '--output', 'yaml'], /cannot also be provided/],
    [['-i'], /--interactive needs a terminal .*\n.*--plugin flannel\|terway --zones/],
  ])('exit 2: %j', (args, message) => {
    const {code, stdout, stderr} = runCli(['plan', ...args])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
  })
})

describe('acknet plan --ip-stack dual (SPEC §8)', () => {
  const DUAL = ['plan', '--ip-stack', 'dual', '--zones', 'cn-hangzhou-h,cn-hangzhou-i', '--nodes', '50', '--instance-type', 'ecs.g7.2xlarge']

  it('--json: ipStack, the VPC IPv6 placeholder and a /64 per vSwitch by index, the IPv4 half unchanged', () => {
    const {code, json} = runJson([...DUAL, '--json'])
    expect(code).toBe(0)
    expect(Object.keys(json)).toEqual(['plugin', 'ipStack', 'vpcCidr', 'vpcIpv6Cidr', 'vpcIpv6CidrPlaceholder', 'zones', 'serviceCidr', 'limits', 'warnings'])
    expect(json).toMatchObject({plugin: 'terway', ipStack: 'dual', vpcIpv6Cidr: '2001:db8::/56', vpcIpv6CidrPlaceholder: true})
    expect(json.zones).toEqual([
      {zone: 'cn-hangzhou-h', nodeVSwitch: '192.168.0.0/19', nodeVSwitchIpv6: '2001:db8::/64', podVSwitch: '192.168.32.0/19', podVSwitchIpv6: '2001:db8:0:1::/64'},
      {zone: 'cn-hangzhou-i', nodeVSwitch: '192.168.64.0/19', nodeVSwitchIpv6: '2001:db8:0:2::/64', podVSwitch: '192.168.96.0/19', podVSwitchIpv6: '2001:db8:0:3::/64'},
    ])
    const ipv4 = runJson(DUAL.filter((arg, i) => arg !== 'dual' && DUAL[i + 1] !== 'dual').concat('--json')).json
    expect(json.limits).toEqual(ipv4.limits)
  })

  it('text: the IPv6 columns and the note that Alibaba Cloud assigns the real /56', () => {
    const {code, stdout} = runCli(DUAL)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^VPC IPv6\s+2001:db8::\/56 \(placeholder: Alibaba Cloud assigns the real \/56\)$/m)
    expect(stdout).toMatch(/^\s*cn-hangzhou-i\s+192\.168\.64\.0\/19\s+2001:db8:0:2::\/64\s+192\.168\.96\.0\/19\s+2001:db8:0:3::\/64$/m)
    expect(stdout).toMatch(/note VPC IPv6 block 2001:db8::\/56 is a placeholder \(RFC 3849 documentation range\): Alibaba Cloud assigns the VPC's real \/56/)
  })

  it('--output yaml lints clean (schema, dual-stack rule and all) and repeats the command', () => {
    const {code, stdout} = runCli([...DUAL, '--output', 'yaml'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^# Generated by acknet plan .*--ip-stack dual$/m)
    expect(stdout).toMatch(/Alibaba Cloud assigns the VPC's real IPv6 \/56/)
    const parsed = TopologySchema.safeParse(yaml.load(stdout))
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
    const file = join(dir, 'dual.yaml')
    writeFileSync(file, stdout)
    lintClean([file])
    const {json} = runJson(['lint', file, '--format', 'json'])
    expect(json.findings).toEqual([])
    // the placeholder lines silence exactly the rule that refuses a documentation block, nothing else
    const bare = join(dir, 'dual-unsuppressed.yaml')
    writeFileSync(bare, stdout.replace(/ {3}# acknet-disable-line [a-z-]+ -- placeholder IPv6 block/g, ''))
    const unsuppressed = runJson(['lint', bare, '--format', 'json']).json.findings.map((f: {ruleId: string; line: number}) => `${f.ruleId}:${f.line}`)
    const lineOf = (text: string): number => stdout.split('\n').findIndex((line) => line.includes(text)) + 1
    expect(unsuppressed).toEqual([`vpc-cidr:${lineOf('ipv6Cidr: 2001:db8::/56')}`, ...['2001:db8::/64', '2001:db8:0:1::/64', '2001:db8:0:2::/64', '2001:db8:0:3::/64'].map((cidr) => `vswitch-cidr:${lineOf(`ipv6Cidr: ${cidr}`)}`)])
  })

  it('random dual-stack plans lint clean too (12 files, one lint run)', () => {
    const samples = fc.sample(
      fc.record({
        zoneCount: fc.integer({min: 1, max: 6}),
        nodes: fc.integer({min: 1, max: 300}),
        instanceType: fc.constantFrom('ecs.g7.xlarge', 'ecs.c7.2xlarge', 'ecs.r7.large', 'ecs.g8i.xlarge'),
        vpcIpv6: fc.constantFrom(undefined, '2408:4005:3de:8500::/56', '240e:3b4:1f:ff00::/56'),
      }),
      {numRuns: 12, seed: 41},
    )
    const files = samples.map((sample, i) => {
      const input: PlanInput = {
        plugin: 'terway', zones: Array.from({length: sample.zoneCount}, (_, z) => `cn-hangzhou-${'hijklm'[z]}`), region: 'cn-hangzhou', nodes: sample.nodes,
        instanceType: sample.instanceType, services: 4096, growth: 1.5, avoid: [], routeQuota: 200, name: `d${i}`, ipStack: 'dual',
        vpcIpv6Cidr: sample.vpcIpv6 ? requireIpv6Cidr(sample.vpcIpv6) : undefined,
      }
      const file = join(dir, `dual-random-${i}.yaml`)
      writeFileSync(file, planToTopologyYaml(planCluster(input)))
      return file
    })
    lintClean(files)
  })

  it('docs/dual-stack.md: the walkthrough file (plan + its workloads + its IPv6 gateway) lints clean; ecs.g6.xlarge gives one dual-stack error', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'dual-stack.md'), 'utf8')
    const snippet = (start: string): string => {
      const block = doc.split('```yaml\n').map((part) => part.split('```')[0]!).find((part) => part.startsWith(start))
      expect(block, start).toBeDefined()
      return block!
    }
    const plan = runCli(['plan', '--ip-stack', 'dual', '--vpc-ipv6-cidr', '2408:4005:3de:8500::/56', '--zones', 'cn-hangzhou-h,cn-hangzhou-i', '--nodes', '6', '-t', 'ecs.g7.xlarge', '--name', 'shop', '-o', 'yaml'])
    expect(plan.code).toBe(0)
    const text = plan.stdout + snippet('    namespaces:') + snippet('ipv6Gateways:')
    const file = join(dir, 'walkthrough.yaml')
    writeFileSync(file, text)
    lintClean([file])
    const g6 = join(dir, 'walkthrough-g6.yaml')
    writeFileSync(g6, text.replace('instanceType: ecs.g7.xlarge', 'instanceType: ecs.g6.xlarge'))
    const {code, json} = runJson(['lint', g6, '--format', 'json'])
    expect(code).toBe(1)
    expect(json.findings.map((f: {ruleId: string; message: string}) => `${f.ruleId}: ${f.message}`)).toEqual([expect.stringMatching(/^dual-stack: node pool default of dual-stack cluster shop: .*ecs\.g6\.xlarge has 1 IPv6 and 10 IPv4 per ENI/)])
  })

  it('V5: a type whose IPv6 per ENI differs from IPv4 → exit 1; no IPv6 figure → exit 2 naming the input; Flannel → exit 2', () => {
    const g6 = runCli(['plan', '--ip-stack', 'dual', '--nodes', '20', '-t', 'ecs.g6.xlarge', '--json'])
    expect(g6.code).toBe(1)
    expect(g6.stdout).toBe('')
    expect(g6.stderr).toMatch(/cannot plan: eni: ecs\.g6\.xlarge cannot run dual stack: .*1 IPv6 and 10 IPv4 per ENI/)
    const d1 = runCli(['plan', '--ip-stack', 'dual', '--nodes', '20', '-t', 'ecs.d1.2xlarge'])
    expect(d1.code).toBe(2)
    expect(d1.stderr).toMatch(/ecs\.d1\.2xlarge: dual stack in shared mode needs IPv6 addresses per ENI \(EniIpv6AddressQuantity\).*--catalog FILE.*instanceTypes\[\]\.ipv6PerEni/)
    const flannel = runCli(['plan', '--ip-stack', 'dual', '--plugin', 'flannel', '--nodes', '20'])
    expect(flannel.code).toBe(2)
    expect(flannel.stderr).toMatch(/--ip-stack dual: dual stack needs Terway/)
    expect(runCli(['plan', '--ip-stack', 'v6', '--nodes', '20']).stderr).toMatch(/Expected --ip-stack=v6 to be one of: ipv4, dual/)
  })

  it('--help has a dual-stack example and says who assigns the /56', () => {
    const {code, stdout} = runCli(['plan', '--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/plan --ip-stack dual --zones cn-hangzhou-h,cn-hangzhou-i --nodes 50 --instance-type ecs\.g7\.2xlarge -o yaml > dual\.yaml/)
    expect(stdout.replace(/\s+/g, ' ')).toMatch(/Alibaba Cloud assigns the VPC's \/56 when you enable IPv6/)
    expect(stdout).toMatch(/plan --ip-stack dual --vpc-ipv6-cidr 2408:4005:3de:8500::\/56 /)
  })

  it('--vpc-ipv6-cidr: the assigned /56, no placeholder; the YAML lints clean; bad blocks exit 2', () => {
    const {code, json} = runJson([...DUAL, '--vpc-ipv6-cidr', '2408:4005:3de:8500::/56', '--json'])
    expect(code).toBe(0)
    expect(Object.keys(json)).toEqual(['plugin', 'ipStack', 'vpcCidr', 'vpcIpv6Cidr', 'zones', 'serviceCidr', 'limits', 'warnings'])
    expect(json.zones[1]).toMatchObject({nodeVSwitchIpv6: '2408:4005:3de:8502::/64', podVSwitchIpv6: '2408:4005:3de:8503::/64'})
    const text = runCli([...DUAL, '--vpc-ipv6-cidr', '2408:4005:3de:8500::/56']).stdout
    expect(text).toMatch(/^VPC IPv6\s+2408:4005:3de:8500::\/56 \(assigned by Alibaba Cloud\)$/m)
    expect(text).not.toMatch(/placeholder/)
    const yamlText = runCli([...DUAL, '--vpc-ipv6-cidr', '2408:4005:3de:8500::/56', '-o', 'yaml']).stdout
    expect(yamlText).toMatch(/^# Generated by acknet plan .*--ip-stack dual --vpc-ipv6-cidr 2408:4005:3de:8500::\/56$/m)
    const file = join(dir, 'dual-assigned.yaml')
    writeFileSync(file, yamlText)
    lintClean([file])
    expect(runCli([...DUAL, '--vpc-ipv6-cidr', '2408:4005:3de:8500::/52']).stderr).toMatch(/host bits set; did you mean 2408:4005:3de:8000::\/52/)
    const slash52 = runCli([...DUAL, '--vpc-ipv6-cidr', '2408:4005:3de:8000::/52'])
    expect(slash52.code).toBe(2)
    expect(slash52.stderr).toMatch(/--vpc-ipv6-cidr 2408:4005:3de:8000::\/52: .*inside the \/56 Alibaba Cloud assigns, got \/52/)
  })
})
