import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {globToRegExp} from '../helpers/glob-regexp.js'
import {compileGlob} from '../../src/engine/glob.js'
import {ignoreGlob} from '../../src/engine/lint/config.js'
import {selectorGlob} from '../../src/engine/reach/matrix.js'

const globMatches = (pattern: string, text: string) => selectorGlob(pattern).test(text)
const globMatcher = ignoreGlob

/**
 * matrix selectors (`pod:web/*`) are matched without regular expressions since issue #9 (a
 * RegExp backtracked for minutes on `*a*a*a…*c`). The linear matcher must agree with the
 * RegExp semantics it replaced: `*` is any run of characters other than `/`.
 * Runs: 5,000 random pattern/text pairs; one adversarial pattern.
 */

const SEED = Number(process.env.ACKNET_FUZZ_SEED ?? 7)
const reference = (pattern: string, text: string) =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`).test(text)

describe('matrix selector globs', () => {
  it('agree with the RegExp semantics (5,000 pairs over a small alphabet)', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '*', ':', '.')
    const pattern = fc.string({unit: alphabet, maxLength: 10})
    const text = fc.string({unit: fc.constantFrom('a', 'b', '/', ':', '.'), maxLength: 12})
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(globMatches(p, t)).toBe(reference(p, t))
      }),
      {numRuns: 5_000, seed: SEED},
    )
  })

  it('answers an adversarial pattern at once', () => {
    const pattern = `pod:web/${'*a'.repeat(40)}*c`
    const text = `pod:web/${'a'.repeat(5_000)}`
    expect(globMatches(pattern, text)).toBe(false)
    expect(globMatches(`pod:web/${'*a'.repeat(40)}*`, text)).toBe(true)
  })
})

describe('.acknetrc.yaml ignore globs', () => {
  it('the linear matcher agrees with globToRegExp (8,000 pattern/path pairs)', () => {
    const pattern = fc.string({unit: fc.constantFrom('a', 'b', '/', '*', '**', '**/', '?', '.', './'), maxLength: 8})
    const path = fc.string({unit: fc.constantFrom('a', 'b', '/', '.'), maxLength: 12})
    fc.assert(
      fc.property(pattern, path, (p, t) => {
        expect(globMatcher(p).test(t), `${p} ~ ${t}`).toBe(globToRegExp(p).test(t))
      }),
      {numRuns: 8_000, seed: SEED},
    )
  })

  it('answers an adversarial pattern at once', () => {
    expect(globMatcher(`${'*a'.repeat(40)}*c`).test(`${'a'.repeat(5_000)}/t.yaml`)).toBe(false)
    expect(globMatcher(`**/${'*a'.repeat(40)}*`).test(`x/${'a'.repeat(5_000)}/t.yaml`)).toBe(true)
  })
})

describe('manifests: segment globs with classes', () => {
  // the RegExp form of one path segment: * ? and [..] never match "/"
  const segmentRegExp = (pattern: string) => {
    let source = ''
    for (let i = 0; i < pattern.length; i++) {
      const char = pattern[i]!
      if (char === '*') source += '[^/]*'
      else if (char === '?') source += '[^/]'
      else if (char === '[') {
        const close = pattern.indexOf(']', i + 2)
        let body = pattern.slice(i + 1, close)
        const negated = body.startsWith('!')
        if (negated) body = body.slice(1)
        source += `(?:(?!/)[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}])`
        i = close
      } else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    }
    return new RegExp(`^${source}$`)
  }
  it('agree with the RegExp semantics (6,000 pairs)', () => {
    const unit = fc.constantFrom('a', 'b', 'c', '.', '*', '?', '[ab]', '[!a]', '[a-c]', '[!b-c]', '/')
    const pattern = fc.string({unit, maxLength: 6})
    const text = fc.string({unit: fc.constantFrom('a', 'b', 'c', 'd', '.', '/'), maxLength: 8})
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(compileGlob(p, {separator: '/'}).test(t), `${p} ~ ${t}`).toBe(segmentRegExp(p).test(t))
      }),
      {numRuns: 6_000, seed: SEED},
    )
  })
})
