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
/** A lint rule that threw (a bug): reported, never swallowed, and lint exits 2 (SPEC §5). */
export const INTERNAL_RULE_ID = 'internal'

/** Longest message or path a finding keeps (issue #9: a 4 MB key must not become a 4 MB line). */
export const MAX_FINDING_TEXT = 500

// C0/C1 controls (newline, ESC, …), the Unicode line separators, and the bidirectional marks,
// embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–202E, U+2066–2069: issue #15,
// "Trojan Source"), which would reorder the text printed around a name
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text from the input made safe to print on one line: control characters and bidi overrides become
 * visible escapes (`\n`, `\u001b`, `\u202e`). Names quoted in messages come from the file, and a newline or an ANSI escape in
 * one could otherwise forge extra output lines (CI workflow commands) or rewrite the terminal.
 */
export function oneLine(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => (char === '\n' ? '\\n' : char === '\r' ? '\\r' : char === '\t' ? '\\t' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`))
}

/**
 * The finding with its message and path on one line (see oneLine) and cut to MAX_FINDING_TEXT
 * characters. Messages quote the offending names and keys, so hostile input could otherwise make
 * them arbitrarily long.
 */
export function clipFinding(finding: Finding): Finding {
  const clip = (text: string) => {
    const safe = oneLine(text)
    return safe.length > MAX_FINDING_TEXT ? `${safe.slice(0, MAX_FINDING_TEXT - 1)}…` : safe
  }
  const message = clip(finding.message)
  const path = clip(finding.path)
  return message === finding.message && path === finding.path ? finding : {...finding, message, path}
}
