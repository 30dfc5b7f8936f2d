/** "Did you mean" support: the closest candidates by edit distance (case-insensitive). */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const target = name.toLowerCase()
  const limit = Math.max(2, Math.floor(target.length / 3))
  const scored: Array<{candidate: string; distance: number}> = []
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase()
    const distance = lower.includes(target) || target.includes(lower) ? Math.abs(lower.length - target.length) / 10 : editDistance(target, lower, limit)
    if (distance <= limit) scored.push({candidate, distance})
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
  return scored.slice(0, max).map((entry) => entry.candidate)
}

/** "; did you mean `a` or `b`?" or '' — ready to append to a message. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates)
  if (close.length === 0) return ''
  const quoted = close.map((candidate) => `\`${candidate}\``)
  return `; did you mean ${quoted.length === 1 ? quoted[0] : quoted.slice(0, -1).join(', ') + ' or ' + quoted[quoted.length - 1]}?`
}

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      current.push(value)
      if (value < rowMin) rowMin = value
    }
    if (rowMin > limit) return limit + 1
    previous = current
  }
  return previous[b.length]!
}
