/**
 * RuleTester (after ESLint's): runs ONE lint rule in-process on inline topologies and asserts
 * what it reports — rule id, line (relative to the inline text) and message. Milliseconds per
 * case, so a flipped comparison in a rule fails a test at once.
 *
 *   ruleTester('node-cidr-mask', {
 *     valid: [flannel({mask: 24}), flannel({mask: 28})],
 *     invalid: [{code: flannel({mask: 23}), errors: [{line: 9, message: /outside \/24–\/28/}]}],
 *   })
 */
import {describe, expect, it} from 'vitest'
import {emptyConfig} from '../../src/engine/lint/config.js'
import {RULE_BY_ID} from '../../src/engine/lint/registry.js'
import {lintInput} from '../../src/engine/lint/run.js'
import type {LintRule} from '../../src/engine/lint/rule.js'
import type {Model} from '../../src/engine/topology/model.js'

export const HEADER = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: t}\n'
const HEADER_LINES = 3

export interface ExpectedFinding {
  /** Line in the inline text (the 3-line header is not counted). */
  line?: number
  message: RegExp | string
}

export interface RuleCase {
  name?: string
  code: string
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[]
}

/** The findings of `ruleId` alone on `code` (other rules do not run; structural findings are filtered out). */
export function runRule(ruleId: string, code: string, rule: LintRule<Model> | undefined = RULE_BY_ID.get(ruleId)) {
  if (!rule) throw new Error(`no rule ${ruleId}`)
  const {findings} = lintInput({file: 'inline.yaml', text: HEADER + code}, {config: emptyConfig(), rules: [rule]})
  return findings.filter((finding) => finding.ruleId === ruleId).map((finding) => ({...finding, line: finding.line - HEADER_LINES}))
}

export function ruleTester(ruleId: string, cases: {valid: Array<string | RuleCase>; invalid: InvalidCase[]}): void {
  describe(`rule ${ruleId}`, () => {
    const valid = cases.valid.map((entry, i) => (typeof entry === 'string' ? {name: `valid #${i + 1}`, code: entry} : {name: entry.name ?? `valid #${i + 1}`, code: entry.code}))
    it.each(valid)('$name', ({code}) => {
      expect(runRule(ruleId, code).map((finding) => `${finding.line}: ${finding.message}`)).toEqual([])
    })
    const invalid = cases.invalid.map((entry, i) => ({...entry, name: entry.name ?? `invalid #${i + 1}`}))
    it.each(invalid)('$name', ({code, errors}) => {
      const findings = runRule(ruleId, code)
      expect(findings.map((finding) => `${finding.line}: ${finding.message}`), 'finding count').toHaveLength(errors.length)
      errors.forEach((expected, i) => {
        const finding = findings[i]!
        expect(finding.ruleId).toBe(ruleId)
        if (expected.line !== undefined) expect(finding.line, finding.message).toBe(expected.line)
        if (typeof expected.message === 'string') expect(finding.message).toBe(expected.message)
        else expect(finding.message).toMatch(expected.message)
      })
    })
  })
}
