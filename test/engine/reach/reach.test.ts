import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {REASON_CODES, STEP_ORDER} from '../../../src/engine/reach/codes.js'
import {ReachContext} from '../../../src/engine/reach/context.js'
import {reach, type ReachQuery} from '../../../src/engine/reach/reach.js'
import type {ReachResult} from '../../../src/engine/reach/result.js'
import {loadModelOrThrow} from '../../../src/engine/topology/index.js'

/**
 * Reach cases over two small hand-made topologies (fixtures/reach/): every reason code of
 * SPEC §4.3 and every step of §4.2, each asserting verdict, reason code and object.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/reach/${name}`, import.meta.url))
const contexts = new Map<string, ReachContext>()
function ask(file: string, from: string, to: string, options: Omit<ReachQuery, 'from' | 'to'> = {}, family: 4 | 6 = 4): ReachResult {
  let ctx = contexts.get(`${file}|${family}`)
  if (!ctx) contexts.set(`${file}|${family}`, (ctx = new ReachContext(loadModelOrThrow(fixture(file)).model, family)))
  return reach(ctx, {from, to, ...options})
}

const seenCodes = new Set<string>()
const seenSteps = new Set<string>()
function record(result: ReachResult): ReachResult {
  if (result.reason) seenCodes.add(result.reason.code)
  for (const path of result.paths) for (const hop of path.hops) seenSteps.add(hop.step)
  return result
}

type Case = [from: string, to: string, port: number | undefined, verdict: ReachResult['verdict'], code: string | null, object: string | null]

const terwayCases: Case[] = [
  // allowed paths
  ['pod:web/frontend', 'svc:web/api', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'pod:web/api', 9000, 'allowed', null, null],
  ['node:default', 'instance:db-1', 5432, 'allowed', null, null],
  ['pod:web/batch', 'instance:worker', 80, 'allowed', null, null],
  ['instance:bastion', 'internet', 443, 'allowed', null, null],
  ['node:default', 'internet', 443, 'allowed', null, null],
  ['internet', 'instance:db-1', 22, 'allowed', null, null],
  ['internet', 'ip:47.96.0.10', 2222, 'allowed', null, null],
  ['internet', 'lb:web/frontend', undefined, 'allowed', null, null],
  ['instance:bastion', 'slb:legacy-slb', 80, 'allowed', null, null],
  ['node:default', 'lb:web/internal-lb', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'instance:partner-box', undefined, 'allowed', null, null],
  ['internet', 'url:http://shop.example.com/api/orders', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'url:http://shop.example.com/', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'dns:pg.internal.example', 22, 'allowed', null, null],
  ['pod:web/frontend', 'dns:api', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'dns:api.web.svc.cluster.local', undefined, 'allowed', null, null],
  // NetworkPolicy
  ['pod:web/batch', 'instance:db-1', 5432, 'denied', 'NETPOL_EGRESS_DENIED', 'networkPolicy/web/batch-egress'],
  ['pod:web/batch', 'internet', 80, 'denied', 'NETPOL_EGRESS_DENIED', 'networkPolicy/web/batch-egress'],
  ['pod:web/frontend', 'pod:web/api', 9001, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/web/api-allow-frontend'],
  ['pod:web/frontend', 'dns:pg.data.svc.cluster.local', undefined, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/data/pg-deny-all'],
  ['pod:web/frontend', 'dns:pg-1.pg.data.svc.cluster.local', undefined, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/data/pg-deny-all'],
  ['pod:web/frontend', 'nodeport:web/api-np', undefined, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/web/api-allow-frontend'],
  // security groups
  ['pod:web/frontend', 'instance:db-1', 5432, 'denied', 'SG_INGRESS_DENIED', 'securityGroup/db'],
  ['instance:worker', 'instance:db-1', 5432, 'denied', 'SG_INGRESS_DENIED', 'securityGroup/db'],
  ['pod:web/frontend', 'instance:cache-1', undefined, 'denied', 'SG_INGRESS_DENIED', 'securityGroup/cache'],
  ['pod:web/frontend', 'instance:db-1', 25, 'denied', 'SG_EGRESS_DENIED', 'securityGroup/pods'],
  // routing
  ['pod:web/frontend', 'ip:10.99.1.1', 80, 'denied', 'BLACKHOLE_ROUTE', 'routeTable/prod/system'],
  ['instance:oneway-box', 'internet', 80, 'denied', 'NO_ROUTE', 'routeTable/oneway/system'],
  ['pod:web/frontend', 'internet', 443, 'denied', 'NO_SNAT', 'natGateway/prod-nat'],
  ['pod:web/frontend', 'instance:other-box', 80, 'denied', 'DIFFERENT_VPC', 'routeTable/prod/system'],
  ['instance:iso-box', 'instance:other-box', 80, 'denied', 'DIFFERENT_VPC', 'routeTable/prod/isolated'],
  ['instance:oneway-box', 'instance:worker', 80, 'denied', 'DIFFERENT_VPC', 'routeTable/oneway/system'],
  ['pod:web/frontend', 'instance:oneway-box', 80, 'denied', 'NO_RETURN_ROUTE', 'routeTable/oneway/system'],
  // a private address outside every VPC: the NAT gateway never delivers it (issue #13)
  ['node:default', 'ip:172.31.5.5', 443, 'denied', 'NOT_INTERNET_ROUTABLE', 'routeTable/prod/system'],
  ['instance:bastion', 'ip:10.200.0.1', 443, 'denied', 'NOT_INTERNET_ROUTABLE', 'routeTable/prod/system'],
  // services, SLB, DNAT, Ingress, DNS
  ['instance:db-1', 'svc:web/api', undefined, 'denied', 'CLUSTER_IP_UNREACHABLE', 'cluster/shop'],
  ['pod:web/api', 'svc:web/ghost', undefined, 'denied', 'NO_ENDPOINTS', 'service/web/ghost'],
  ['pod:web/frontend', 'svc:web/api', 81, 'denied', 'PORT_NOT_EXPOSED', 'service/web/api'],
  ['internet', 'ip:47.96.0.10', 2223, 'denied', 'PORT_NOT_EXPOSED', 'natGateway/prod-nat'],
  ['instance:bastion', 'slb:legacy-slb', 81, 'denied', 'PORT_NOT_EXPOSED', 'loadBalancer/legacy-slb'],
  ['internet', 'instance:cache-1', undefined, 'denied', 'NO_PUBLIC_ADDRESS', 'instance/cache-1'],
  ['internet', 'nodeport:web/api-np', undefined, 'denied', 'NO_PUBLIC_ADDRESS', 'service/web/api-np'],
  ['internet', 'lb:web/internal-lb', undefined, 'denied', 'LB_NOT_INTERNET_FACING', 'service/web/internal-lb'],
  ['instance:bastion', 'lb:web/internal-lb', undefined, 'denied', 'LB_ACL_DENIED', 'service/web/internal-lb'],
  ['instance:worker', 'slb:legacy-slb', 80, 'denied', 'LB_ACL_DENIED', 'loadBalancer/legacy-slb'],
  ['internet', 'url:http://nope.example.com/', undefined, 'denied', 'NO_INGRESS_RULE', 'cluster/shop'],
  ['internet', 'url:http://shop.example.com/ghost/x', undefined, 'denied', 'NO_ENDPOINTS', 'service/web/ghost'],
  ['pod:web/frontend', 'dns:nope', 80, 'denied', 'UNRESOLVED_NAME', 'dns/nope'],
  ['instance:worker', 'dns:api.web', 80, 'denied', 'UNRESOLVED_NAME', 'dns/api.web'],
  ['pod:web/frontend', 'instance:partner-box', 8443, 'denied', 'PORT_NOT_LISTENING', 'instance/partner-box'],
]

const flannelCases: Case[] = [
  ['pod:default/client', 'pod:default/web', undefined, 'partial', 'ROUTE_QUOTA_EXCEEDED', 'routeTable/flan/system'],
  ['instance:app-1', 'pod:default/web', undefined, 'partial', 'ROUTE_QUOTA_EXCEEDED', 'routeTable/flan/system'],
  ['pod:default/client', 'svc:default/web', undefined, 'partial', 'ROUTE_QUOTA_EXCEEDED', 'routeTable/flan/system'],
  ['pod:default/web', 'instance:mysql-1', undefined, 'denied', 'NO_RETURN_ROUTE', 'routeTable/flan/data-rt'],
  ['instance:mysql-1', 'pod:default/web', undefined, 'denied', 'NO_ROUTE', 'routeTable/flan/data-rt'],
  ['pod:default/web', 'instance:app-1', 80, 'allowed', null, null],
  ['pod:default/agent', 'instance:mysql-1', undefined, 'allowed', null, null],
  ['instance:app-1', 'nodeport:default/web', undefined, 'allowed', null, null],
  ['pod:default/client', 'internet', 443, 'allowed', null, null],
  ['internet', 'lb:default/web', undefined, 'denied', 'SG_INGRESS_DENIED', 'securityGroup/k8s'],
  ['instance:app-1', 'svc:default/web', undefined, 'denied', 'CLUSTER_IP_UNREACHABLE', 'cluster/fl'],
]

describe('reach: Terway cluster, ECS, NAT, SLB, peering', () => {
  it.each(terwayCases)('%s → %s (port %s): %s %s %s', (from, to, port, verdict, code, object) => {
    const result = record(ask('terway.yaml', from, to, {port}))
    expect(result.verdict).toBe(verdict)
    expect(result.reason?.code ?? null).toBe(code)
    expect(result.reason?.object ?? null).toBe(object)
  })
})

describe('reach: Flannel cluster, route quota, masquerade, return routes', () => {
  it.each(flannelCases)('%s → %s (port %s): %s %s %s', (from, to, port, verdict, code, object) => {
    const result = record(ask('flannel.yaml', from, to, {port}))
    expect(result.verdict).toBe(verdict)
    expect(result.reason?.code ?? null).toBe(code)
    expect(result.reason?.object ?? null).toBe(object)
  })
})

const multiCases: Case[] = [
  ['pod:serverless/prod/job', 'pod:serverless/prod/api', undefined, 'allowed', null, null],
  // a pod of another cluster has no identity for this cluster's podSelector peers
  ['pod:classic/prod/api', 'pod:serverless/prod/api', undefined, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/prod/api-from-job'],
  // Terway exclusive mode skips NetworkPolicy: deny-all in classic has no effect
  ['pod:serverless/prod/job', 'pod:classic/prod/api', undefined, 'allowed', null, null],
  ['node:classic/big', 'pod:classic/prod/exporter', undefined, 'allowed', null, null],
  ['pod:serverless/prod/job', 'ip:10.0.0.250', 22, 'allowed', null, null],
  ['pod:serverless/prod/job', 'ip:8.8.8.8', 53, 'denied', 'NO_ROUTE', 'routeTable/main/system'],
]

describe('reach: ACS and Terway exclusive clusters side by side', () => {
  it.each(multiCases)('%s → %s (port %s): %s %s %s', (from, to, port, verdict, code, object) => {
    const result = record(ask('multi.yaml', from, to, {port}))
    expect(result.verdict).toBe(verdict)
    expect(result.reason?.code ?? null).toBe(code)
    expect(result.reason?.object ?? null).toBe(object)
  })

  it('exclusive mode shows NetworkPolicy as a skipped step; a short reference is ambiguous with two clusters', () => {
    const out = ask('multi.yaml', 'pod:serverless/prod/job', 'pod:classic/prod/api')
    expect(out.paths[0]!.hops.find((h) => h.step === 'netpol-ingress')).toMatchObject({result: 'skip', detail: expect.stringMatching(/exclusive mode/)})
    expect(() => ask('multi.yaml', 'pod:prod/api', 'pod:prod/job')).toThrow(/ambiguous: the topology has 2 clusters; write pod:CLUSTER\/prod\/api/)
  })

  it('udp and icmp are evaluated; icmp needs no port', () => {
    expect(ask('multi.yaml', 'pod:serverless/prod/job', 'ip:10.0.0.1', {protocol: 'udp', port: 53}).verdict).toBe('allowed')
    const icmp = ask('multi.yaml', 'pod:serverless/prod/job', 'pod:serverless/prod/api', {protocol: 'icmp'})
    expect(icmp).toMatchObject({verdict: 'allowed', port: null, protocol: 'icmp'})
  })
})

/**
 * The same pairs over IPv4 and IPv6 (SPEC §8, fixtures/reach/dual-stack.yaml): where the answers
 * differ, they differ for a reason the file states (a rule's family, the IPv6 gateway's internet
 * list, an ipBlock's family, a SingleStack Service, a single-stack cluster, an ECS without ipv6).
 */
