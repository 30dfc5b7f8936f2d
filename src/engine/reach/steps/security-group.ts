import {cidrContainsAddress, formatCidr} from '../../cidr/cidr.js'
import type {LoadBalancer, SecurityGroup} from '../../topology/model.js'
import type {ReachContext} from '../context.js'
import {type Decision, deny, pass} from '../decision.js'
import type {Consideration} from '../result.js'
import type {Address} from '../family.js'

/**
 * Steps 3 and 6: the security groups of the sending ENI (egress) and of the receiving ENI
 * (ingress), and the SLB access control list. Groups are stateful: only the new connection is
 * evaluated, replies pass.
 */

/** Step 3: egress from an ENI with these groups towards `destination`. */
export function sgEgressStep(ctx: ReachContext, groups: readonly SecurityGroup[], protocol: string, port: number, destination: Address, explain: boolean): Decision {
  return sgStep(ctx, 'egress', groups, protocol, port, destination, explain, () => '')
}

/** Step 6: ingress at an ENI with these groups from `seen`; `who` names the source in the text. */
export function sgIngressStep(ctx: ReachContext, groups: readonly SecurityGroup[], protocol: string, port: number, seen: Address, who: string, explain: boolean, named = false): Decision {
  const decision = sgStep(ctx, 'ingress', groups, protocol, port, seen, explain, () => ` from ${who}`)
  // `who` is the seen address itself unless the caller names the source otherwise
  if (!named && decision.result === 'deny') {
    const eni = ctx.eni(groups)
    const peerGroups = ctx.groupsOf(seen)
    let rule: string | undefined // the same for every source named: built once
    decision.seen = {address: seen, detail: (other) => `${(rule ??= eni.evaluate('ingress', protocol, port, seen, peerGroups, false, true).detail)} from ${other}`}
  }
  return decision
}

function sgStep(ctx: ReachContext, direction: 'ingress' | 'egress', groups: readonly SecurityGroup[], protocol: string, port: number, peer: Address, explain: boolean, suffix: () => string): Decision {
  const eni = ctx.eni(groups)
  const peerGroups = ctx.groupsOf(peer)
  const decision = eni.evaluate(direction, protocol, port, peer, peerGroups, explain, false)
  const step = direction === 'ingress' ? 'sg-ingress' : 'sg-egress'
  const object = `securityGroup/${decision.group}`
  // the text is rebuilt by the same pure evaluation, only when the hop is shown
  const detail = () => `${eni.evaluate(direction, protocol, port, peer, peerGroups, false, true).detail}${suffix()}`
  const action = decision.accepted ? 'accept' : 'drop'
  const rule = {kind: 'securityGroup' as const, group: decision.group, index: decision.ruleIndex, priority: decision.priority, action: action as 'accept' | 'drop'}
  const result = decision.accepted ? pass(step, object, detail, rule) : deny(step, direction === 'ingress' ? 'SG_INGRESS_DENIED' : 'SG_EGRESS_DENIED', object, detail, rule)
  if (!decision.accepted && direction === 'egress') result.senderGroups = groups
  if (explain && decision.overridden.length > 0) {
    result.considered = decision.overridden.map((text): Consideration => ({step, object, detail: `lost to the deciding rule: ${text}`}))
  }
  return result
}

/** Step 6 at an SLB: its access control list, if any (`undefined` = no ACL, no hop). */
export function aclStep(lb: LoadBalancer, object: string, client: Address, who: string, named = false): Decision | undefined {
  const acl = lb.acl
  if (!acl) return undefined
  const hit = typeof client === 'number' ? acl.cidrs.find((c) => cidrContainsAddress(c, client)) : undefined
  const allowed = acl.type === 'white' ? hit !== undefined : hit === undefined
  const text = (who: string) =>
    'SLB ACL: ' +
    (acl.type === 'white'
      ? hit ? `whitelist ${formatCidr(hit)} admits ${who}` : `${who} is not in the whitelist (${acl.cidrs.map(formatCidr).join(', ')})`
      : hit ? `${who} is in the blacklist (${formatCidr(hit)})` : `${who} is not in the blacklist`)
  const rule = {kind: 'acl' as const, loadBalancer: lb.name, type: acl.type, cidr: hit}
  const decision = allowed ? pass('sg-ingress', object, () => text(who), rule) : deny('sg-ingress', 'LB_ACL_DENIED', object, () => text(who), rule)
  // `who` is the client address itself unless the caller names the source otherwise
  if (!named && !allowed) decision.seen = {address: client, detail: text}
  return decision
}

