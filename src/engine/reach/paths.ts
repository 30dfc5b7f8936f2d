import {decisionKey, toHop} from './decision.js'
import type {PairOutcome} from './legs/leg.js'
import type {Decision} from './decision.js'
import type {Actor, ResolvedEndpoint} from './endpoints.js'
import {asSender} from './shared-traces.js'
import type {Consideration, ReachPath, ReachWarning, Verdict} from './result.js'

/** Adds a warning unless one with its code and object was met (the first one met is kept). */
export function noteWarning(into: Map<string, ReachWarning>, warning: ReachWarning): void {
  const id = `${warning.code}|${warning.object}`
  if (!into.has(id)) into.set(id, warning)
}

/** Adds the decisions' warnings not met yet (noteWarning). */
export function noteWarnings(into: Map<string, ReachWarning>, decisions: readonly Decision[]): void {
  for (const decision of decisions) if (decision.warning) noteWarning(into, decision.warning)
}

export interface TallyJudgement {
  verdict: Verdict
  /** The first denied pair and its denying decision (a deny decision without a code gives no reason). */
  denied?: PairOutcome
  deciding?: Decision
  /** The object to blame when no pair was traced at all. */
  noEndpoints?: string
}

/**
 * Folds pair outcomes as they are produced, so memory follows the number of distinct paths, never
 * the number of pairs: totals, the first denied pair (the reason), and — when paths are wanted —
 * pairs whose decisions share (step, object, result, code) grouped into one path, the first pair's
 * decisions standing for all. Denied paths come first: they carry the reason.
 */
export class PairTally {
  total = 0
  allowed = 0
  firstDenied?: PairOutcome
  readonly allowedOutcomes: PairOutcome[] = []
  private readonly groups = new Map<string, {first: PairOutcome; count: number; from: Set<string>; to: Set<string>}>()
  private readonly warnings = new Map<string, ReachWarning>()

  constructor(private readonly withPaths: boolean) {}

  add = (outcome: PairOutcome): void => {
    const count = outcome.count ?? 1
    this.total += count
    if (outcome.verdict === 'allowed') {
      this.allowed += count
      // kept only for naming admitted internet classes (one per class at most)
      if (outcome.sender.kind === 'outside' || outcome.receiver?.kind === 'outside') this.allowedOutcomes.push(outcome)
    } else this.firstDenied ??= outcome
    noteWarnings(this.warnings, outcome.decisions)
    if (!this.withPaths) return
    let key: string = outcome.verdict
    for (const decision of outcome.decisions) key += `>${decisionKey(decision)}`
    let group = this.groups.get(key)
    if (!group) this.groups.set(key, (group = {first: outcome, count: 0, from: new Set(), to: new Set()}))
    group.count += count
    for (const name of outcome.fromNames ?? [outcome.from]) if (group.from.size < 5) group.from.add(name)
    for (const name of outcome.toNames ?? [outcome.to]) if (group.to.size < 5) group.to.add(name)
  }

  /**
   * `count` pairs that answer as `known` (a trace of another sender of `sender`'s profile,
   * shared-traces.ts), folded without building an outcome per pair: only the first denied one
   * becomes `sender`'s own (its reason text comes from `own`, the sender's own trace, when read).
   */
  addShared = (known: PairOutcome, count: number, sender: Actor, own: () => PairOutcome): void => {
    if (this.withPaths) throw new Error('internal: shared traces carry no paths')
    this.total += count
    if (known.verdict === 'allowed') {
      this.allowed += count
      if (sender.kind === 'outside' || known.receiver?.kind === 'outside') this.allowedOutcomes.push(asSender(known, sender, own))
    } else this.firstDenied ??= asSender(known, sender, own)
    noteWarnings(this.warnings, known.decisions)
  }

  /**
   * The verdict over every pair (allowed / denied / partial) and what decides a negative one: the
   * first denying decision of the first denied pair, or NO_ENDPOINTS when nothing was traced.
   * `reach` and the whole-network cells both judge through this, so they cannot disagree.
   */
  judge(source: ResolvedEndpoint): TallyJudgement {
    const {allowed, total} = this
    const verdict: Verdict = total === 0 ? 'denied' : allowed === total ? 'allowed' : allowed === 0 ? 'denied' : 'partial'
    if (this.firstDenied) return {verdict, denied: this.firstDenied, deciding: this.firstDenied.decisions.find((d) => d.result === 'deny')}
    if (total === 0) return {verdict, noEndpoints: source.target.kind === 'actors' ? source.target.object : source.summary.ref}
    return {verdict}
  }

  /** The internet classes (SPEC §4.1) on allowed pairs, by their ranges, in the order met. */
  admittedInternet(): string[] {
    const names = new Set<string>()
    for (const outcome of this.allowedOutcomes) {
      for (const end of [outcome.sender, outcome.receiver]) if (end?.kind === 'outside' && end.name.startsWith('internet ')) names.add(end.name.slice('internet '.length))
    }
    return [...names]
  }

  warningList(): ReachWarning[] {
    return [...this.warnings.values()]
  }

  paths(explain: boolean): ReachPath[] {
    return groupPaths([...this.groups.values()], explain)
  }
}

function groupPaths(groups: Array<{first: PairOutcome; count: number; from: Set<string>; to: Set<string>}>, explain: boolean): ReachPath[] {
  const paths = groups.map(({first, count, from, to}): ReachPath => {
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