type FamilyAnswer = [verdict: ReachResult['verdict'], code: string | null, object: string | null]
const dualCases: Array<[from: string, to: string, port: number, ipv4: FamilyAnswer, ipv6: FamilyAnswer]> = [
  // a 0.0.0.0/0 rule admits no IPv6 client
  ['internet', 'instance:web-vm', 80, ['allowed', null, null], ['denied', 'SG_INGRESS_DENIED', 'securityGroup/web-vm']],
  // the office rule is an IPv6 block: over IPv4 nothing admits the internet; over IPv6 only 2001:250::/32 gets in
  ['internet', 'instance:bastion', 22, ['denied', 'SG_INGRESS_DENIED', 'securityGroup/bastion'], ['partial', 'SG_INGRESS_DENIED', 'securityGroup/bastion']],
  // IPv4 pods reach the internet through SNAT, IPv6 pods through the IPv6 gateway (their /64 is listed)
  ['pod:web/frontend', 'internet', 443, ['allowed', null, null], ['allowed', null, null]],
  // the jobs ECS has SNAT over IPv4, but its IPv6 address is not in the gateway's internet list
  ['instance:jobs', 'internet', 443, ['allowed', null, null], ['denied', 'NO_IPV6_INTERNET', 'ipv6Gateway/prod-ipv6gw']],
  // inbound: the pods' /64 is listed and k8s admits tcp/443 from ::/0; over IPv4 pods have no public address
  ['internet', 'pod:web/frontend', 443, ['denied', 'NO_PUBLIC_ADDRESS', 'workload/web/frontend'], ['allowed', null, null]],
  // pg is not in the internet list (and has no public IP)
  ['internet', 'instance:pg', 5432, ['denied', 'NO_PUBLIC_ADDRESS', 'instance/pg'], ['denied', 'NO_IPV6_INTERNET', 'ipv6Gateway/prod-ipv6gw']],
  // db admits the pod vSwitch in both families
  ['pod:web/frontend', 'instance:pg', 5432, ['allowed', null, null], ['allowed', null, null]],
  // db admits the ops vSwitch over IPv4 only
  ['instance:jobs', 'instance:pg', 5432, ['allowed', null, null], ['denied', 'SG_INGRESS_DENIED', 'securityGroup/db']],
  // orders-in admits ops by an IPv6 ipBlock only (its IPv4 ipBlock is the data vSwitch)
  ['instance:jobs', 'pod:api/orders', 8080, ['denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/api/orders-in'], ['allowed', null, null]],
  // a SingleStack Service has no IPv6; a PreferDualStack one in a dual-stack cluster has
  ['pod:web/frontend', 'svc:api/orders', 80, ['allowed', null, null], ['denied', 'NO_IPV6_ADDRESS', 'service/api/orders']],
  ['pod:api/orders', 'svc:web/frontend', 443, ['allowed', null, null], ['allowed', null, null]],
  // SingleStack with ipFamilies [IPv6] has no IPv4 cluster IP: the IPv4 twin of the case above
  ['pod:web/frontend', 'svc:api/orders-v6', 80, ['denied', 'NO_IPV4_ADDRESS', 'service/api/orders-v6'], ['allowed', null, null]],
  // a nodePort from the internet: over IPv4 nodes have no public address; over IPv6 the nodes' /64 is not in the internet list
  ['internet', 'nodeport:shop/web/frontend', 30443, ['denied', 'NO_PUBLIC_ADDRESS', 'service/web/frontend'], ['denied', 'NO_IPV6_INTERNET', 'ipv6Gateway/prod-ipv6gw']],
  // no IPv6 address: an ECS without ipv6, a single-stack cluster
  ['pod:web/frontend', 'instance:legacy', 5432, ['allowed', null, null], ['denied', 'NO_IPV6_ADDRESS', 'instance/legacy']],
  ['pod:etl/loader', 'instance:pg', 5432, ['denied', 'SG_INGRESS_DENIED', 'securityGroup/db'], ['denied', 'NO_IPV6_ADDRESS', 'cluster/batch']],
  // the data table has no ::/0 → ipv6gw: the reply to an IPv6 client cannot leave (pg not listed anyway: see above)
]

