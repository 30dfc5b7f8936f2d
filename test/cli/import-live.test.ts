import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import yaml from 'js-yaml'
import {afterAll, describe, expect, it} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

/**
 * `import aliyun --live` and `import kubectl --live` against stub `aliyun` / `kubectl`
 * executables on PATH that replay recorded responses (fixtures/import/live; no network).
 */
const dir = mkdtempSync(join(tmpdir(), 'acknet-live-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
const bin = join(dir, 'bin')
mkdirSync(bin)
for (const tool of ['aliyun', 'kubectl']) {
  writeFileSync(join(bin, tool), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'fixtures/import/live/stub.cjs')}" ${tool} "$@"\n`)
  chmodSync(join(bin, tool), 0o755)
}
const log = join(dir, 'calls.log')
const env = (extra: Record<string, string> = {}) => ({PATH: `${bin}:${process.env.PATH}`, ACKNET_STUB_DIR: join(ROOT, 'fixtures/import/live'), ACKNET_STUB_LOG: log, ...extra})

const A = 'fixtures/import/aliyun'
const FILE_ARGS = ['import', 'aliyun', '--name', 'shop-prod', '--vpc', `${A}/vpcs.json`, '--vswitches', `${A}/vswitches.json`, '--security-groups', `${A}/security-groups.json`, '--security-groups', `${A}/security-group-attributes.json`, '--route-tables', `${A}/route-tables.json`, '--route-tables', `${A}/route-entries.json`, '--instances', `${A}/instances.json`, '--nat', `${A}/nat-gateways.json`, '--slb', `${A}/load-balancers.json`]

describe('import --live (stub CLIs on PATH)', () => {
  it('aliyun --live writes the same topology as the file-based import, paging included', () => {
    writeFileSync(log, '')
    const live = runCli(['import', 'aliyun', '--live', '--region', 'cn-hangzhou', '--vpc-id', 'vpc-bp1prod7x3k9ovxq0001', '--profile', 'prod', '--name', 'shop-prod'], {env: env()})
    expect(live.code, live.stderr).toBe(0)
    const fromFiles = runCli(FILE_ARGS)
    expect(fromFiles.code, fromFiles.stderr).toBe(0)
    expect(yaml.load(live.stdout)).toEqual(yaml.load(fromFiles.stdout))
    const calls = readFileSync(log, 'utf8').trim().split('\n')
    // both pages of DescribeVSwitches (TotalCount > first page), every call scoped to the region, VPC and profile
    expect(calls.filter((call) => call.includes('DescribeVSwitches')).map((call) => /--PageNumber (\d+)/.exec(call)?.[1])).toEqual(['1', '2'])
    for (const call of calls) expect(call).toMatch(/--profile prod --RegionId cn-hangzhou/)
    expect(calls.find((call) => call.includes('DescribeVpcs'))).toContain('--VpcId vpc-bp1prod7x3k9ovxq0001')
    expect(calls).toContain('aliyun slb DescribeLoadBalancerTCPListenerAttribute --profile prod --RegionId cn-hangzhou --LoadBalancerId lb-bp1legacyslb0000000001 --ListenerPort 80')
    // the SLB of a LoadBalancer Service is not described: it comes from kubectl
    expect(calls.some((call) => call.includes('lb-bp1ccmfrontend00000002'))).toBe(false)
    // IPv6 gateways are read for the VPC; with none, no DescribeIpv6Addresses call
    expect(calls).toContain('aliyun vpc DescribeIpv6Gateways --profile prod --RegionId cn-hangzhou --VpcId vpc-bp1prod7x3k9ovxq0001 --PageSize 50 --PageNumber 1')
    expect(calls.some((call) => call.includes('DescribeIpv6Addresses'))).toBe(false)
    // DescribeInstances fills the ENIs' Ipv6Sets only with this attribute
    expect(calls.find((call) => call.includes('DescribeInstances'))).toContain('--AdditionalAttributes.1 NETWORK_PRIMARY_ENI_IP')
    expect(live.stderr).toMatch(new RegExp(`aliyun: ${calls.length} call\\(s\\)`))
  })

  it('aliyun --live with an IPv6 gateway in the VPC asks DescribeIpv6Addresses and lists the addresses with IPv6 internet bandwidth', () => {
    // the recorded responses, plus a gateway in the stub's VPC and its addresses (shapes of fixtures/import/dual-stack)
    const withGateway = join(dir, 'ipv6gw')
    mkdirSync(join(withGateway, 'aliyun'), {recursive: true})
    const recorded = join(ROOT, 'fixtures/import/live/aliyun')
    for (const name of readdirSync(recorded)) writeFileSync(join(withGateway, 'aliyun', name), readFileSync(join(recorded, name)))
    const [gateways, addresses] = JSON.parse(readFileSync(join(ROOT, 'fixtures/import/dual-stack/ipv6-gateways.json'), 'utf8')) as Array<Record<string, {[key: string]: Array<Record<string, unknown>>}>>
    const vpcId = 'vpc-bp1prod7x3k9ovxq0001'
    for (const gateway of gateways!.Ipv6Gateways!.Ipv6Gateway!) gateway.VpcId = vpcId
    for (const address of addresses!.Ipv6Addresses!.Ipv6Address!) address.VpcId = vpcId
    writeFileSync(join(withGateway, 'aliyun', 'DescribeIpv6Gateways.json'), JSON.stringify(gateways))
    writeFileSync(join(withGateway, 'aliyun', 'DescribeIpv6Addresses.json'), JSON.stringify(addresses))
    writeFileSync(log, '')
    const live = runCli(['import', 'aliyun', '--live', '--region', 'cn-hangzhou', '--vpc-id', vpcId, '--name', 'shop-prod'], {env: env({ACKNET_STUB_DIR: withGateway})})
    expect(live.code, live.stderr).toBe(0)
    const calls = readFileSync(log, 'utf8').trim().split('\n')
    expect(calls.find((call) => call.includes('DescribeIpv6Addresses'))).toMatch(/^aliyun vpc DescribeIpv6Addresses --RegionId cn-hangzhou --VpcId vpc-bp1prod7x3k9ovxq0001 /)
    const topology = yaml.load(live.stdout) as {ipv6Gateways: Array<{name: string; vpc: string; internet: string[]}>}
    // the bastion's address has an Ipv6InternetBandwidth; pg-primary's has none
    expect(topology.ipv6Gateways).toEqual([{name: 'prod-ipv6gw', vpc: expect.any(String), internet: ['2408:4005:3bc:1220::10/128']}])
  })

  it('a failing call is one exit-2 line naming the call', () => {
    const empty = join(dir, 'empty')
    mkdirSync(join(empty, 'aliyun'), {recursive: true})
    writeFileSync(join(empty, 'aliyun', 'DescribeVpcs.json'), readFileSync(join(ROOT, 'fixtures/import/live/aliyun/DescribeVpcs.json')))
    const {code, stdout, stderr} = runCli(['import', 'aliyun', '--live', '--region', 'cn-hangzhou'], {env: env({ACKNET_STUB_DIR: empty})})
    expect(code).toBe(2)
    expect(stdout).toBe('')
    const errors = stderr.split('\n').filter((line) => line.startsWith('error '))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/`aliyun vpc DescribeVSwitches --RegionId cn-hangzhou --PageSize 50 --PageNumber 1` failed \(exit 1\): ERROR: SDK\.ServerError/)
  })

  it('a missing CLI is one exit-2 line naming the call', () => {
    const {code, stderr} = runCli(['import', 'aliyun', '--live', '--region', 'cn-hangzhou'], {env: {PATH: join(dir, 'nothing-here')}})
    expect(code).toBe(2)
    expect(stderr.trim()).toMatch(/^error aliyun is not installed or not on PATH \(needed for `aliyun vpc DescribeVpcs --RegionId cn-hangzhou --PageSize 50 --PageNumber 1`\); install the aliyun CLI/)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })

  it('--live needs --region; files and --live do not mix', () => {
    expect(runCli(['import', 'aliyun', '--live'], {env: env()}).stderr).toMatch(/--live needs --region/)
    expect(runCli(['import', 'aliyun', '--live', '--region', 'x', '--vpc', `${A}/vpcs.json`], {env: env()}).code).toBe(2)
  })

  it('kubectl --live runs kubectl get and gives what the file gives', () => {
    writeFileSync(log, '')
    const args = ['--cluster', 'shop', '--vpc', 'prod', '--service-cidr', '172.21.0.0/20']
    const live = runCli(['import', 'kubectl', '--live', '--context', 'shop-prod', ...args], {env: env()})
    expect(live.code, live.stderr).toBe(0)
    const fromFile = runCli(['import', 'kubectl', 'fixtures/import/kubectl-shop.json', ...args])
    expect(yaml.load(live.stdout)).toEqual(yaml.load(fromFile.stdout))
    const calls = readFileSync(log, 'utf8').trim().split('\n')
    expect(calls[0]).toBe('kubectl get nodes,namespaces,deployments,statefulsets,daemonsets,replicasets,pods,jobs,cronjobs,services,networkpolicies,ingresses -A -o json --context shop-prod')
    expect(calls[1]).toBe('kubectl get configmaps -A --field-selector metadata.name=kube-flannel-cfg -o json --context shop-prod')
  })

  it('kubectl --live reads the Flannel config from the kube-flannel namespace (upstream Flannel since 0.20)', () => {
    // real upstream objects (fixtures/import/real): flannel's fake node and the ConfigMap of kube-flannel.yml
    const flannel = join(dir, 'flannel', 'kubectl')
    mkdirSync(flannel, {recursive: true})
    const node = yaml.load(readFileSync(join(ROOT, 'fixtures/import/real/flannel-fake-node.yaml'), 'utf8'))
    const configMap = yaml.loadAll(readFileSync(join(ROOT, 'fixtures/import/real/flannel-kube-flannel.yml'), 'utf8')).find((doc) => (doc as {kind?: string})?.kind === 'ConfigMap') as {metadata: {namespace: string}}
    expect(configMap.metadata.namespace).toBe('kube-flannel')
    writeFileSync(join(flannel, 'get.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: [node]}))
    writeFileSync(join(flannel, 'configmaps.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: [configMap]}))
    const live = runCli(['import', 'kubectl', '--live', '--cluster', 'lab', '--vpc', 'lab'], {env: env({ACKNET_STUB_DIR: join(dir, 'flannel')})})
    expect(live.code, live.stderr).toBe(0)
    const topology = yaml.load(live.stdout) as {clusters: Array<{network: {plugin: string; podCidr?: string}}>}
    expect(topology.clusters[0].network.plugin).toBe('flannel')
    // net-conf.json's Network in kube-flannel.yml
    expect(topology.clusters[0].network.podCidr).toBe('10.244.0.0/16')
    // read from the ConfigMap, not guessed from the node's podCIDR
    expect(live.stderr).not.toMatch(/smallest \/16|pod CIDR unknown/)
  })

  it('kubectl --live with no kubectl is one exit-2 line', () => {
    const {code, stderr} = runCli(['import', 'kubectl', '--live', '--cluster', 'shop', '--vpc', 'prod'], {env: {PATH: join(dir, 'nothing-here')}})
    expect(code).toBe(2)
    expect(stderr.trim()).toMatch(/^error kubectl is not installed or not on PATH \(needed for `kubectl get nodes,namespaces,.* -A -o json`\)/)
  })
})
