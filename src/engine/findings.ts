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
