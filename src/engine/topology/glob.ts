import {lstatSync, readdirSync, statSync} from 'node:fs'
import {join, relative, resolve, sep} from 'node:path'
import {compileGlob, type Glob, hasGlobMagic as hasMagic} from '../glob.js'

/**
 * A small, dependency-free glob for `manifests:` entries (node:fs glob is experimental on
 * Node 20). Supports `*` and `?` (not crossing `/`), `**` (any depth), `[abc]` classes.
 * Returns absolute paths of files, sorted; hidden entries are matched only by a pattern
 * segment that starts with a dot. A pattern without wildcards names one file (which may not exist).
 */
export function globFiles(pattern: string, baseDir: string, budget: GlobBudget = {directoriesLeft: MAX_DIRECTORIES, truncated: false}): string[] {
  const normalized = pattern.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.')
  const absolute = pattern.startsWith('/')
  const root = absolute ? '/' : baseDir
  if (!normalized.some((segment) => hasMagic(segment))) {
    const file = resolve(root, ...normalized)
    return isFile(file) ? [file] : []
  }
  // a trailing `**` means every file below (as in `k8s/**`)
  if (normalized[normalized.length - 1] === '**') normalized.push('*')
  // the one glob matcher (src/engine/glob.ts): linear time; a bad class throws GlobSyntaxError
  const matchers = normalized.map((segment): Matcher => (segment === '**' ? '**' : hasMagic(segment) ? {glob: compileGlob(segment, {separator: '/'}), dotted: segment.startsWith('.')} : segment))
  const out = new Set<string>()
  walk(resolve(root), matchers, 0, out, 0, budget)
  return [...out].sort()
}

const MAX_DEPTH = 32
const MAX_MATCHES = 10_000
/**
 * Reliability guard (issue #9): directories one pattern may list. `manifests: ["/**\/*.yaml"]`
 * would otherwise walk the whole file system (and /proc's symlink loops) for minutes.
 */
export const MAX_DIRECTORIES = 10_000

/** Directory listings left for a pattern; `truncated` is set when the walk stopped early. */
export interface GlobBudget {
  directoriesLeft: number
  truncated: boolean
}

/** A literal segment, `**`, or a compiled segment glob (`dotted`: it may match hidden entries). */
type Matcher = string | {glob: Glob; dotted: boolean}

function walk(dir: string, matchers: Matcher[], index: number, out: Set<string>, depth: number, budget: GlobBudget): void {
  if (depth > MAX_DEPTH || out.size >= MAX_MATCHES) return
  if (index === matchers.length) return
  if (--budget.directoriesLeft < 0) {
    budget.truncated = true
    return
  }
  const matcher = matchers[index]!
  const isLast = index === matchers.length - 1
  if (matcher === '**') {
    // zero directories, or one more level and stay on `**`
    walk(dir, matchers, index + 1, out, depth, budget)
    for (const entry of listDir(dir)) {
      if (entry.startsWith('.')) continue
      const path = join(dir, entry)
      // `**` does not follow symlinked directories (loops such as /proc/self/root)
      if (isRealDirectory(path)) walk(path, matchers, index, out, depth + 1, budget)
    }
    return
  }
  if (typeof matcher === 'string') {
    const path = join(dir, matcher)
    if (isLast) {
      if (isFile(path)) out.add(path)
    } else if (isDirectory(path)) walk(path, matchers, index + 1, out, depth + 1, budget)
    return
  }
  for (const entry of listDir(dir)) {
    if (entry.startsWith('.') && !matcher.dotted) continue
    if (!matcher.glob.test(entry)) continue
    const path = join(dir, entry)
    if (isLast) {
      if (isFile(path)) out.add(path)
    } else if (isDirectory(path)) walk(path, matchers, index + 1, out, depth + 1, budget)
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort()
  } catch {
    return []
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory()
  } catch {
    return false
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** A path relative to the cwd when it is below it (for messages and finding `file` fields). */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel && !rel.startsWith('..' + sep) && rel !== '..' ? rel : path
}
