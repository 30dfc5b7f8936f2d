import path from 'node:path'
import yaml from 'js-yaml'
import {AcknetError} from '../../errors.js'
import {oneLine, type Severity} from '../findings.js'
import {compileGlob, type Glob, GlobSyntaxError} from '../glob.js'
import type {RuleSetting} from './rule.js'
import {editDistance} from '../suggest.js'

/**
 * `.acknetrc.yaml`: per-project lint settings.
 *
 *   rules:                      # rule id → off | info | warning | error
 *     sg-open-admin-port: off
 *     pod-capacity: error
 *   maxWarnings: 10             # (opt) like --max-warnings
 *   ignore: [bench/out/**]      # (opt) paths skipped when walking directories (globs, relative to this file)
 *   catalog: types.json         # (opt) `aliyun ecs DescribeInstanceTypes` output layered over the
 *                               # shipped instance catalog (relative to this file; SPEC 1.4)
 *
 * Parsing is pure; finding the files on disk is in files.ts.
 */
export interface LintConfig {
  /** The files this config was merged from, in precedence order (later wins). */
  sources: string[]
  rules: Map<string, RuleSetting>
  maxWarnings?: number
  /** Globs with the directory they are relative to, each compiled once (see ignoreGlob). */
  ignore: Array<{base: string; pattern: string; glob: Glob}>
  /** `catalog:` — a DescribeInstanceTypes JSON file: absolute path, and as the config wrote it. */
  catalog?: {file: string; shown: string}
}

export const SETTINGS: readonly RuleSetting[] = ['off', 'info', 'warning', 'error']

/** `ignore:` limits (issue #15): far above any real config, low enough that path × pattern stays small. */
export const MAX_IGNORE_PATTERNS = 200
export const MAX_IGNORE_PATTERN_LENGTH = 500

/**
 * An `ignore:` glob (src/engine/glob.ts syntax): `*` within a directory, `**` across, a pattern
 * without `/` matches at any depth and a pattern also matches everything below what it names
 * (like .gitignore). test/helpers/glob-regexp.ts is the RegExp reference it is fuzzed against.
 */
export function ignoreGlob(pattern: string): Glob {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '')
  return compileGlob(clean, {separator: '/', globstar: true, matchBelow: true, anyDepthWithoutSeparator: true})
}

export function emptyConfig(): LintConfig {
  return {sources: [], rules: new Map(), ignore: []}
}

/**
 * Parses one config file. Unknown keys, unknown rule ids and bad values are exit-2 errors that
 * name file:line:column: a typo in a CI config must not silently turn a rule off.
 */
export function parseLintConfig(text: string, file: string, knownRuleIds: ReadonlySet<string>, baseDir: string): LintConfig {
  let data: unknown
  try {
    data = yaml.load(text, {filename: file, json: false})
  } catch (error) {
    const mark = (error as {mark?: {line: number; column: number}}).mark
    const reason = (error as {reason?: string}).reason ?? String(error)
    throw new AcknetError(`invalid YAML in lint config: ${reason}`, {position: {file, line: mark ? mark.line + 1 : undefined, column: mark ? mark.column + 1 : undefined}})
  }
  const config = emptyConfig()
  config.sources.push(file)
  if (data === null || data === undefined) return config
  if (typeof data !== 'object' || Array.isArray(data)) throw new AcknetError('a lint config must be a mapping with `rules:`, `maxWarnings:` or `ignore:`', {position: {file, line: 1, column: 1}})
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === 'rules') {
      if (value === null || value === undefined) continue
      if (typeof value !== 'object' || Array.isArray(value)) throw configError(text, file, key, '`rules` must map rule ids to off | info | warning | error')
      for (const [ruleId, setting] of Object.entries(value as Record<string, unknown>)) {
        if (!knownRuleIds.has(ruleId)) throw configError(text, file, ruleId, `unknown rule id "${ruleId}"`, closest(ruleId, knownRuleIds))
        const parsed = parseSetting(setting)
        if (!parsed) throw configError(text, file, ruleId, `rule ${ruleId}: expected off | info | warning | error, got ${JSON.stringify(setting)}`)
        config.rules.set(ruleId, parsed)
      }
    } else if (key === 'maxWarnings') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw configError(text, file, key, '`maxWarnings` must be a whole number ≥ 0')
      config.maxWarnings = value
    } else if (key === 'ignore') {
      const patterns = Array.isArray(value) ? value : [value]
      // every walked path is tried against every pattern: both are capped (issue #15)
      if (patterns.length > MAX_IGNORE_PATTERNS) throw configError(text, file, key, `\`ignore\` lists ${patterns.length} globs; at most ${MAX_IGNORE_PATTERNS} are allowed`)
      for (const pattern of patterns) {
        if (typeof pattern !== 'string' || pattern === '') throw configError(text, file, key, '`ignore` must be a list of path globs')
        if (pattern.length > MAX_IGNORE_PATTERN_LENGTH) throw configError(text, file, key, `an \`ignore\` glob is at most ${MAX_IGNORE_PATTERN_LENGTH} characters; one has ${pattern.length}`)
        let glob: Glob
        try {
          glob = ignoreGlob(pattern)
        } catch (error) {
          if (error instanceof GlobSyntaxError) throw configError(text, file, key, `ignore: ${oneLine(error.message)}`)
          throw error
        }
        config.ignore.push({base: baseDir, pattern, glob})
      }
    } else if (key === 'catalog') {
      if (typeof value !== 'string' || value.trim() === '') throw configError(text, file, key, '`catalog` must be the path of a DescribeInstanceTypes JSON file')
      config.catalog = {file: path.resolve(baseDir, value), shown: value}
    } else {
      throw configError(text, file, key, `unknown key "${key}" (expected rules, maxWarnings, ignore or catalog)`, closest(key, new Set(['rules', 'maxWarnings', 'ignore', 'catalog'])))
    }
  }
  return config
}

