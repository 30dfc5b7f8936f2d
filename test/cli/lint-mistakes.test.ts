import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

interface Finding {
  ruleId: string
  severity: string
  message: string
  file: string
  line: number
  column: number
  path: string
}

/**
 * Every rule id of SPEC §5 (except `expectation`, the reach engineer's) fires on
 * fixtures/mistakes*.yaml at the offending key or value. Lines/columns were read off the fixture:
 * each mistake line carries a `# <- rule-id` comment.
 */
const EXPECTED: Array<[rule: string, line: number, column: number, path: string, message: RegExp]> = [
  ['vpc-cidr', 16, 22, 'vpcs[0].secondaryCidrs[0]', /100\.64\.0\.0\/16 overlaps 100\.64\.0\.0\/10/],
  ['route-destination', 21, 27, 'vpcs[0].routeTables[0].routes[1].destination', /lies inside the CIDR of vSwitch node-a/],
  ['route-destination', 23, 27, 'vpcs[0].routeTables[0].routes[3].destination', /appears twice/],
  ['vswitch-overlap', 28, 52, 'vpcs[0].vswitches[3].cidr', /overlap \(192\.168\.0\.0\/24\) overlaps vSwitch node-a/],
  ['vswitch-cidr', 29, 52, 'vpcs[0].vswitches[4].cidr', /not inside VPC prod/],
  ['vswitch-capacity', 30, 49, 'vpcs[0].vswitches[5].cidr', /4 usable addresses but needs 5/],
  ['cidr-syntax', 31, 53, 'vpcs[0].vswitches[6].cidr', /did you mean 192\.168\.50\.0\/24/],
  ['sg-basic-capacity', 44, 11, 'securityGroups[0].name', /covers 9 addresses.*at most 8/],
  ['sg-open-admin-port', 47, 52, 'securityGroups[0].rules[0].ports', /22 \(SSH\)/],
  ['sg-rule-count', 50, 10, 'securityGroups[0].rules[3].direction', /4 rules; the limit is 3/],
  ['ip-address', 63, 38, 'instances[1].ip', /already used by instance db-1/],
  ['ip-address', 64, 38, 'instances[2].ip', /outside its vSwitch pod-a/],
  ['ip-address', 65, 38, 'instances[3].ip', /is reserved/],
  ['sg-mixed-types', 66, 51, 'instances[4].securityGroups', /basic group basic-sg and enterprise group ent-sg/],
  ['unknown-reference', 67, 59, 'instances[5].securityGroups[1]', /no-such-sg/],
  ['duplicate-name', 68, 12, 'instances[6].name', /db-1/],
  ['schema', 69, 34, 'instances[7].securityGroup', /securityGroups/],
  ['terway-pod-vswitch-zone', 92, 29, 'clusters[0].nodePools[0].vswitches[1]', /zone cn-hangzhou-j/],
  ['terway-min-pods', 95, 23, 'clusters[0].nodePools[1].instanceType', /gives 6/],
  ['pod-capacity', 96, 16, 'clusters[0].nodePools[1].count', /only 0 can host pods\), but ecs\.g6\.large holds 6 per node; 10 pods would stay Pending/],
  ['terway-pod-networking', 116, 9, 'clusters[0].workloads[2].podNetworking', /needs Terway trunk mode/],
  ['service-target-port', 124, 40, 'clusters[0].services[0].spec.ports[1].targetPort', /"https"/],
  ['node-port-range', 124, 57, 'clusters[0].services[0].spec.ports[1].nodePort', /29999 is outside/],
  ['node-port-range', 130, 54, 'clusters[0].services[1].spec.ports[0].nodePort', /30080 is already used by Service web\/frontend/],
  ['service-no-endpoints', 133, 21, 'clusters[0].services[2].spec.selector', /app=frontent/],
  ['netpol-selects-nothing', 138, 24, 'clusters[0].networkPolicies[0].spec.podSelector', /app=ghost/],
  ['pod-cidr', 145, 16, 'clusters[1].network.podCidr', /overlaps VPC legacy/],
  ['node-cidr-mask', 146, 21, 'clusters[1].network.nodeCidrMask', /\/30 is outside \/24–\/28/],
  ['service-cidr', 147, 18, 'clusters[1].serviceCidr', /\/16–\/24 mask, got \/12/],
  ['route-quota', 151, 16, 'clusters[1].nodePools[0].count', /2 nodes of cluster old .* get no route entry \(quota 4: 2 custom \+ 2 Flannel/],
  ['flannel-unsupported', 159, 9, 'clusters[1].workloads[0].podNetworking', /pod EIP/],
  ['flannel-network-policy', 161, 20, 'clusters[1].networkPolicies[0].metadata.name', /Flannel does not enforce NetworkPolicy/],
  ['terway-exclusive-enis', 173, 23, 'clusters[2].nodePools[0].instanceType', /has 4/],
]

