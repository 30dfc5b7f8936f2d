import {readFileSync} from 'node:fs'
import {Ajv} from 'ajv'
import addFormatsModule from 'ajv-formats'
import {XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import type {Finding} from '../../../src/engine/findings.js'
import {RULES} from '../../../src/engine/lint/registry.js'
import {type LintReport, summarize} from '../../../src/engine/lint/report.js'
import {makeColours} from '../../../src/render/colors.js'
import {renderGithub} from '../../../src/render/lint/github.js'
import {renderJunit} from '../../../src/render/lint/junit.js'
import {fileUri, renderSarif} from '../../../src/render/lint/sarif.js'
import {renderStylish} from '../../../src/render/lint/stylish.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function report(findings: Finding[], files: string[]): LintReport {
  return {findings, files, rules: RULES.map(({check: _check, ...meta}) => ({...meta, setting: meta.id === 'vswitch-count' ? 'off' : meta.severity})), summary: summarize(findings, files.length)}
}

const odd = 'infra/my dir,v2/tópo:1.yaml'
const findings: Finding[] = [
  {ruleId: 'vpc-cidr', severity: 'error', message: 'line one\nline two with 100% <b>&"quotes"</b>', file: odd, line: 3, column: 7, path: 'vpcs[0].cidr'},
  {ruleId: 'pod-capacity', severity: 'warning', message: 'a, b: c', file: odd, line: 12, column: 1, path: 'clusters[0].nodePools[0].count'},
  {ruleId: 'netpol-selects-nothing', severity: 'info', message: 'nothing', file: 'b.yaml', line: 1, column: 1, path: ''},
]

describe('renderers on awkward input', () => {
  const lintReport = report(findings, [odd, 'b.yaml'])

  it('SARIF: percent-encoded relative URIs, valid against the schema', () => {
    expect(fileUri(odd)).toBe('infra/my%20dir%2Cv2/t%C3%B3po%3A1.yaml')
    expect(fileUri('/abs/x.yaml')).toBe('file:///abs/x.yaml')
    const sarif = renderSarif(lintReport, {toolVersion: '1.2.3', informationUri: 'https://example.com/acknet', rulesDocUri: 'https://example.com/acknet/docs/lint.md'}) as any
    const schema = JSON.parse(readFileSync(new URL('../../fixtures/sarif-2.1.0.schema.json', import.meta.url), 'utf8'))
    const validate = addFormats(new Ajv({strict: false, allErrors: true})).compile(schema)
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true)
    const rules = sarif.runs[0].tool.driver.rules
    expect(rules.find((rule: any) => rule.id === 'vswitch-count').defaultConfiguration).toEqual({enabled: false, level: 'none'})
    expect(sarif.runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe('vpcs[0].cidr')
    expect(sarif.runs[0].results[2].locations[0].logicalLocations).toBeUndefined()
  })

  it('GitHub: escaped properties and data, one line per finding', () => {
    const lines = renderGithub(lintReport).split('\n')
    expect(lines).toEqual([
      '::error file=infra/my dir%2Cv2/tópo%3A1.yaml,line=3,col=7,title=vpc-cidr::line one%0Aline two with 100%25 <b>&"quotes"</b>',
      '::warning file=infra/my dir%2Cv2/tópo%3A1.yaml,line=12,col=1,title=pod-capacity::a, b: c',
      '::notice file=b.yaml,line=1,col=1,title=netpol-selects-nothing::nothing',
    ])
  })

  it('JUnit: well-formed, one suite per file, off rules have no testcase', () => {
    const xml = renderJunit(lintReport)
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(xml).not.toContain('name="vswitch-count"')
    expect(xml).toContain('<testsuite name="infra/my dir,v2/tópo:1.yaml"')
    expect(xml).toContain('&lt;b&gt;&amp;&quot;quotes&quot;&lt;/b&gt;')
    expect(xml.match(/<failure /g)).toHaveLength(1)
  })

  it('stylish: first line of multi-line messages, aligned columns, summary', () => {
    const text = renderStylish(lintReport, makeColours(false))
    expect(text.split('\n')).toEqual([
      odd,
      '  3:7   error    line one  vpc-cidr',
      '  12:1  warning  a, b: c   pod-capacity',
      '',
      'b.yaml',
      '  1:1  info     nothing  netpol-selects-nothing',
      '',
      '✖ 3 problems (1 error, 1 warning, 1 info)',
    ])
  })

  it('stylish: too many warnings is said under the summary', () => {
    const text = renderStylish({...lintReport, maxWarnings: 0}, makeColours(false))
    expect(text.endsWith('✖ too many warnings: 1 (maximum 0)')).toBe(true)
  })
})
