import type {Finding} from '../../findings.js'
import {checkExpectations} from '../../reach/session.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const expectationRule: LintRule<Model> = {
  id: 'expectation',
  severity: 'error',
  description: "An expectation's reachability verdict differs from the one the file asks for",
  help: 'Each `expectations:` entry is checked with the same engine as `acknet reach`. The finding gives the verdict the topology produces, the one wanted and the reason code with the object that decided; run `acknet reach FROM TO -f FILE --port N --explain` for the full path. Fix the topology (or the expectation, if the change was intended).',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const outcome of checkExpectations(model)) {
      if (outcome.ok) continue
      const {expectation, result} = outcome
      const overIpv6 = (result?.family ?? expectation.family) === 6 ? ' over IPv6' : ''
      const what = `${expectation.from} → ${expectation.to}${expectation.port !== undefined ? ` ${expectation.protocol ?? 'tcp'}/${expectation.port}` : ''}${overIpv6}`
      let message: string
      if (!result) {
        message = `expectation ${what} could not be evaluated: ${outcome.error}`
      } else {
        const reason = result.reason ? ` (${result.reason.code} at ${result.reason.object}: ${result.reason.message})` : ''
        message = `expectation ${what}: got ${result.verdict}${reason}, wanted ${expectation.expect}`
      }
      findings.push(ctx.finding(expectation.source, '', message))
    }
    return findings
  },
}
