import {classify} from '../reach/classes.js'
import type {Model} from '../topology/model.js'
import {NetworkSession} from './session.js'

/** What the whole-network answers work with, for `npm run bench` (bench/network.js). */
export interface ClassCounts {
  workloads: EndpointCounts
  instances: EndpointCounts
  pools: EndpointCounts
  internetClasses: number
  sources: number
  destinations: number
}

export interface EndpointCounts {
  endpoints: number
  /** Distinct sets of replica classes with the endpoint's own name left out: what the steps tell apart. */
  classes: number
  replicas: number
}

export function classCounts(model: Model): ClassCounts {
  const session = new NetworkSession(model)
  const ctx = session.reach.ctx
  const count = (refs: string[]): EndpointCounts => {
    const keys = new Set<string>()
    let replicas = 0
    for (const ref of refs) {
      const actors = session.source(ref).actors
      replicas += actors.length
      // an endpoint's class: its replica classes, without the object's own name (`pod|web/api|…`)
      keys.add(classify(ctx, actors).map((c) => c.key.split('|').filter((_, i) => i !== 1).join('|') + `×${c.members.length}`).sort().join(';'))
    }
    return {endpoints: refs.length, classes: keys.size, replicas}
  }
  const refs = session.sources()
  return {
    workloads: count(refs.filter((r) => r.startsWith('pod:'))),
    instances: count(refs.filter((r) => r.startsWith('instance:'))),
    pools: count(refs.filter((r) => r.startsWith('node:'))),
    internetClasses: session.source('internet').actors.length,
    sources: refs.length,
    destinations: session.destinations().length,
  }
}