describe('reach over IPv4 and IPv6 (--family, SPEC §8)', () => {
  it.each(dualCases)('%s → %s (port %s)', (from, to, port, ipv4, ipv6) => {
    const four = record(ask('dual-stack.yaml', from, to, {port}, 4))
    const six = record(ask('dual-stack.yaml', from, to, {port}, 6))
    expect([four.family, four.verdict, four.reason?.code ?? null, four.reason?.object ?? null]).toEqual([4, ...ipv4])
    expect([six.family, six.verdict, six.reason?.code ?? null, six.reason?.object ?? null]).toEqual([6, ...ipv6])
  })

  it('IPv6 pods keep their address (no masquerade) and leave through the IPv6 gateway, never SNAT', () => {
    const six = ask('dual-stack.yaml', 'pod:web/frontend', 'internet', {port: 443}, 6)
    const hops = six.paths[0]!.hops
    expect(six.from.address).toMatch(/^2408:4005:3bc:1210::/)
    expect(hops.find((h) => h.step === 'source-nat')!.detail).toMatch(/^srcIp 2408:4005:3bc:1210::\S+ kept \(IPv6 pod address: no masquerade\)/)
    expect(hops.find((h) => h.step === 'route')).toMatchObject({object: 'ipv6Gateway/prod-ipv6gw', result: 'pass'})
    expect(hops.find((h) => h.step === 'route')!.detail).toMatch(/::\/0 → ipv6gw:prod-ipv6gw; .* no SNAT/)
    const four = ask('dual-stack.yaml', 'pod:web/frontend', 'internet', {port: 443}, 4)
    expect(four.paths[0]!.hops.find((h) => h.step === 'route')).toMatchObject({object: 'natGateway/prod-nat', result: 'pass'})
  })

  it('the partial IPv6 answer names the admitted internet range', () => {
    const six = ask('dual-stack.yaml', 'internet', 'instance:bastion', {port: 22}, 6)
    expect(six.reason!.message).toMatch(/the internet is admitted only from 2001:250::\/32/)
  })

  it('an IPv6 ip: endpoint resolves to its owner; the wrong family is an exit-2 error', () => {
    const six = ask('dual-stack.yaml', 'instance:bastion', 'ip:2408:4005:3bc:1230::10', {port: 5432}, 6)
    expect(six.to).toEqual({ref: 'ip:2408:4005:3bc:1230::10', kind: 'instance', address: '2408:4005:3bc:1230::10'})
    expect(six.reason).toMatchObject({code: 'SG_INGRESS_DENIED', object: 'securityGroup/db'})
    expect(() => ask('dual-stack.yaml', 'pod:web/frontend', 'ip:10.0.128.10', {port: 5432}, 6)).toThrow(/IPv4 address, but the question is asked over IPv6/)
    expect(() => ask('dual-stack.yaml', 'pod:web/frontend', 'ip:2408:4005:3bc:1230::10', {port: 5432}, 4)).toThrow(/IPv6 address, but the question is asked over IPv4/)
  })

  it('over IPv6 a nodePort is reachable from the internet when the nodes are in the gateway internet list', () => {
    const text = readFileSync(fixture('dual-stack.yaml'), 'utf8').replace('      - "2408:4005:3bc:1210::/64"        # the shop pods', '      - "2408:4005:3bc:1210::/64"\n      - "2408:4005:3bc:1200::/64"')
    const rule = '{ direction: ingress, protocol: tcp, ports: "443/443", peer: "::/0" }'
    const ctx = new ReachContext(loadModelOrThrow('inline.yaml', text.replace(rule, `${rule}\n      - { direction: ingress, protocol: tcp, ports: "30443/30443", peer: "::/0" }`)).model, 6)
    const result = reach(ctx, {from: 'internet', to: 'nodeport:shop/web/frontend', port: 30443})
    expect(result).toMatchObject({verdict: 'allowed', reason: null})
    expect(result.paths[0]!.hops.map((h) => `${h.step} ${h.object}`)).toEqual(['service service/web/frontend', 'route ipv6Gateway/prod-ipv6gw', 'sg-ingress securityGroup/k8s', 'port nodePool/shop/default', 'sg-ingress securityGroup/k8s', 'netpol-ingress namespace/web', 'port workload/web/frontend', 'return-route routeTable/prod/system'])
  })

  it('a reply to an IPv6 client needs ::/0 → ipv6gw in the answering table (custom tables lack it)', () => {
    const text = readFileSync(fixture('dual-stack.yaml'), 'utf8').replace('      - "2408:4005:3bc:1220::20/128"     # the web VM', '      - "2408:4005:3bc:1220::20/128"\n      - "2408:4005:3bc:1230::10/128"')
    const ctx = new ReachContext(loadModelOrThrow('inline.yaml', text.replace('ports: "5432/5432", peer: 10.0.32.0/19 }', 'ports: "5432/5432", peer: "::/0" }')).model, 6)
    expect(record(reach(ctx, {from: 'internet', to: 'instance:pg', port: 5432}))).toMatchObject({verdict: 'denied', reason: {code: 'NO_RETURN_ROUTE', object: 'routeTable/prod/data'}})
  })
})

