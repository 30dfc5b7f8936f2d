import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT, runCli, runJson} from '../helpers/cli.js'

const PAGES = join(ROOT, 'fixtures/catalog/describe-instance-types-pages.json')

describe('users\' own instance data (SPEC 1.4) end to end', () => {
  it('import aliyun --instance-types writes instanceTypes: that lint and the capacity answers then use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acknet-catalog-cli-'))
    try {
      const imported = runCli(['import', 'aliyun', '--instance-types', PAGES])
      expect(imported.code, imported.stderr).toBe(0)
      expect(imported.stdout).toMatch(/^ {2}- \{ name: ecs\.u1-c1m4\.xlarge, enis: 3, ipv4PerEni: 10, ipv6PerEni: 1, eniTotal: 6, trunk: true \}$/m)
      // precedence test with a type the shipped catalog has no EniTotalQuantity for (ecs.g7.2xlarge): the
      // value 7 is a test input, not a published figure
      const catalog = join(dir, 'types.json')
      writeFileSync(catalog, JSON.stringify({InstanceTypes: {InstanceType: [{InstanceTypeId: 'ecs.g7.2xlarge', EniQuantity: 4, EniPrivateIpAddressQuantity: 15, EniTotalQuantity: 7, EniTrunkSupported: true}]}}))
      // a trunk cluster: 2 nodes × (7 − 4) member ENIs = 6 podNetworking pods; 7 leave one Pending
      const topology = `apiVersion: acknet/v1
kind: Topology
metadata: {name: t}
vpcs:
  - {name: p, cidr: 192.168.0.0/16, vswitches: [{name: n, zone: z, cidr: 192.168.0.0/24}, {name: pv, zone: z, cidr: 192.168.32.0/19}]}
clusters:
  - name: c
    vpc: p
    network: {plugin: terway, mode: trunk, podVSwitches: [pv]}
    serviceCidr: 172.21.0.0/20
    nodePools: [{name: np, instanceType: ecs.g7.2xlarge, count: 2, vswitches: [n]}]
    workloads: [{name: w, namespace: web, replicas: 7, labels: {app: w}, podNetworking: {vswitches: [pv]}}]
`
      writeFileSync(join(dir, 'shop.yaml'), topology)
      // shipped catalog: no EniTotalQuantity for this type → the rule names the missing input
      const bare = runJson(['lint', join(dir, 'shop.yaml'), '--format', 'json'])
      expect(bare.json.findings.map((f: {ruleId: string; message: string}) => `${f.ruleId}: ${f.message}`)).toEqual([expect.stringMatching(/^pod-capacity: .*EniTotalQuantity of ecs\.g7\.2xlarge is not known/)])
      // catalog: in .acknetrc.yaml supplies it
      writeFileSync(join(dir, '.acknetrc.yaml'), 'catalog: types.json\n')
      const withConfig = runJson(['lint', join(dir, 'shop.yaml'), '--format', 'json'])
      expect(withConfig.json.findings.map((f: {message: string}) => f.message)).toEqual([expect.stringMatching(/7 pods with podNetworking on 2 nodes, but ecs\.g7\.2xlarge has 3 trunk member ENIs per node; 1 pod would stay Pending/)])
      // and the topology's instanceTypes win over the config's catalog
      writeFileSync(join(dir, 'shop.yaml'), `${topology}instanceTypes: [{name: ecs.g7.2xlarge, enis: 4, ipv4PerEni: 15, eniTotal: 8}]\n`)
      expect(runJson(['lint', join(dir, 'shop.yaml'), '--format', 'json']).json.findings).toEqual([])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('lint --list-rules lists the 0.2 rules', () => {
    const {stdout} = runCli(['lint', '--list-rules'])
    for (const id of ['service-cidr-shared', 'service-cluster-ip', 'vpc-ip-quota', 'acs-unsupported', 'service-ip-family', 'internal', 'file-unreadable']) expect(stdout).toMatch(new RegExp(`^\\s*${id}\\s+(error|warning)\\s`, 'm'))
  })
})
