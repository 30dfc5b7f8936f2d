import fc from 'fast-check'
import yaml from 'js-yaml'
import {expect} from 'vitest'
import {STRUCTURAL_RULE_IDS} from '../../src/engine/findings.js'
import {diffFlows, type FlowChange} from '../../src/engine/network/diff.js'
import type {NetworkProtocol} from '../../src/engine/network/ports.js'
import {NetworkSession} from '../../src/engine/network/session.js'
import {loadModel} from '../../src/engine/topology/index.js'
import type {Model} from '../../src/engine/topology/model.js'
import type {Doc} from '../fuzz/topology-arbitrary.js'

/** What the diff pruning property tests share: a generated document as a model, a diff, and how many pairs it traced. */

export const PRUNING_PROTOCOLS: NetworkProtocol[] = ['tcp', 'udp', 'icmp']

/** A pruning module's on/off switch (sg-pruning's pairPruning, netpol-pruning's netpolPruning). */
export interface PruningSwitch {
  enabled: boolean
}

/** The model of a generated document, or undefined when it has structural problems. */
export function modelOfDoc(doc: Doc): Model | undefined {
  const loaded = loadModel('fuzz.yaml', yaml.dump(doc, {lineWidth: -1, noRefs: true}))
  if (loaded.findings.some((finding) => STRUCTURAL_RULE_IDS.has(finding.ruleId))) return undefined
  return loaded.model
}

/** Every change of the diff, with the switch set as asked (and back on afterwards). */
export function diffWith(base: Model, head: Model, options: {everyPort?: boolean; family?: 4 | 6; pruning?: {switch: PruningSwitch; enabled: boolean}} = {}): FlowChange[] {
  const toggle = options.pruning
  if (toggle) toggle.switch.enabled = toggle.enabled
  try {
    return [...diffFlows(new NetworkSession(base, options.family), new NetworkSession(head, options.family), PRUNING_PROTOCOLS, {everyPort: options.everyPort})]
  } finally {
    if (toggle) toggle.switch.enabled = true
  }
}

/** How many (pair, protocol) the diff traces, counted through the base session's range calls. */
export function evaluatedPairs(base: Model, head: Model, pruning: PruningSwitch, enabled: boolean): number {
  const before = new NetworkSession(base)
  let count = 0
  const within = before.rangesWithin.bind(before)
  before.rangesWithin = (...args) => (count++, within(...args))
  const ranges = before.ranges.bind(before)
  before.ranges = (...args) => (count++, ranges(...args))
  pruning.enabled = enabled
  try {
    for (const _ of diffFlows(before, new NetworkSession(head), PRUNING_PROTOCOLS)) void _
  } finally {
    pruning.enabled = true
  }
  return count
}

export interface PruningProperty<X, E> {
  topology: fc.Arbitrary<Doc>
  extras: fc.Arbitrary<X>
  edit: fc.Arbitrary<E>
  withExtras(doc: Doc, extras: X): Doc
  edited(doc: Doc, edits: readonly E[]): Doc
  /** The kind of edit the pruning handles (sgOnlyChange, netpolOnlyChange). */
  handles(base: Model, head: Model): unknown
  pruning: PruningSwitch
  /** More answers that must equal the full evaluation (e.g. without pair pruning). */
  alsoEqual?(base: Model, head: Model): Array<[string, FlowChange[]]>
  numRuns: number
  seed: number
}

/**
 * The pruned diff equals every port of every pair, for random edits of random topologies; returns
 * how many edits were compared, how many changes they made, and in how many the pruning skipped
 * pairs (the callers assert these, so the property cannot pass by comparing nothing).
 */
export function checkPruningProperty<X, E>(p: PruningProperty<X, E>): {compared: number; changes: number; pruned: number} {
  const stats = {compared: 0, changes: 0, pruned: 0}
  fc.assert(
    fc.property(p.topology, p.extras, fc.array(p.edit, {minLength: 1, maxLength: 3}), (doc, extras, edits) => {
      const baseDoc = p.withExtras(doc, extras)
      const base = modelOfDoc(baseDoc)
      const head = base && modelOfDoc(p.edited(baseDoc, edits))
      if (!base || !head || !p.handles(base, head)) return
      const full = diffWith(base, head, {everyPort: true})
      expect(diffWith(base, head), 'pruned').toEqual(full)
      for (const [name, changes] of p.alsoEqual?.(base, head) ?? []) expect(changes, name).toEqual(full)
      stats.compared++
      stats.changes += full.length
      if (evaluatedPairs(base, head, p.pruning, true) < evaluatedPairs(base, head, p.pruning, false)) stats.pruned++
    }),
    {numRuns: p.numRuns, seed: p.seed},
  )
  if (process.env.ACKNET_PRUNING_STATS) console.log(stats)
  return stats
}
