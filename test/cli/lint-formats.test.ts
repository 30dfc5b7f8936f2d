import {readFileSync} from 'node:fs'
import {Ajv} from 'ajv'
import addFormatsModule from 'ajv-formats'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {ROOT, runCli, runJson} from '../helpers/cli.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const MISTAKES = 'fixtures/mistakes.yaml'

describe('--format sarif', () => {
  const {code, stdout} = runCli(['lint', MISTAKES, '--format', 'sarif'])
  const sarif = JSON.parse(stdout)

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    expect(code).toBe(1)
    const schema = JSON.parse(readFileSync(`${ROOT}/test/fixtures/sarif-2.1.0.schema.json`, 'utf8'))
    const ajv = addFormats(new Ajv({allErrors: true, strict: false}))
    const validate = ajv.compile(schema)
    const valid = validate(sarif)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('the schema fixture really rejects broken logs (the validator can fail)', () => {
    const schema = JSON.parse(readFileSync(`${ROOT}/test/fixtures/sarif-2.1.0.schema.json`, 'utf8'))
    const validate = addFormats(new Ajv({strict: false})).compile(schema)
    const broken = structuredClone(sarif)
    broken.runs[0].results[0].level = 'fatal'
    expect(validate(broken)).toBe(false)
    const noDriverName = structuredClone(sarif)
    delete noDriverName.runs[0].tool.driver.name
    expect(validate(noDriverName)).toBe(false)
    const extra = structuredClone(sarif)
    extra.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0
    expect(validate(extra)).toBe(false)
  })

  it('carries the tool, rule metadata and located results GitHub code scanning needs', () => {
    const run = sarif.runs[0]
    expect(sarif.version).toBe('2.1.0')
    expect(run.tool.driver).toMatchObject({name: 'acknet', version: expect.any(String), informationUri: expect.stringMatching(/^https:\/\//)})
    const rules = run.tool.driver.rules as Array<{id: string; shortDescription: {text: string}; fullDescription: {text: string}; helpUri: string; help: {text: string}; defaultConfiguration: {level: string}}>
    const ids = rules.map((rule) => rule.id)
    expect(ids).toContain('vpc-cidr')
    expect(ids).toContain('yaml-syntax')
    for (const rule of rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(10)
      expect(rule.fullDescription.text.length).toBeGreaterThan(rule.shortDescription.text.length)
      expect(rule.helpUri).toMatch(/^https:\/\/.*#/)
    }
    expect(rules[ids.indexOf('pod-capacity')]!.defaultConfiguration.level).toBe('warning')
    expect(rules[ids.indexOf('netpol-selects-nothing')]!.defaultConfiguration.level).toBe('note')
    const results = run.results as Array<any>
    expect(results).toHaveLength(33)
    for (const result of results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId)
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('fixtures/mistakes.yaml')
    }
    const vpc = results.find((result) => result.ruleId === 'vpc-cidr')
    expect(vpc.level).toBe('error')
    expect(vpc.locations[0].physicalLocation.region).toEqual({startLine: 16, startColumn: 22})
    expect(vpc.message.text).toMatch(/100\.64\.0\.0\/10/)
    expect(results.find((result) => result.ruleId === 'netpol-selects-nothing').level).toBe('note')
  })
})

describe('--format junit', () => {
  const {code, stdout} = runCli(['lint', MISTAKES, 'fixtures/mistakes-yaml-syntax.yaml', '--format', 'junit'])

  it('is well-formed XML', () => {
    expect(code).toBe(1)
    expect(XMLValidator.validate(stdout)).toBe(true)
  })

  it('has one testcase per rule per file, failing where errors were found', () => {
    const parser = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase'})
    const xml = parser.parse(stdout)
    const suites = xml.testsuites.testsuite as Array<any>
    expect(suites.map((suite) => suite.name)).toEqual(['fixtures/mistakes.yaml', 'fixtures/mistakes-yaml-syntax.yaml'])
    const mistakes = suites[0]
    const byName = new Map((mistakes.testcase as Array<any>).map((testcase) => [testcase.name, testcase]))
    expect(byName.size).toBe(Number(mistakes.tests))
    expect(byName.get('ip-address').failure.type).toBe('ip-address')
    const ipText = byName.get('ip-address').failure['#text'] as string
    expect(ipText.split('\n')).toHaveLength(3)
    expect(ipText).toContain('fixtures/mistakes.yaml:63:38 error instance db-2')
    expect(byName.get('vswitch-count').failure).toBeUndefined()
    // warnings keep the testcase green and are listed in system-out
    expect(byName.get('pod-capacity').failure).toBeUndefined()
    expect(byName.get('pod-capacity')['system-out']).toContain('fixtures/mistakes.yaml:96:16 warning')
    expect(Number(mistakes.failures)).toBe(23)
    expect(Number(mistakes.skipped)).toBe(0)
    // broken YAML: only structural rules ran, the others are reported as skipped
    const broken = new Map((suites[1].testcase as Array<any>).map((testcase) => [testcase.name, testcase]))
    expect(broken.get('yaml-syntax').failure['#text']).toContain('fixtures/mistakes-yaml-syntax.yaml:13:9 error duplicate key "zone"')
    expect(broken.get('vpc-cidr').skipped).toBeDefined()
    expect(broken.get('schema').skipped).toBeUndefined()
    // the loader's own ids (5 structural + internal + file-unreadable) are never 'not checked'
    expect(Number(suites[1].skipped)).toBe(broken.size - 7)
  })

  it('escapes markup in messages (and the message reads back intact)', () => {
    // names are limited to a safe character set (issue #15); label values are free text
    const text = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: x}\nvpcs: [{name: p, cidr: 10.0.0.0/16, vswitches: [{name: v, zone: z, cidr: 10.0.0.0/24}]}]\nclusters:\n  - name: c\n    vpc: p\n    network: {plugin: terway, podVSwitches: [v]}\n    nodePools: [{name: np, instanceType: ecs.g7.xlarge, count: 1, vswitches: [v]}]\n    services:\n      - {apiVersion: v1, kind: Service, metadata: {name: s, namespace: default}, spec: {selector: {app: "<g>&\'\\"x"}, ports: [{port: 80}]}}\n'
    const result = runCli(['lint', '-', '--format', 'junit'], {input: text})
    expect(result.code, result.stderr).toBe(1)
    expect(XMLValidator.validate(result.stdout)).toBe(true)
    expect(result.stdout).toContain('&lt;g&gt;&amp;')
    const parser = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase'})
    const cases = parser.parse(result.stdout).testsuites.testsuite.testcase as Array<any>
    // a warning: listed in the testcase's system-out, the testcase stays green
    const warning = cases.find((testcase) => testcase.name === 'service-no-endpoints')
    expect(warning.failure).toBeUndefined()
    expect(warning['system-out']).toContain('selector app=<g>&\'"x matches no workload')
  })
})

describe('--format github', () => {
  it('prints one workflow command per finding', () => {
    const {code, stdout} = runCli(['lint', MISTAKES, '--format', 'github'])
    expect(code).toBe(1)
    const lines = stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(33)
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,:\r\n]+,line=\d+,col=\d+,title=[a-z-]+::[^\r\n]+$/)
    expect(lines[0]).toBe('::error file=fixtures/mistakes.yaml,line=16,col=22,title=vpc-cidr::VPC prod: secondary CIDR 100.64.0.0/16 overlaps 100.64.0.0/10, which a VPC may not use')
    expect(lines.filter((line) => line.startsWith('::notice '))).toHaveLength(1)
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(5)
  })

  it('prints nothing for a clean file', () => {
    const {code, stdout} = runCli(['lint', '-', '--format', 'github'], {input: 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: empty}\n'})
    expect(code).toBe(0)
    expect(stdout).toBe('')
  })
})

describe('--format json', () => {
  it('is exactly the SPEC §5 shape', () => {
    const {code, json} = runJson(['lint', MISTAKES, '--format', 'json'])
    expect(code).toBe(1)
    expect(Object.keys(json)).toEqual(['findings', 'summary'])
    expect(Object.keys(json.summary)).toEqual(['files', 'errors', 'warnings', 'infos'])
    for (const finding of json.findings) expect(Object.keys(finding)).toEqual(['ruleId', 'severity', 'message', 'file', 'line', 'column', 'path'])
  })

  it('--json is the same document', () => {
    const a = runCli(['lint', MISTAKES, '--format', 'json'])
    const b = runCli(['lint', MISTAKES, '--json'])
    expect(b.stdout).toBe(a.stdout)
  })
})

describe('--format stylish', () => {
  it('groups by file with aligned line:col, severity, message, rule and a summary', () => {
    const {code, stdout} = runCli(['lint', MISTAKES])
    expect(code).toBe(1)
    const lines = stdout.split('\n')
    expect(lines[0]).toBe('fixtures/mistakes.yaml')
    expect(lines[1]).toMatch(/^ {2}16:22 {3}error {4}VPC prod: secondary CIDR .* vpc-cidr$/)
    expect(stdout).toContain('✖ 33 problems (27 errors, 5 warnings, 1 info)')
    expect(stdout).not.toMatch(/\u001B\[/)
  })

  it('colours only when asked (FORCE_COLOR) and never in machine formats', () => {
    const coloured = runCli(['lint', MISTAKES], {env: {NO_COLOR: undefined, FORCE_COLOR: '1'}})
    expect(coloured.stdout).toMatch(/\u001B\[31merror/)
    const json = runCli(['lint', MISTAKES, '--format', 'json'], {env: {NO_COLOR: undefined, FORCE_COLOR: '1'}})
    expect(json.stdout).not.toMatch(/\u001B\[/)
  })

  it('--quiet keeps errors only', () => {
    const {code, stdout} = runCli(['lint', MISTAKES, '--quiet'])
    expect(code).toBe(1)
    expect(stdout).not.toMatch(/^ +\d+:\d+ +(warning|info) /m)
    expect(stdout).toMatch(/^ +\d+:\d+ +error /m)
    expect(stdout).toContain('✖ 27 problems (27 errors, 0 warnings, 0 infos)')
  })

  it('says so when there is nothing to report', () => {
    const {code, stdout} = runCli(['lint', '-'], {input: 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: empty}\n'})
    expect(code).toBe(0)
    expect(stdout).toBe('✔ no problems (1 file linted)\n')
  })
})
