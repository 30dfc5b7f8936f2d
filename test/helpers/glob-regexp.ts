/**
 * The regular-expression form of the `.acknetrc.yaml` ignore globs: the readable reference the
 * linear matcher (ignoreGlob in src/engine/lint/config.ts, built on src/engine/glob.ts) is tested against (a RegExp can backtrack for
 * minutes on hostile patterns, so production code uses the matcher).
 */
const globCache = new Map<string, RegExp>()

/** `*` within a segment, `**` across segments, `?` one character; a pattern also matches what is below it (gitignore-like). */
export function globToRegExp(pattern: string): RegExp {
  let cached = globCache.get(pattern)
  if (cached) return cached
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '')
  let source = ''
  for (let index = 0; index < clean.length; index++) {
    const char = clean[index]!
    if (char === '*' && clean[index + 1] === '*') {
      index++
      if (clean[index + 1] === '/') {
        index++
        source += '(?:.*/)?'
      } else source += '.*'
    } else if (char === '*') source += '[^/]*'
    else if (char === '?') source += '[^/]'
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  // like .gitignore: a pattern without a slash matches at any depth
  if (!clean.includes('/')) source = `(?:.*/)?${source}`
  cached = new RegExp(`^${source}(?:/.*)?$`)
  globCache.set(pattern, cached)
  return cached
}
