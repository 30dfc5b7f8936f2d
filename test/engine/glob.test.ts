import {describe, expect, it} from 'vitest'
import {compileGlob, GlobSyntaxError, MAX_GLOB_LENGTH} from '../../src/engine/glob.js'

/** The one glob matcher (issue #15): syntax, errors and the adversarial patterns it exists for. */
describe('compileGlob', () => {
  const matches = (pattern: string, text: string, options = {separator: '/'}) => compileGlob(pattern, options).test(text)

  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'dir/a.yaml', false],
    ['?.yaml', 'a.yaml', true],
    ['?.yaml', '/.yaml', false],
    ['x[13].yaml', 'x3.yaml', true],
    ['x[13].yaml', 'x2.yaml', false],
    ['x[!13].yaml', 'x2.yaml', true],
    ['x[^13].yaml', 'x1.yaml', false],
    ['x[a-c]', 'xb', true],
    ['x[a-c]', 'xd', false],
    ['x[!a-c]', 'x/', false],
    ['x[]]', 'x]', true],
    ['x[[]', 'x[', true],
    ['x\\*', 'x*', true],
    ['x\\*', 'xy', false],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(matches(pattern, text)).toBe(expected)
  })

  it('globstar crosses separators only when asked', () => {
    expect(matches('a/**/b', 'a/x/y/b')).toBe(false)
    expect(compileGlob('a/**/b', {separator: '/', globstar: true}).test('a/x/y/b')).toBe(true)
    expect(compileGlob('a/**/b', {separator: '/', globstar: true}).test('a/b')).toBe(true)
  })

  it('starOnly leaves ? and [ literal (url: selectors)', () => {
    const glob = compileGlob('url:https://x/*?q=[1]', {separator: '/', starOnly: true})
    expect(glob.test('url:https://x/path?q=[1]')).toBe(true)
    expect(glob.test('url:https://x/pathXq=1')).toBe(false)
  })

  it('case-insensitive folding', () => {
    expect(compileGlob('ECS.G7.*', {caseInsensitive: true}).test('ecs.g7.xlarge')).toBe(true)
  })

  it.each([
    ['[z-a]', /range z-a is reversed/],
    ['k8s/[abc', /"\[" at character 5 is never closed/],
    ['[!', /never closed/],
    ['x'.repeat(MAX_GLOB_LENGTH + 1), /at most 1024/],
  ])('refuses %s with a clear message', (pattern, message) => {
    expect(() => compileGlob(pattern, {separator: '/'})).toThrow(GlobSyntaxError)
    expect(() => compileGlob(pattern, {separator: '/'})).toThrow(message)
  })

  it('answers backtracking patterns against long names (a RegExp took minutes)', () => {
    const name = 'a'.repeat(20_000)
    expect(matches(`${'*a'.repeat(40)}*c`, name)).toBe(false)
    expect(matches(`${'*a'.repeat(40)}*`, name)).toBe(true)
    expect(matches(`${'*[a]'.repeat(40)}*[!a]`, name)).toBe(false)
  })
})
