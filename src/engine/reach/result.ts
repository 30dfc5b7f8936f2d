import type {ReasonCode, StepName} from './codes.js'

/** One step of a path (SPEC §4.2): the object that decided, and how. */
export interface Hop {
  step: StepName
  /** `KIND/NAME` of the deciding object (securityGroup/db, routeTable/prod/system, ...). */
  object: string
  /** `skip` = the step does not apply here (e.g. a cluster that does not enforce NetworkPolicy). */
  result: 'pass' | 'deny' | 'skip'
  detail: string
  /** Set on a denying hop. */
  code?: ReasonCode
}

export type Verdict = 'allowed' | 'denied' | 'partial'

export interface Reason {
  code: ReasonCode
  object: string
  message: string
}

/** Something considered on the way that did not decide (for --explain). */
export interface Consideration {
  step: StepName
  object: string
  detail: string
}

export interface ReachPath {
  verdict: 'allowed' | 'denied'
  /** How many source→destination pairs (replica × endpoint) took exactly these hops. */
  count: number
  /** Up to five of the sources and destinations on this path (pod, node or instance names). */
  from: string[]
  to: string[]
  hops: Hop[]
  /** With --explain: objects considered that did not apply. */
  considered?: Consideration[]
}

export interface EndpointSummary {
  ref: string
  kind: string
  /** The address traffic is sent to / comes from (first replica for workloads); null for `internet`. */
  address: string | null
}

export interface ReachResult {
  from: EndpointSummary
  to: EndpointSummary
  protocol: string
  port: number | null
  verdict: Verdict
  reason: Reason | null
  /** A fix hint for the reason (from the code catalogue, made concrete where possible). */
  fix?: string
  paths: ReachPath[]
  /** With --explain: inputs the answer depends on that the file does not give. */
  missing?: string[]
}