/** Later configs win rule by rule. */
export function mergeConfigs(...configs: LintConfig[]): LintConfig {
  const merged = emptyConfig()
  for (const config of configs) {
    merged.sources.push(...config.sources)
    for (const [ruleId, setting] of config.rules) merged.rules.set(ruleId, setting)
    if (config.maxWarnings !== undefined) merged.maxWarnings = config.maxWarnings
    merged.ignore.push(...config.ignore)
    if (config.catalog) merged.catalog = config.catalog
  }
  return merged
}

/** `ID=off|info|warning|error` from --rule; exit 2 on anything else. */
export function parseRuleFlag(text: string, knownRuleIds: ReadonlySet<string>): [string, RuleSetting] {
  const at = text.indexOf('=')
  if (at <= 0) throw new AcknetError(`--rule ${JSON.stringify(text)}: expected ID=off|warning|error, e.g. --rule sg-open-admin-port=off`)
  const ruleId = text.slice(0, at).trim()
  const setting = parseSetting(text.slice(at + 1).trim())
  if (!knownRuleIds.has(ruleId)) {
    const hint = closest(ruleId, knownRuleIds)
    throw new AcknetError(`--rule: unknown rule id "${ruleId}"${hint ? `; did you mean ${hint}?` : ''}`, {hints: ['acknet lint --list-rules shows every rule id']})
  }
  if (!setting) throw new AcknetError(`--rule ${ruleId}: expected off | info | warning | error, got ${JSON.stringify(text.slice(at + 1))}`)
  return [ruleId, setting]
}

function parseSetting(value: unknown): RuleSetting | undefined {
  if (value === false) return 'off' // `rule: false` / `rule: no` read as booleans by some tools
  if (typeof value !== 'string') return undefined
  const lower = value.toLowerCase()
  if (lower === 'warn') return 'warning'
  return (SETTINGS as readonly string[]).includes(lower) ? (lower as RuleSetting) : undefined
}

export function effectiveSeverity(ruleId: string, defaultSeverity: Severity, config: LintConfig): RuleSetting {
  return config.rules.get(ruleId) ?? defaultSeverity
}

/** An error located at the first line that mentions `key` as a mapping key. */
function configError(text: string, file: string, key: string, message: string, suggestion?: string): AcknetError {
  const lines = text.split(/\r\n|\r|\n/)
  const pattern = new RegExp(`^(\\s*(?:-\\s+)?)["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`)
  let line: number | undefined
  let column: number | undefined
  for (let index = 0; index < lines.length; index++) {
    const match = pattern.exec(lines[index]!)
    if (match) {
      line = index + 1
      column = match[1]!.length + 1
      break
    }
  }
  return new AcknetError(suggestion ? `${message}; did you mean ${suggestion}?` : message, {position: {file, line, column}})
}

/** The closest known name by edit distance, if it is close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      bestDistance = distance
      best = candidate
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined
}
