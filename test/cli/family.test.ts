import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

/** `--family 4|6` through the built binary (SPEC §8): reach, matrix and the section-7 commands. */
const FILE = 'fixtures/reach/dual-stack.yaml'

describe('--family', () => {
  it('reach: the JSON says the family; the same pair answers per family', () => {
    const four = runJson(['reach', 'internet', 'instance:web-vm', '--port', '80', '-f', FILE, '--json'])
    expect(four.code).toBe(0)
    expect(four.json).toMatchObject({family: 4, verdict: 'allowed', to: {address: '10.0.12.20'}})
    const six = runJson(['reach', 'internet', 'instance:web-vm', '--port', '80', '-f', FILE, '--family', '6', '--json'])
    expect(six.code).toBe(1)
    expect(six.json).toMatchObject({family: 6, verdict: 'denied', to: {address: '2408:4005:3bc:1220::20'}, reason: {code: 'SG_INGRESS_DENIED', object: 'securityGroup/web-vm'}})
  })

  it('reach: an IPv6 ip: endpoint implies --family 6; text says "over IPv6"', () => {
    const {code, stdout} = runCli(['reach', 'pod:web/frontend', 'ip:2408:4005:3bc:1230::10', '--port', '5432', '-f', FILE])
    expect(code).toBe(0)
    expect(stdout.split('\n')[0]).toMatch(/^pod:web\/frontend \(2408:4005:3bc:1210::\S+\) → ip:2408:4005:3bc:1230::10 \(2408:4005:3bc:1230::10\)  tcp\/5432  over IPv6$/)
  })

  it('reach: a family that contradicts the ip: endpoint is an exit-2 error; an unknown family is refused', () => {
    const wrong = runCli(['reach', 'pod:web/frontend', 'ip:2408:4005:3bc:1230::10', '--port', '5432', '-f', FILE, '--family', '4'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/is an IPv6 address, but --family 4 was asked/)
    expect(runCli(['reach', 'pod:web/frontend', 'instance:pg', '--port', '5432', '-f', FILE, '--family', '5']).code).toBe(2)
  })

  it('reach: no IPv6 address is a denial with NO_IPV6_ADDRESS naming the cause', () => {
    const {code, json} = runJson(['reach', 'pod:etl/loader', 'instance:pg', '--port', '5432', '-f', FILE, '--family', '6', '--json'])
    expect(code).toBe(1)
    expect(json.reason).toMatchObject({code: 'NO_IPV6_ADDRESS', object: 'cluster/batch', message: expect.stringMatching(/single stack \(ipStack ipv4\)/)})
  })

  it('matrix: every cell says the family', () => {
    const {code, json} = runJson(['matrix', '-f', FILE, '--from', 'pod:web/frontend,instance:jobs', '--to', 'instance:pg', '--port', '5432', '--family', '6', '--json'])
    expect(code).toBe(0)
    expect(json.results.map((r: {from: {ref: string}; family: number; verdict: string}) => [r.from.ref, r.family, r.verdict])).toEqual([
      ['pod:web/frontend', 6, 'allowed'],
      ['instance:jobs', 6, 'denied'],
    ])
  })

  it('matrix: the CSV has a family column and the table and Markdown say over IPv6', () => {
    const args = ['matrix', '-f', FILE, '--from', 'pod:web/frontend,instance:jobs', '--to', 'instance:pg', '--port', '5432']
    const six = runCli([...args, '--family', '6', '--format', 'csv']).stdout.trim().split('\n')
    expect(six[0]).toBe('from,to,protocol,port,verdict,reason_code,reason_object,reason_message,family')
    expect(six[1]).toBe('pod:web/frontend,instance:pg,tcp,5432,allowed,,,,6')
    expect(six[2]).toMatch(/^instance:jobs,instance:pg,tcp,5432,denied,SG_INGRESS_DENIED,securityGroup\/db,.*,6$/)
    expect(runCli([...args, '--format', 'csv']).stdout.trim().split('\n').slice(1).map((line) => line.split(',').at(-1))).toEqual(['4', '4'])
    const table = runCli([...args, '--family', '6']).stdout
    expect(table).toMatch(/^over IPv6 \(--family 6\)\n\n from\s+to\s+port/)
    expect(runCli(args).stdout).toMatch(/^ from\s+to\s+port/)
    expect(runCli([...args, '--family', '6', '--format', 'markdown']).stdout).toMatch(/^\*\*over IPv6\*\* \(--family 6\)\n\n\| from \| to \|/)
  })

  it('exposure: over IPv6 the gateway is the way in; the JSON says the family', () => {
    const six = runJson(['exposure', '-f', FILE, '--protocol', 'tcp', '--family', '6', '--json'])
    expect(six.code).toBe(0)
    expect(six.json.family).toBe(6)
    const byTarget = Object.fromEntries(six.json.exposed.map((f: {to: string; ports: string; verdict: string; via: string[]}) => [`${f.to} ${f.ports}`, [f.verdict, f.via]]))
    expect(byTarget['pod:shop/web/frontend 443']).toEqual(['allowed', ['ipv6Gateway/prod-ipv6gw', 'securityGroup/k8s#2']])
    expect(byTarget['instance:bastion 22']).toEqual(['partial', ['ipv6Gateway/prod-ipv6gw', 'securityGroup/bastion#0']])
    expect(Object.keys(byTarget).some((key) => key.startsWith('instance:web-vm'))).toBe(false)
    const four = runJson(['exposure', '-f', FILE, '--protocol', 'tcp', '--json'])
    expect(four.json.family).toBe(4)
    expect(four.json.exposed.map((f: {to: string; ports: string}) => `${f.to} ${f.ports}`)).toEqual(['instance:web-vm 80'])
  })

  it('inbound and outbound answer per family', () => {
    const into = runJson(['inbound', 'pod:api/orders', '-f', FILE, '--protocol', 'tcp', '--from', 'instance:jobs', '--family', '6', '--json'])
    expect(into.json.family).toBe(6)
    expect(into.json.flows).toEqual([{from: 'instance:jobs', to: 'pod:api/orders', protocol: 'tcp', ports: '8080', verdict: 'allowed', via: ['networkPolicy/api/orders-in#1', 'securityGroup/k8s#1', 'securityGroup/k8s#4']}])
    const four = runJson(['inbound', 'pod:api/orders', '-f', FILE, '--protocol', 'tcp', '--from', 'instance:jobs', '--json'])
    expect(four.json).toEqual({flows: [], family: 4})
    const out = runJson(['outbound', 'instance:jobs', '-f', FILE, '--protocol', 'tcp', '--to', 'internet', '--family', '6', '--json'])
    expect(out.json).toEqual({flows: [], family: 6})
  })

  it('diff: the JSON says the family next to the summary', () => {
    const {code, json} = runJson(['diff', FILE, FILE, '--protocol', 'tcp', '--from', 'instance:jobs', '--family', '6', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({changes: [], summary: {added: 0, removed: 0, changed: 0, exposed: 0}, family: 6})
  })
})
