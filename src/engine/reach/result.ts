import type {ReasonCode, StepName, WarningCode} from './codes.js'

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

/** A finding that does not deny the answer (SPEC §4.2 step 8: PORT_NOT_DECLARED). */
export interface ReachWarning {
  code: WarningCode
  object: string
  message: string
}

/** A replica that cannot run, so no pair of it was evaluated (SPEC §4.2, 0.2). */
export interface UnplacedReplica {
  /** `NS/POD`, e.g. `web/frontend-4`. */
  replica: string
  /** `CLUSTER/NODE`, or null when the pool has no node for it. */
  node: string | null
  reason: string
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
  /** The address family asked (SPEC §8: `--family 4|6`). */
  family: 4 | 6
  verdict: Verdict
  reason: Reason | null
  /** A fix hint for the reason (from the code catalogue, made concrete where possible). */
  fix?: string
  paths: ReachPath[]
  /** Findings that do not deny (present only when there are some). */
  warnings?: ReachWarning[]
  /** Replicas of either endpoint that cannot run; the verdict covers the placed ones (present only when there are some). */
  unplaced?: UnplacedReplica[]
  /** With --explain: inputs the answer depends on that the file does not give. */
  missing?: string[]
}
