import type {SgRuleDoc} from './document.js'

/**
 * One canonical order for security-group rules (ingress first, then by priority, drop before
 * accept, protocol, ports, peer), so that the same group imported from the aliyun CLI and
 * from Terraform gives the same list. Order does not change the verdict: SPEC §3 evaluates
 * by priority and action, not by position.
 */
export function sortRules(rules: SgRuleDoc[]): SgRuleDoc[] {
  const key = (rule: SgRuleDoc) => [rule.direction === 'ingress' ? 0 : 1, rule.priority ?? 1, rule.action === 'drop' ? 0 : 1]
  return rules.sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i]
    return a.protocol.localeCompare(b.protocol, 'en') || comparePorts(a.ports, b.ports) || (a.peer ?? '').localeCompare(b.peer ?? '', 'en')
  })
}

function comparePorts(a: string | undefined, b: string | undefined): number {
  const start = (ports: string | undefined) => (ports === undefined ? -1 : Number(ports.split('/')[0]))
  return start(a) - start(b)
}
