import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

/** The real public sample through the CLI: imported, merged, linted (fixtures/import/real/README.md). */
const dir = mkdtempSync(join(tmpdir(), 'acknet-import-real-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
const A = 'fixtures/import/aliyun'
const ALIYUN = ['import', 'aliyun', '--name', 'shop-prod', '--vpc', `${A}/vpcs.json`, '--vswitches', `${A}/vswitches.json`, '--security-groups', `${A}/security-groups.json`, '--security-groups', `${A}/security-group-attributes.json`, '--route-tables', `${A}/route-tables.json`, '--route-tables', `${A}/route-entries.json`, '--instances', `${A}/instances.json`, '--nat', `${A}/nat-gateways.json`, '--slb', `${A}/load-balancers.json`]

describe('import of the online-boutique manifests (real sample)', () => {
  const base = join(dir, 'base.yaml')
  const full = join(dir, 'full.yaml')

  it('merges into the VPC import and lints with no schema finding', () => {
    expect(runCli([...ALIYUN, '-o', base]).code).toBe(0)
    const merged = runCli(['import', 'kubectl', 'fixtures/import/real/online-boutique-manifests.yaml', '--cluster', 'boutique', '--plugin', 'terway', '--pod-vswitches', 'pod-i', '--service-cidr', '172.21.0.0/20', '--merge', base, '-o', full])
    expect(merged.code, merged.stderr).toBe(0)
    const {json} = runJson(['lint', full, '--format', 'json'])
    expect(json.findings.filter((finding: {ruleId: string}) => finding.ruleId === 'schema')).toEqual([])
    expect(readFileSync(full, 'utf8')).toMatch(/- name: frontend\n\s+namespace: default\n\s+kind: Deployment/)
  })

  it('a second merge that changes an object lists it on stderr; one that changes nothing lists nothing', () => {
    const again = runCli(['import', 'kubectl', 'fixtures/import/real/online-boutique-manifests.yaml', '--cluster', 'boutique', '--merge', full, '-o', join(dir, 'same.yaml')])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).not.toMatch(/^merge /m)
    const scaled = join(dir, 'scaled.yaml')
    writeFileSync(scaled, readFileSync('fixtures/import/real/online-boutique-manifests.yaml', 'utf8').replace('  name: loadgenerator\nspec:\n  selector:\n    matchLabels:\n      app: loadgenerator\n  replicas: 1', '  name: loadgenerator\nspec:\n  selector:\n    matchLabels:\n      app: loadgenerator\n  replicas: 4'))
    const changed = runCli(['import', 'kubectl', scaled, '--cluster', 'boutique', '--merge', full, '-o', join(dir, 'changed.yaml')])
    expect(changed.code, changed.stderr).toBe(0)
    expect(changed.stderr).toMatch(/^merge cluster boutique › workload default\/loadgenerator: replicas 1 → 4$/m)
    expect(readFileSync(join(dir, 'changed.yaml'), 'utf8')).toContain('# merge: cluster boutique › workload default/loadgenerator: replicas 1 → 4')
  })
})

describe('import of a real pre-1.19 Ingress (k9s sample) through the CLI', () => {
  it('merges into the VPC import with a note and lints with no schema finding', () => {
    const base = join(dir, 'ing-base.yaml')
    const out = join(dir, 'ing.yaml')
    expect(runCli([...ALIYUN, '-o', base]).code).toBe(0)
    const merged = runCli(['import', 'kubectl', 'fixtures/import/real/k9s-ing.json', '--cluster', 'k9s', '--plugin', 'terway', '--pod-vswitches', 'pod-i', '--service-cidr', '172.21.0.0/20', '--merge', base, '-o', out])
    expect(merged.code, merged.stderr).toBe(0)
    expect(merged.stderr).toContain('Ingress default/test-ingress: 1 backend(s) in the pre-1.19 form (serviceName/servicePort) written in the networking.k8s.io/v1 form (service.name/port)')
    const {json} = runJson(['lint', out, '--format', 'json'])
    expect(json.findings.filter((finding: {ruleId: string}) => finding.ruleId === 'schema')).toEqual([])
    expect(readFileSync(out, 'utf8')).not.toContain('serviceName:')
  })
})

describe('import of the upstream kube-flannel.yml and footmark responses (real samples) through the CLI', () => {
  it('kube-flannel.yml merges into the VPC import as a Flannel cluster and lints with no schema finding', () => {
    const base = join(dir, 'flannel-base.yaml')
    const out = join(dir, 'flannel.yaml')
    expect(runCli([...ALIYUN, '-o', base]).code).toBe(0)
    const merged = runCli(['import', 'kubectl', 'fixtures/import/real/flannel-kube-flannel.yml', '--cluster', 'flannel', '--merge', base, '-o', out])
    expect(merged.code, merged.stderr).toBe(0)
    expect(merged.stderr).not.toContain('could not tell the network plugin')
    const {json} = runJson(['lint', out, '--format', 'json'])
    expect(json.findings.filter((finding: {ruleId: string}) => finding.ruleId === 'schema')).toEqual([])
    expect(readFileSync(out, 'utf8')).toMatch(/network:\s*\{\s*plugin: flannel, podCidr: 10\.244\.0\.0\/16\s*\}/)
  })

  it('footmark DescribeVpcs/DescribeVSwitches/DescribeInstances and DescribeSecurityGroups import and lint with no schema finding', () => {
    const R = 'fixtures/import/real'
    const out = join(dir, 'footmark.yaml')
    const run = runCli(['import', 'aliyun', '--vpc', `${R}/footmark-vpc-mock-describe.json`, '--vswitches', `${R}/footmark-vpc-mock-describe.json`, '--instances', `${R}/footmark-vpc-mock-describe.json`, '--security-groups', `${R}/footmark-describe-security-groups.json`, '-o', out])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('security group sg-25y6ag32b has no VpcId (classic network); skipped')
    const {json} = runJson(['lint', out, '--format', 'json'])
    expect(json.findings.filter((finding: {ruleId: string}) => finding.ruleId === 'schema')).toEqual([])
    expect(readFileSync(out, 'utf8')).not.toMatch(/vpc: ""/)
  })
})
