import type {Finding} from '../findings.js'

/**
 * Inline suppression comments, ESLint style:
 *   # acknet-disable-next-line RULE[, RULE...] [-- reason]   the next non-comment line
 *   key: value  # acknet-disable-line RULE [-- reason]      this line
 *   # acknet-disable-file RULE [-- reason]                   the whole file
 * Without a rule id a directive silences every rule on its line(s).
 */
export interface Suppressions {
  /** line (1-based) → rule ids, or '*' for all rules. */
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>
  readonly file: ReadonlySet<string>
}

const DIRECTIVE = /#\s*acknet-disable-(next-line|line|file)\b([^\n]*)$/
const ALL = '*'

export const NO_SUPPRESSIONS: Suppressions = {lines: new Map(), file: new Set()}

export function parseSuppressions(text: string): Suppressions {
  // the common case (no directive anywhere) costs one substring search on a 2.5 MB file
  if (!text.includes('acknet-disable')) return NO_SUPPRESSIONS
  const lines = new Map<number, Set<string>>()
  const file = new Set<string>()
  const sourceLines = text.split(/\r\n|\r|\n/)
  const add = (line: number, rules: string[]) => {
    let set = lines.get(line)
    if (!set) lines.set(line, (set = new Set()))
    for (const rule of rules) set.add(rule)
  }
  for (let index = 0; index < sourceLines.length; index++) {
    const lineText = sourceLines[index]!
    if (!lineText.includes('acknet-disable')) continue
    const match = DIRECTIVE.exec(lineText)
    if (!match) continue
    const rules = ruleList(match[2]!)
    const lineNumber = index + 1
    if (match[1] === 'line') add(lineNumber, rules)
    else if (match[1] === 'file') for (const rule of rules) file.add(rule)
    else add(nextContentLine(sourceLines, index + 1) + 1, rules)
  }
  return {lines, file}
}

/** The rule ids of a directive, up to an optional ` -- reason`; none means all rules. */
function ruleList(rest: string): string[] {
  const reasonAt = rest.indexOf('--')
  const ids = (reasonAt >= 0 ? rest.slice(0, reasonAt) : rest).split(/[\s,]+/).filter(Boolean)
  return ids.length > 0 ? ids : [ALL]
}

/** Index of the next line that is not blank and not only a comment (so directives can stack). */
function nextContentLine(lines: string[], from: number): number {
  for (let index = from; index < lines.length; index++) {
    const trimmed = lines[index]!.trim()
    if (trimmed !== '' && !trimmed.startsWith('#')) return index
  }
  return from
}

export function isSuppressed(finding: Finding, suppressions: Suppressions): boolean {
  if (suppressions.file.has(ALL) || suppressions.file.has(finding.ruleId)) return true
  const onLine = suppressions.lines.get(finding.line)
  return onLine !== undefined && (onLine.has(ALL) || onLine.has(finding.ruleId))
}
