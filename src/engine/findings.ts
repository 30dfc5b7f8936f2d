/**
 * A located problem in a topology file. The loader and resolver produce the structural ones
 * (yaml-syntax, schema, unknown-reference, duplicate-name, cidr-syntax); lint rules produce the
 * rest. Shape = SPEC §5 JSON format.
 */
export type Severity = 'error' | 'warning' | 'info'

export interface Finding {
  ruleId: string
  severity: Severity
  message: string
  file: string
  /** 1-based; the offending key or value. */
  line: number
  column: number
  /** YAML path, e.g. `vpcs[0].vswitches[2].cidr`. */
  path: string
}

/** The rule ids that make a file unusable for reach/matrix/routes/graph (SPEC §1: exit 2). */
export const STRUCTURAL_RULE_IDS: ReadonlySet<string> = new Set(['yaml-syntax', 'schema', 'unknown-reference', 'duplicate-name', 'cidr-syntax'])

/** Longest message or path a finding keeps (issue #9: a 4 MB key must not become a 4 MB line). */
export const MAX_FINDING_TEXT = 500

/**
 * The finding with its message and path cut to MAX_FINDING_TEXT characters. Messages quote the
 * offending names and keys, so hostile input could otherwise make them arbitrarily long.
 */
export function clipFinding(finding: Finding): Finding {
  if (finding.message.length <= MAX_FINDING_TEXT && finding.path.length <= MAX_FINDING_TEXT) return finding
  const clip = (text: string) => (text.length > MAX_FINDING_TEXT ? `${text.slice(0, MAX_FINDING_TEXT - 1)}…` : text)
  return {...finding, message: clip(finding.message), path: clip(finding.path)}
}
