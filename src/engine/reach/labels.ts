/**
 * Kubernetes label selectors (metav1.LabelSelector): matchLabels AND matchExpressions with
 * In / NotIn / Exists / DoesNotExist. An empty selector `{}` selects everything; an absent
 * one is the caller's decision (it means different things in different places).
 */
export type Labels = Readonly<Record<string, string>>

export interface LabelSelectorRequirement {
  key: string
  operator: string
  values?: readonly string[]
}

export interface LabelSelector {
  matchLabels?: Readonly<Record<string, string>> | null
  matchExpressions?: readonly LabelSelectorRequirement[] | null
}

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  const matchLabels = selector.matchLabels
  if (matchLabels) {
    for (const key in matchLabels) if (labels[key] !== String(matchLabels[key])) return false
  }
  for (const requirement of selector.matchExpressions ?? []) {
    if (!requirementMatches(requirement, labels)) return false
  }
  return true
}

function requirementMatches(requirement: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key)
  const value = labels[requirement.key]
  const values = (requirement.values ?? []).map(String)
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(value!)
    case 'NotIn':
      // Kubernetes: NotIn matches when the key is absent, too
      return !has || !values.includes(value!)
    case 'Exists':
      return has
    case 'DoesNotExist':
      return !has
    default:
      // an unknown operator selects nothing (the API server would have rejected it)
      return false
  }
}

/** A Service-style selector (plain map): every pair must match; an empty map matches nothing (Kubernetes: no endpoints are managed). */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Labels): boolean {
  let any = false
  for (const key in selector) {
    any = true
    if (labels[key] !== String(selector[key])) return false
  }
  return any
}

export function formatSelector(selector: LabelSelector | undefined | null): string {
  if (!selector) return '(none)'
  const parts: string[] = []
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) parts.push(`${key}=${value}`)
  for (const requirement of selector.matchExpressions ?? []) {
    const values = requirement.values?.length ? ` (${requirement.values.join(',')})` : ''
    parts.push(`${requirement.key} ${requirement.operator}${values}`)
  }
  return parts.length === 0 ? '{} (all)' : parts.join(', ')
}
