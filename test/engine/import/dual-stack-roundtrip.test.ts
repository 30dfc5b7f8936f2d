import {readFileSync} from 'node:fs'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {importAliyun} from '../../../src/engine/import/aliyun.js'
import type {TopologyDoc} from '../../../src/engine/import/document.js'
import {finishImport} from '../../../src/engine/import/finish.js'
import {readStructured} from '../../../src/engine/import/io.js'
import {importKubectl} from '../../../src/engine/import/kubectl.js'
import {ReachSession} from '../../../src/engine/reach/session.js'
import {loadModel} from '../../../src/engine/topology/index.js'

/**
 * Round trip over IPv6: fixtures/dual-stack.yaml with every IPv6 fact removed, then the aliyun
 * responses and the kubectl Services of that same network (fixtures/import/dual-stack/) merged
 * in, must answer `reach --family 6` as the hand-written file does. DescribeIpv6Addresses lists
 * single addresses, so the imported `internet` list holds the bastion's /128 only, not the
 * pods' /64s of the hand-written file: the pairs below do not depend on those.
 */
const D = 'fixtures/import/dual-stack'
const load = (file: string) => [{file: `${D}/${file}`, data: readStructured(`${D}/${file}`)}]
type Any = Record<string, any>

function withoutIpv6(doc: Any): Any {
  const copy = structuredClone(doc)
  for (const vpc of copy.vpcs) {
    delete vpc.ipv6Cidr
    for (const vswitch of vpc.vswitches) delete vswitch.ipv6Cidr
  }
  delete copy.ipv6Gateways
  for (const group of copy.securityGroups) group.rules = group.rules.filter((rule: Any) => !String(rule.peer ?? '').includes(':'))
  for (const instance of copy.instances) if (typeof instance.ipv6 === 'string') delete instance.ipv6
  for (const cluster of copy.clusters) {
    delete cluster.ipStack
    for (const service of cluster.services) {
      delete service.spec.ipFamilies
      delete service.spec.ipFamilyPolicy
    }
  }
  return copy
}

function roundTrip(): {text: string; original: string} {
  const original = readFileSync('fixtures/dual-stack.yaml', 'utf8')
  const stripped = withoutIpv6(yaml.load(original) as Any) as TopologyDoc
  const aliyun = importAliyun({vpc: load('vpcs.json'), vswitches: load('vswitches.json'), securityGroups: load('security-groups.json'), instances: load('instances.json'), ipv6Gateways: load('ipv6-gateways.json')})
  const afterAliyun = yaml.load(finishImport(aliyun, stripped, 'stripped.yaml')) as TopologyDoc
  const kubectl = importKubectl(readStructured(`${D}/kubectl-services.json`), {file: `${D}/kubectl-services.json`, cluster: 'shop', context: afterAliyun})
  return {text: finishImport(kubectl, afterAliyun, 'after-aliyun.yaml'), original}
}

const PAIRS: Array<[string, string, number]> = [
  ['pod:web/frontend', 'svc:api/orders', 80],
  ['pod:web/frontend', 'instance:pg-primary', 5432],
  ['pod:api/orders', 'instance:pg-primary', 5432],
  ['instance:bastion', 'instance:pg-primary', 22],
  ['pod:web/frontend', 'instance:pg-primary', 22],
  ['internet', 'instance:pg-primary', 5432],
  ['internet', 'instance:bastion', 22],
  ['instance:bastion', 'internet', 443],
  ['instance:pg-primary', 'internet', 443],
]

describe('import round trip over IPv6: aliyun + kubectl --merge answer reach --family 6 like fixtures/dual-stack.yaml', () => {
  const {text, original} = roundTrip()

  it('the merged file has the IPv6 facts back', () => {
    const doc = yaml.load(text) as Any
    expect(doc.vpcs[0].ipv6Cidr).toBe('2408:4005:3bc:1200::/56')
    expect(doc.clusters[0].ipStack).toBe('dual')
    expect(doc.ipv6Gateways).toEqual([{name: 'prod-ipv6gw', vpc: 'prod', internet: ['2408:4005:3bc:1220::10/128']}])
    expect(doc.clusters[0].services.find((s: Any) => s.metadata.name === 'frontend').spec).toMatchObject({ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4']})
  })

  it('lints with no schema finding', () => {
    expect(loadModel('merged.yaml', text).findings.filter((f) => f.ruleId === 'schema')).toEqual([])
  })

  it.each(PAIRS)('%s → %s:%i answers as the hand-written file', (from, to, port) => {
    const imported = new ReachSession(loadModel('merged.yaml', text).model, 6).reach(from, to, {port}).verdict
    const handWritten = new ReachSession(loadModel('fixtures/dual-stack.yaml', original).model, 6).reach(from, to, {port}).verdict
    expect(imported).toBe(handWritten)
  })

  it('the pairs are not all one answer (the comparison can fail)', () => {
    const model = loadModel('fixtures/dual-stack.yaml', original).model
    const verdicts = new Set(PAIRS.map(([from, to, port]) => new ReachSession(model, 6).reach(from, to, {port}).verdict))
    expect(verdicts).toContain('allowed')
    expect(verdicts).toContain('denied')
  })
})
