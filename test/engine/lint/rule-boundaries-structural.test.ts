/** RuleTester cases for the structural rules, expectations and lint's own failure modes; and a check that every rule has cases. */
import {mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {emptyConfig} from '../../../src/engine/lint/config.js'
import {discoverInputs} from '../../../src/engine/lint/files.js'
import {RULES} from '../../../src/engine/lint/registry.js'
import {lintInput, lintInputs} from '../../../src/engine/lint/run.js'
import {lintFailed, lintInternalError} from '../../../src/engine/lint/report.js'
import type {LintRule} from '../../../src/engine/lint/rule.js'
import type {Model} from '../../../src/engine/topology/model.js'
import {HEADER, ruleTester} from '../../helpers/rule-tester.js'

ruleTester('yaml-syntax', {
  valid: ['vpcs: []\n'],
  invalid: [{code: 'vpcs: []\nvpcs: []\n', errors: [{line: 2, message: /duplicate key "vpcs"/}]}],
})

ruleTester('schema', {
  valid: ['vpcs: [{name: p, cidr: 10.0.0.0/16}]\n'],
  invalid: [{code: 'vpcs: [{name: p, cidr: 10.0.0.0/16, cidrr: 1}]\n', errors: [{line: 1, message: /cidrr/}]}],
})

ruleTester('unknown-reference', {
  valid: ['vpcs: [{name: p, cidr: 10.0.0.0/16}]\nsecurityGroups: [{name: g, vpc: p}]\n'],
  invalid: [{code: 'vpcs: [{name: p, cidr: 10.0.0.0/16}]\nsecurityGroups: [{name: g, vpc: q}]\n', errors: [{line: 2, message: /VPC "q"/}]}],
})

ruleTester('duplicate-name', {
  valid: ['vpcs: [{name: p, cidr: 10.0.0.0/16}, {name: q, cidr: 10.1.0.0/16}]\n'],
  invalid: [{code: 'vpcs:\n  - {name: p, cidr: 10.0.0.0/16}\n  - {name: p, cidr: 10.1.0.0/16}\n', errors: [{line: 3, message: /duplicate VPC name "p"/}]}],
})

ruleTester('cidr-syntax', {
  valid: ['vpcs: [{name: p, cidr: 10.0.0.0/16}]\n'],
  invalid: [{code: 'vpcs: [{name: p, cidr: 10.0.0.1/16}]\n', errors: [{line: 1, message: /10\.0\.0\.0\/16/}]}],
})

const expectation = (groupType: string, expectVerdict: string) => `vpcs: [{name: p, cidr: 10.0.0.0/16, vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24}]}]
securityGroups: [{name: g, vpc: p, type: ${groupType}, rules: [{direction: egress, protocol: all, peer: 0.0.0.0/0}]}]
instances: [{name: a, vswitch: s, securityGroups: [g]}, {name: b, vswitch: s, securityGroups: [g]}]
expectations:
  - {from: "instance:a", to: "instance:b", port: 22, protocol: tcp, expect: ${expectVerdict}}
`

ruleTester('expectation', {
  // a basic group accepts ingress from its own members; an enterprise group does not
  valid: [expectation('basic', 'allowed'), expectation('enterprise', 'denied')],
  invalid: [
    {code: expectation('enterprise', 'allowed'), errors: [{line: 5, message: /got denied \(SG_INGRESS_DENIED at securityGroup\/g.*wanted allowed/}]},
    {code: expectation('basic', 'denied'), errors: [{line: 5, message: /got allowed, wanted denied/}]},
  ],
})

// dual stack: the group admits tcp/22 from the IPv4 vSwitch only, so the family decides the verdict
const familyExpectation = (family: string, expectVerdict: string) => `vpcs: [{name: p, cidr: 10.0.0.0/16, ipv6Cidr: "2408:4005:3bc:1200::/56", vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24, ipv6Cidr: "2408:4005:3bc:1200::/64"}]}]
securityGroups: [{name: g, vpc: p, type: enterprise, rules: [{direction: ingress, protocol: tcp, ports: "22/22", peer: 10.0.0.0/24}, {direction: egress, protocol: all, peer: 0.0.0.0/0}, {direction: egress, protocol: all, peer: "::/0"}]}]
instances: [{name: a, vswitch: s, ipv6: true, securityGroups: [g]}, {name: b, vswitch: s, ipv6: true, securityGroups: [g]}]
expectations:
  - {from: "instance:a", to: "instance:b", port: 22, ${family}expect: ${expectVerdict}}
`

ruleTester('expectation', {
  // family: absent and 4 ask over IPv4, 6 over IPv6, as reach --family does
  valid: [familyExpectation('', 'allowed'), familyExpectation('family: 4, ', 'allowed'), familyExpectation('family: 6, ', 'denied')],
  invalid: [
    {code: familyExpectation('family: 6, ', 'allowed'), errors: [{line: 5, message: /tcp\/22 over IPv6: got denied \(SG_INGRESS_DENIED at securityGroup\/g.*wanted allowed/}]},
    {code: familyExpectation('family: 4, ', 'denied'), errors: [{line: 5, message: /instance:b tcp\/22: got allowed, wanted denied/}]},
  ],
})

describe('rule internal: a rule that throws', () => {
  const throwing: LintRule<Model> = {id: 'boom', severity: 'warning', description: 'throws', help: 'x', check: () => { throw new Error('kaboom') }}
  const text = `${HEADER}vpcs: [{name: p, cidr: 10.0.0.0/16}]\n`

  it('becomes an internal finding naming the rule, and lint exits 2 (never swallowed)', () => {
    const {findings} = lintInput({file: 'a.yaml', text}, {config: emptyConfig(), rules: [throwing]})
    expect(findings).toEqual([{ruleId: 'internal', severity: 'error', message: expect.stringMatching(/^lint rule boom failed: kaboom; this is a bug in acknet/), file: 'a.yaml', line: 1, column: 1, path: ''}])
    const report = {findings, files: ['a.yaml'], rules: [], summary: {files: 1, errors: 1, warnings: 0, infos: 0}, unchecked: []}
    expect(lintInternalError(report)).toBe(true)
    expect(lintFailed(report)).toBe(true)
  })

  it('is reported on a file with structural errors too, and cannot be turned off or suppressed', () => {
    const broken = `${text}securityGroups: [{name: g, vpc: nope}]\n`
    const config = emptyConfig()
    config.rules.set('internal', 'off')
    const {findings} = lintInput({file: 'a.yaml', text: `# acknet-disable-next-line internal\n${broken}`}, {config, rules: [throwing]})
    expect(findings.map((finding) => finding.ruleId)).toContain('internal')
    expect(findings.find((finding) => finding.ruleId === 'internal')!.message).toMatch(/\(the file also has structural errors\)/)
  })
})

describe('rule file-unreadable: a file in a walked directory that cannot be read', () => {
  it('is a finding, not a silent skip', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acknet-walk-'))
    try {
      writeFileSync(join(dir, 'a.yaml'), `${HEADER}vpcs: []\n`)
      symlinkSync(join(dir, 'missing-target.yaml'), join(dir, 'b.yaml'))
      const inputs = discoverInputs([dir], {cwd: dir})
      expect(inputs.map((input) => [input.file, input.unreadable])).toEqual([['a.yaml', undefined], ['b.yaml', 'ENOENT']])
      const report = lintInputs(inputs, () => emptyConfig(), emptyConfig())
      expect(report.findings).toEqual([{ruleId: 'file-unreadable', severity: 'error', message: 'cannot read b.yaml (ENOENT); it was not linted', file: 'b.yaml', line: 1, column: 1, path: ''}])
      expect(report.unchecked).toEqual(['b.yaml'])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

describe('every lint rule has RuleTester cases', () => {
  it('each registered rule id appears in a ruleTester(...) block or a describe of its own', () => {
    const sources = ['rule-boundaries.test.ts', 'rule-boundaries-structural.test.ts', 'network-rules.test.ts', 'dual-stack-rules.test.ts'].map((name) => readFileSync(new URL(name, import.meta.url), 'utf8')).join('\n')
    const covered = new Set([...sources.matchAll(/ruleTester\('([a-z0-9-]+)'/g), ...sources.matchAll(/describe\('rule ([a-z0-9-]+)/g)].map((match) => match[1]!))
    expect(RULES.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([])
  })
})
