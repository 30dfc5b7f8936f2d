import type {AnyCidr} from '../cidr/any.js'
import type {ReasonCode, StepName, WarningCode} from './codes.js'
import type {Consideration, Hop, ReachWarning} from './result.js'
import type {Address} from './family.js'
import type {RouteTarget} from './routes.js'
import type {SecurityGroup} from '../topology/model.js'

/**
 * What one step of SPEC §4.2 decided, as data. Every step function returns one of these; hops
 * (and their text) are rendered from it only when a path is shown, and fix hints and future
 * whole-network answers read the `rule` field, never hop text.
 */
export interface Decision {
  step: StepName
  result: 'pass' | 'deny' | 'skip'
  /** Set on a denying decision. */
  code?: ReasonCode
  /** `KIND/NAME` of the deciding object (securityGroup/db, networkPolicy/web/api, routeTable/prod/system). */
  object: string
  /** The rule or entry that decided, when one did. */
  rule?: DecidingRule
  /** The hop text, built from the decision's data only when someone reads it. */
  detail: () => string
  /** A non-denying finding to report on the result (PORT_NOT_DECLARED). */
  warning?: ReachWarning
  /** Rules and policies that matched or were looked at and did not decide (for --explain). */
  considered?: Consideration[]
  /**
   * Set when the text names the source address the receiver saw and nothing else of the sender:
   * that address, and the text with another source named instead (traces shared across senders
   * render their own, shared-traces.ts).
   */
  seen?: {address: Address; detail: (who: string) => string}
  /**
   * Set on a denial by the sending ENI's security groups (egress): those groups, which its object
   * and text name. Senders share traces across groups that evaluate egress alike
   * (shared-traces.ts), so a shared denial is another sender's own only when its groups have
   * these names.
   */
  senderGroups?: readonly SecurityGroup[]
}

/** The deciding rule of a step, typed per kind of object. */
export type DecidingRule =
  | {kind: 'securityGroup'; group: string; /** 0-based, in the group's rules; undefined = the group-type default */ index?: number; priority?: number; action: 'accept' | 'drop'}
  | {kind: 'networkPolicy'; policy: string; direction: 'ingress' | 'egress'; /** 0-based rule index; undefined = no rule allowed */ index?: number}
  | {kind: 'route'; table: string; destination?: AnyCidr; target?: RouteTarget; /** why a route step failed, for fix hints */ cause?: RouteCause}
  | {kind: 'snat' | 'dnat'; gateway: string; index: number}
  | {kind: 'acl'; loadBalancer: string; type: 'white' | 'black'; cidr?: AnyCidr}
  /** Kubernetes exemptions: a pod's own traffic, its node's traffic, a hostNetwork pod. */
  | {kind: 'exempt'; why: 'self' | 'node-local' | 'host-network' | 'not-enforced'}

export type RouteCause = 'flannel-node-route' | 'peering' | 'no-entry' | 'blackhole' | 'not-internet-routable' | 'quota' | 'ipv6-internet'

export function pass(step: StepName, object: string, detail: () => string, rule?: DecidingRule): Decision {
  return rule ? {step, result: 'pass', object, detail, rule} : {step, result: 'pass', object, detail}
}

export function deny(step: StepName, code: ReasonCode, object: string, detail: () => string, rule?: DecidingRule): Decision {
  return rule ? {step, result: 'deny', code, object, detail, rule} : {step, result: 'deny', code, object, detail}
}

export function skip(step: StepName, object: string, detail: () => string, rule?: DecidingRule): Decision {
  return rule ? {step, result: 'skip', object, detail, rule} : {step, result: 'skip', object, detail}
}

export function warning(code: WarningCode, object: string, message: string): ReachWarning {
  return {code, object, message}
}

/** The hop a decision renders to (SPEC §4.3 `paths[].hops[]`). */
export function toHop(decision: Decision): Hop {
  const hop: Hop = {step: decision.step, object: decision.object, result: decision.result, detail: decision.detail()}
  if (decision.code) hop.code = decision.code
  return hop
}

/** Two pairs whose decisions share this key took the same path. */
export function decisionKey(decision: Decision): string {
  return `${decision.step}:${decision.object}:${decision.result}:${decision.code ?? ''}`
}
