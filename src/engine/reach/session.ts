import {AcknetError} from '../../errors.js'
import type {Expectation, Model} from '../topology/model.js'
import {ReachContext} from './context.js'
import {type ResolvedEndpoint, resolveEndpoint} from './endpoints.js'
import type {Family} from './family.js'
import {familyFor, type ReachProtocol, reachResolved} from './reach.js'
import type {ReachResult} from './result.js'

/**
 * Many reach queries over one model (matrix, lint expectations): the context (sorted SG rules,
 * route structures, compiled policies) and every resolved endpoint are computed once.
 */
export class ReachSession {
  readonly ctx: ReachContext
  private readonly sources = new Map<string, ResolvedEndpoint | AcknetError>()
  private readonly destinations = new Map<string, ResolvedEndpoint | AcknetError>()

  constructor(model: Model | ReachContext, family: Family = 4) {
    this.ctx = model instanceof ReachContext ? model : new ReachContext(model, family)
  }

  source(ref: string): ResolvedEndpoint {
    return cached(this.sources, ref, () => resolveEndpoint(this.ctx, ref, 'source'))
  }

  destination(ref: string, source: ResolvedEndpoint): ResolvedEndpoint {
    const sourcePod = source.actors.find((a) => a.pod)?.pod
    // dns: short names depend on the source pod's cluster and namespace
    const key = ref.startsWith('dns:') && sourcePod ? `${ref}\u0000${sourcePod.workload.cluster.name}/${sourcePod.workload.namespace.name}` : ref
    return cached(this.destinations, key, () => resolveEndpoint(this.ctx, ref, 'destination', sourcePod))
  }

  /** One query; throws AcknetError for unknown endpoints and a missing --port. */
  reach(from: string, to: string, options: {port?: number; protocol?: ReachProtocol; paths?: boolean} = {}): ReachResult {
    const source = this.source(from)
    return reachResolved(this.ctx, source, this.destination(to, source), options, {paths: options.paths})
  }
}

function cached(map: Map<string, ResolvedEndpoint | AcknetError>, key: string, make: () => ResolvedEndpoint): ResolvedEndpoint {
  let value = map.get(key)
  if (value === undefined) {
    try {
      value = make()
    } catch (error) {
      if (!(error instanceof AcknetError)) throw error
      value = error
    }
    map.set(key, value)
  }
  if (value instanceof AcknetError) throw value
  return value
}

export interface ExpectationOutcome {
  expectation: Expectation
  /** Undefined when the query could not run (see `error`). */
  result?: ReachResult
  error?: string
  ok: boolean
}

/** Checks every `expectations:` entry of the model in one pass with shared work (one session per family asked). */
export function checkExpectations(model: Model): ExpectationOutcome[] {
  if (model.expectations.length === 0) return []
  const sessions = new Map<Family, ReachSession>()
  const sessionFor = (family: Family): ReachSession => {
    let session = sessions.get(family)
    if (!session) sessions.set(family, (session = new ReachSession(model, family)))
    return session
  }
  return model.expectations.map((expectation) => {
    try {
      const session = sessionFor(familyFor([expectation.from, expectation.to], expectation.family, 'family:'))
      const result = session.reach(expectation.from, expectation.to, {port: expectation.port, protocol: expectation.protocol, paths: false})
      return {expectation, result, ok: result.verdict === expectation.expect}
    } catch (error) {
      if (!(error instanceof AcknetError)) throw error
      return {expectation, error: [error.message, ...error.hints].join('; '), ok: false}
    }
  })
}
