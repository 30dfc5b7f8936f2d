import {decisionKey, toHop} from './decision.js'
import type {PairOutcome} from './legs/leg.js'
import type {Consideration, ReachPath} from './result.js'

/**
 * Pairs whose decisions share (step, object, result, code) form one path; the first pair's
 * decisions are rendered to hops for all. Denied paths come first: they carry the reason.
 */
export function groupPaths(outcomes: readonly PairOutcome[], explain: boolean): ReachPath[] {
  const groups = new Map<string, {first: PairOutcome; count: number; from: Set<string>; to: Set<string>}>()
  for (const outcome of outcomes) {
    let key: string = outcome.verdict
    for (const decision of outcome.decisions) key += `>${decisionKey(decision)}`
    let group = groups.get(key)
    if (!group) groups.set(key, (group = {first: outcome, count: 0, from: new Set(), to: new Set()}))
    group.count += outcome.count ?? 1
    for (const name of outcome.fromNames ?? [outcome.from]) if (group.from.size < 5) group.from.add(name)
    for (const name of outcome.toNames ?? [outcome.to]) if (group.to.size < 5) group.to.add(name)
  }
  const paths = [...groups.values()].map(({first, count, from, to}): ReachPath => {
    const path: ReachPath = {verdict: first.verdict, count, from: [...from], to: [...to], hops: first.decisions.map(toHop)}
    if (explain) path.considered = considerations(first)
    return path
  })
  return paths.sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'denied' ? -1 : 1))
}

function considerations(outcome: PairOutcome): Consideration[] {
  const seen = new Set<string>()
  const out: Consideration[] = []
  for (const decision of outcome.decisions) {
    for (const item of decision.considered ?? []) {
      const key = `${item.step}|${item.object}|${item.detail}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(item)
    }
  }
  return out
}