const REQUIRED_RULES = [
  'yaml-syntax', 'schema', 'unknown-reference', 'duplicate-name', 'cidr-syntax', 'vpc-cidr', 'vswitch-cidr', 'vswitch-overlap',
  'pod-cidr', 'service-cidr', 'node-cidr-mask', 'route-quota', 'route-destination', 'vswitch-capacity', 'ip-address',
  'terway-min-pods', 'terway-exclusive-enis', 'terway-pod-vswitch-zone', 'pod-capacity', 'flannel-network-policy',
  'terway-pod-networking', 'flannel-unsupported', 'sg-mixed-types', 'sg-rule-count', 'sg-basic-capacity', 'sg-open-admin-port',
  'service-no-endpoints', 'service-target-port', 'node-port-range', 'netpol-selects-nothing',
]

describe('acknet lint fixtures/mistakes.yaml', () => {
  const {code, json} = runJson<{findings: Finding[]; summary: Record<string, number>}>(['lint', 'fixtures/mistakes.yaml', '--format', 'json'])

  it('exits 1 with exactly the documented findings', () => {
    expect(code).toBe(1)
    const got = json.findings.map((finding) => `${finding.ruleId}@${finding.line}:${finding.column}`)
    expect(got).toEqual(EXPECTED.map(([rule, line, column]) => `${rule}@${line}:${column}`))
  })

  it.each(EXPECTED)('%s at %i:%i (%s)', (rule, line, column, path, message) => {
    const finding = json.findings.find((candidate) => candidate.ruleId === rule && candidate.line === line && candidate.column === column)
    expect(finding, `${rule} at ${line}:${column}`).toBeDefined()
    expect(finding!.path).toBe(path)
    expect(finding!.message).toMatch(message)
    expect(finding!.file).toBe('fixtures/mistakes.yaml')
  })

  it('uses the SPEC §5 default severities and summary', () => {
    const severities = Object.fromEntries(json.findings.map((finding) => [finding.ruleId, finding.severity]))
    expect(severities).toMatchObject({'pod-capacity': 'warning', 'flannel-network-policy': 'warning', 'sg-basic-capacity': 'warning', 'sg-open-admin-port': 'warning', 'service-no-endpoints': 'warning', 'netpol-selects-nothing': 'info', 'route-quota': 'error', 'ip-address': 'error'})
    expect(json.summary).toEqual({files: 1, errors: 27, warnings: 5, infos: 1})
  })

  it('covers every required rule id across the mistakes fixtures', () => {
    const yamlSyntax = runJson<{findings: Finding[]}>(['lint', 'fixtures/mistakes-yaml-syntax.yaml', '--format', 'json'])
    const fired = new Set([...json.findings, ...yamlSyntax.json.findings].map((finding) => finding.ruleId))
    expect(REQUIRED_RULES.filter((rule) => !fired.has(rule))).toEqual([])
  })
})

describe('yaml-syntax', () => {
  it('reports a duplicate key on the second key, exit 1', () => {
    const {code, json} = runJson<{findings: Finding[]}>(['lint', 'fixtures/mistakes-yaml-syntax.yaml', '--format', 'json'])
    expect(code).toBe(1)
    expect(json.findings).toHaveLength(1)
    expect(json.findings[0]).toMatchObject({ruleId: 'yaml-syntax', severity: 'error', line: 13, column: 9, file: 'fixtures/mistakes-yaml-syntax.yaml'})
    expect(json.findings[0]!.message).toMatch(/duplicate key "zone"/)
  })

  it.each([
    ['an unclosed flow mapping', 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: x\nvpcs: []\n', 4],
    ['a tab indentation', 'apiVersion: acknet/v1\nkind: Topology\nmetadata:\n\tname: x\n', 4],
    ['a bad indentation', 'apiVersion: acknet/v1\nkind: Topology\nmetadata:\n  name: x\n   region: y\n', 5],
  ])('reports %s as a located finding, never a crash', (_what, text, line) => {
    const {code, stdout, stderr} = runCli(['lint', '-', '--format', 'json'], {input: text})
    expect(stderr).toBe('')
    expect(code).toBe(1)
    const json = JSON.parse(stdout) as {findings: Finding[]}
    expect(json.findings).toHaveLength(1)
    expect(json.findings[0]).toMatchObject({ruleId: 'yaml-syntax', file: '<stdin>', line})
    expect(json.findings[0]!.column).toBeGreaterThanOrEqual(1)
  })
})
