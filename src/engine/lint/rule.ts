import type {Finding, Severity} from '../findings.js'

/**
 * The lint rule contract. A rule is one module in src/engine/lint/rules/ exporting a `LintRule`
 * and one line in registry.ts. Rules are pure: they read the resolved model and return findings;
 * the runner applies severity overrides, suppression comments and sorting.
 */
export type RuleSetting = Severity | 'off'

/** Where a model object came from: the file and its YAML path (`vpcs[0].vswitches[2]`). */
export interface SourceRef {
  file: string
  path: string
}

export interface RuleMeta {
  /** kebab-case, stable: users write it in --rule, .acknetrc.yaml and suppression comments. */
  id: string
  /** Default severity (SPEC §5 table). */
  severity: Severity
  /** One line: what the rule reports. Shown by --list-rules and in SARIF shortDescription. */
  description: string
  /** Two or three sentences: why it matters and how to fix it (SARIF fullDescription/help). */
  help: string
  /**
   * Produced by the topology loader/resolver rather than by `check` (yaml-syntax, schema, ...).
   * Listed so that --list-rules, --rule and SARIF rule metadata know them.
   */
  producedBy?: 'loader' | 'resolver' | 'rule'
}

/** What a rule needs besides the model: locating findings and the effective settings. */
export interface RuleContext {
  readonly ruleId: string
  readonly severity: Severity
  /**
   * A finding at `source.path + subpath` (e.g. subpath `.cidr` or `.rules[3].ports`), pointing
   * at the value (default) or at the key. Falls back to the nearest located ancestor path.
   */
  finding(source: SourceRef, subpath: string, message: string, part?: 'key' | 'value'): Finding
  /**
   * The value as written in the file at `source.path + subpath` (for the few facts the resolved
   * model does not keep, e.g. a Service's spec.ipFamilies); undefined when absent or unknown.
   */
  raw(source: SourceRef, subpath: string): unknown
}

export interface LintRule<Model = unknown> extends RuleMeta {
  check(model: Model, ctx: RuleContext): Finding[]
}

/** Joins a YAML path and a sub path: ('vpcs[0]', '.cidr') → 'vpcs[0].cidr', ('', '.a') → 'a'. */
export function joinPath(base: string, subpath: string): string {
  if (!subpath) return base
  if (!base) return subpath.startsWith('.') ? subpath.slice(1) : subpath
  if (subpath.startsWith('.') || subpath.startsWith('[')) return base + subpath
  return `${base}.${subpath}`
}