/** Fix hints over IPv6 name IPv6 remedies: ::/0 → ipv6gw:NAME, never 0.0.0.0/0 → nat: or an IPv4 peer. */
describe('fix hints over IPv6 (SPEC §8)', () => {
  const dual = () => readFileSync(fixture('dual-stack.yaml'), 'utf8')
  // pg may send anywhere over IPv6; the data table has no ::/0 route
  const pgEgress = (text: string) => text.replace('{ direction: egress, protocol: all, peer: "2408:4005:3bc:1200::/56" }', '{ direction: egress, protocol: all, peer: "::/0" }')
  const ask6 = (text: string, from: string, to: string, port: number, family: 4 | 6 = 6) => reach(new ReachContext(loadModelOrThrow('inline.yaml', text).model, family), {from, to, port})

  it('NO_ROUTE to the internet names the VPC\'s IPv6 gateway', () => {
    const result = ask6(pgEgress(dual()), 'instance:pg', 'internet', 443)
    expect(result.reason).toMatchObject({code: 'NO_ROUTE', object: 'routeTable/prod/data'})
    expect(result.fix).toBe("add a route entry for the destination to route table prod/data (::/0 → ipv6gw:prod-ipv6gw for the internet, the peer VPC's IPv6 block → peer:VPC for a peered VPC), or bind the vSwitch to a table that has one")
  })

  it('NO_ROUTE in a VPC without an IPv6 gateway says to create one', () => {
    const text = pgEgress(dual()).replace(/^ipv6Gateways:\n(?: .*\n)+/m, '')
    const result = ask6(text, 'instance:pg', 'internet', 443)
    expect(result.reason).toMatchObject({code: 'NO_ROUTE', object: 'routeTable/prod/data'})
    expect(result.fix).toMatch(/^add a route entry for the destination to route table prod\/data \(::\/0 → ipv6gw:NAME \(VPC prod has no IPv6 gateway: create one under ipv6Gateways:\)/)
    expect(result.fix).not.toMatch(/0\.0\.0\.0\/0|nat:/)
  })

  it('an internet client denied by a 0.0.0.0/0-only group is told to add ::/0', () => {
    const six = ask('dual-stack.yaml', 'internet', 'instance:web-vm', {port: 80}, 6)
    expect(six.reason).toMatchObject({code: 'SG_INGRESS_DENIED', object: 'securityGroup/web-vm'})
    expect(six.fix).toBe("add an ingress rule to security group web-vm: tcp 80 from ::/0 (or the clients' IPv6 block; 0.0.0.0/0 admits no IPv6 peer)")
  })

  it('an egress denial over IPv6 asks for an IPv6 peer', () => {
    const six = ask('dual-stack.yaml', 'instance:pg', 'internet', {port: 443}, 6)
    expect(six.reason).toMatchObject({code: 'SG_EGRESS_DENIED', object: 'securityGroup/db'})
    expect(six.fix).toBe('add an egress rule to security group db: tcp 443 to the destination as an IPv6 peer (::/0 for the internet; 0.0.0.0/0 admits no IPv6 address)')
  })

  it('the reply to an IPv6 internet client needs ::/0 → ipv6gw:NAME in the answering table', () => {
    const text = dual().replace('      - "2408:4005:3bc:1220::20/128"     # the web VM', '      - "2408:4005:3bc:1220::20/128"\n      - "2408:4005:3bc:1230::10/128"').replace('ports: "5432/5432", peer: 10.0.32.0/19 }', 'ports: "5432/5432", peer: "::/0" }')
    const result = ask6(text, 'internet', 'instance:pg', 5432)
    expect(result.reason).toMatchObject({code: 'NO_RETURN_ROUTE', object: 'routeTable/prod/data'})
    expect(result.fix).toBe("add ::/0 → ipv6gw:prod-ipv6gw to route table prod/data: the reply to an IPv6 internet client leaves through the VPC's IPv6 gateway")
  })

  it('over IPv4 the NO_ROUTE hint keeps 0.0.0.0/0 → nat:GATEWAY', () => {
    const text = dual().replace('{ destination: 0.0.0.0/0, nextHop: blackhole }', '{ destination: 10.9.0.0/16, nextHop: blackhole }').replace('{ direction: egress, protocol: all, peer: 10.0.0.0/16 }', '{ direction: egress, protocol: all, peer: 0.0.0.0/0 }')
    const result = ask6(text, 'instance:pg', 'internet', 443, 4)
    expect(result.reason).toMatchObject({code: 'NO_ROUTE', object: 'routeTable/prod/data'})
    expect(result.fix).toMatch(/0\.0\.0\.0\/0 → nat:GATEWAY/)
  })
})

describe('reach: path details', () => {
  it('a Flannel pod is masqueraded to its node IP outside nonMasqueradeCidrs and keeps its IP inside them', () => {
    const out = ask('flannel.yaml', 'pod:default/web', 'instance:app-1', {port: 80})
    expect(out.paths[0]!.hops.find((h) => h.step === 'source-nat')!.detail).toMatch(/^srcIp 172\.20\.0\.2 → 192\.168\.0\.\d+ \(ip-masq-agent/)
    const kept = ask('flannel.yaml', 'pod:default/web', 'instance:mysql-1')
    expect(kept.paths[0]!.hops.find((h) => h.step === 'source-nat')!.detail).toMatch(/^srcIp 172\.20\.0\.2 kept \(destination in nonMasqueradeCidrs 192\.168\.64\.0\/24\)/)
  })

  it('groups replicas with identical hops: 5 × 1 pairs, 3 reachable, 2 cut off by the quota', () => {
    const out = ask('flannel.yaml', 'instance:app-1', 'pod:default/web')
    expect(out.paths.map((p) => [p.verdict, p.count])).toEqual([['denied', 2], ['allowed', 3]])
    expect(out.paths[0]!.to).toEqual(['default/web-3', 'default/web-4'])
    expect(out.reason!.message).toMatch(/node pool-3 got no route entry .* quota is full/)
  })

  it('NetworkPolicy is a skipped step in a Flannel cluster', () => {
    const out = ask('flannel.yaml', 'pod:default/web', 'instance:app-1', {port: 80})
    expect(out.paths[0]!.hops[0]).toMatchObject({step: 'netpol-egress', result: 'skip', object: 'cluster/fl'})
  })

  it('the hops run in SPEC path order and name the deciding rule', () => {
    const out = ask('terway.yaml', 'pod:web/frontend', 'svc:web/api')
    const hops = out.paths[0]!.hops
    expect(hops.map((h) => h.step)).toEqual(STEP_ORDER)
    expect(hops.find((h) => h.step === 'netpol-ingress')).toMatchObject({object: 'networkPolicy/web/api-allow-frontend', detail: expect.stringContaining('rule 0')})
    expect(hops.find((h) => h.step === 'service')!.detail).toMatch(/cluster IP 172\.21\.0\.\d+:80 → endpoint web\/api-\d 192\.168\.32\.\d+:9000 \(targetPort http\)/)
    expect(out.port).toBe(80)
    expect(out.from).toEqual({ref: 'pod:web/frontend', kind: 'pod', address: expect.stringMatching(/^192\.168\.32\./)})
  })

  it('the denying SG rule is named with its priority and the fix is concrete', () => {
    const out = ask('terway.yaml', 'pod:web/frontend', 'instance:db-1', {port: 5432})
    expect(out.reason!.message).toMatch(/db rule 1 \(drop tcp 5432\/5432 from 192\.168\.32\.0\/19, priority 10\)/)
    expect(out.fix).toBe('add an ingress rule to security group db: tcp 5432 from 192.168.32.0/19 (vSwitch pod-i) with priority < 10, or remove the drop rule')
  })

  it('--explain lists the rules that lost and the policies that did not select the pod', () => {
    // pods rule 4 (drop tcp 25, priority 1) beats rule 3 (accept all, priority 1): drop wins the tie
    const out = ask('terway.yaml', 'pod:web/frontend', 'instance:db-1', {port: 25, explain: true})
    expect(out.reason).toMatchObject({code: 'SG_EGRESS_DENIED', object: 'securityGroup/pods'})
    expect(out.paths[0]!.considered).toEqual(expect.arrayContaining([expect.objectContaining({step: 'sg-egress', object: 'securityGroup/pods', detail: expect.stringContaining('pods rule 3 (accept all')})]))
    const policies = ask('terway.yaml', 'pod:web/frontend', 'pod:web/api', {port: 9000, explain: true})
    expect(policies.paths[0]!.considered).toEqual(expect.arrayContaining([expect.objectContaining({object: 'networkPolicy/web/batch-egress'})]))
    expect(out.missing).toEqual([])
  })

  it('a destination with several ports and no --port is an exit-2 error naming the flag', () => {
    expect(() => ask('terway.yaml', 'pod:web/frontend', 'instance:db-1')).toThrow(/declares several tcp ports \(5432, 22\): add --port N/)
    expect(() => ask('terway.yaml', 'pod:web/frontend', 'instance:worker')).toThrow(/declares no tcp port: add --port N/)
  })

  it('an unknown endpoint is an exit-2 error listing the closest names', () => {
    try {
      ask('terway.yaml', 'pod:web/frontnd', 'instance:db-1', {port: 5432})
      expect.unreachable()
    } catch (error) {
      expect((error as {exitCode: number}).exitCode).toBe(2)
      expect((error as Error).message).toBe('unknown endpoint pod:web/frontnd: no workload of that name in the topology')
      expect((error as {hints: string[]}).hints[0]).toMatch(/closest: pod:web\/frontend/)
    }
    expect(() => ask('terway.yaml', 'instance:db1', 'internet', {port: 1})).toThrow(/unknown endpoint instance:db1/)
    expect(() => ask('terway.yaml', 'pods:web/x', 'internet', {port: 1})).toThrow(/not an endpoint/)
  })

  it('--explain names an input the answer depends on that the file does not give', () => {
    const text = `apiVersion: acknet/v1
kind: Topology
metadata: {name: t}
instanceTypes: [{name: ecs.custom.x, enis: 4}]
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    vswitches: [{name: n, zone: z, cidr: 192.168.0.0/20}, {name: p, zone: z, cidr: 192.168.16.0/20}]
clusters:
  - name: c
    vpc: v
    network: {plugin: terway, podVSwitches: [p]}
    serviceCidr: 172.16.0.0/20
    nodePools: [{name: pool, instanceType: ecs.custom.x, count: 1, vswitches: [n]}]
    workloads: [{name: a, namespace: ns, replicas: 1, labels: {app: a}, ports: [{containerPort: 80, protocol: TCP}]}]
`
    const ctx = new ReachContext(loadModelOrThrow('inline.yaml', text).model)
    const out = reach(ctx, {from: 'node:pool', to: 'pod:ns/a', explain: true})
    expect(out.missing).toEqual(['node pool c/pool (ecs.custom.x): the catalog lacks ipv4PerEni, so pod capacity is unknown; add instanceTypes[].ipv4PerEni'])
  })

  it('a workload with no replicas answers denied NO_ENDPOINTS as source or destination', () => {
    const text = `apiVersion: acknet/v1
kind: Topology
metadata: {name: t}
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    vswitches: [{name: n, zone: z, cidr: 192.168.0.0/20}, {name: p, zone: z, cidr: 192.168.16.0/20}]
clusters:
  - name: c
    vpc: v
    network: {plugin: terway, podVSwitches: [p]}
    serviceCidr: 172.16.0.0/20
    nodePools: [{name: pool, instanceType: ecs.g7.2xlarge, count: 1, vswitches: [n]}]
    workloads:
      - {name: idle, namespace: ns, replicas: 0, labels: {app: idle}, ports: [{containerPort: 80, protocol: TCP}]}
      - {name: busy, namespace: ns, replicas: 1, labels: {app: busy}, ports: [{containerPort: 80, protocol: TCP}]}
`
    const ctx = new ReachContext(loadModelOrThrow('inline.yaml', text).model)
    expect(reach(ctx, {from: 'pod:ns/busy', to: 'pod:ns/idle'})).toMatchObject({verdict: 'denied', reason: {code: 'NO_ENDPOINTS', object: 'workload/ns/idle'}})
    expect(reach(ctx, {from: 'pod:ns/idle', to: 'pod:ns/busy'})).toMatchObject({verdict: 'denied', reason: {code: 'NO_ENDPOINTS', object: 'workload/ns/idle'}, paths: []})
  })

  it('covers every reason code of SPEC §4.3 and every step of §4.2', () => {
    expect([...seenCodes].sort()).toEqual([...REASON_CODES].sort())
    expect([...seenSteps].sort()).toEqual([...STEP_ORDER].sort())
  })
})
