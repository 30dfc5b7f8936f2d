/**
 * Security-group rule precedence, the one implementation (reach evaluation and lint rules):
 * "A smaller value indicates a higher priority. When multiple security group rules have the same
 * priority, drop rules take precedence" — ECS AuthorizeSecurityGroup (alibaba-facts §6).
 */
export interface RankedSgRule {
  /** 1–100, lower wins. */
  priority: number
  action: 'accept' | 'drop'
}

/** Negative when `a` is evaluated before `b`, positive when after, 0 when neither (declaration order decides). */
export function compareSgPrecedence(a: RankedSgRule, b: RankedSgRule): number {
  if (a.priority !== b.priority) return a.priority - b.priority
  if (a.action !== b.action) return a.action === 'drop' ? -1 : 1
  return 0
}

/** Whether `a` decides a packet both rules match before `b` does (ties in declaration order are not "before"). */
export function takesPrecedence(a: RankedSgRule, b: RankedSgRule): boolean {
  return compareSgPrecedence(a, b) < 0
}
