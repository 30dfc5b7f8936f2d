import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {closest, ignoreGlob, MAX_IGNORE_PATTERN_LENGTH, MAX_IGNORE_PATTERNS, mergeConfigs, parseLintConfig, parseRuleFlag} from '../../../src/engine/lint/config.js'
import {globToRegExp} from '../../helpers/glob-regexp.js'
import {RULE_IDS} from '../../../src/engine/lint/registry.js'
import {AcknetError} from '../../../src/errors.js'

describe('.acknetrc.yaml parsing', () => {
  it('reads rules, maxWarnings and ignore', () => {
    const config = parseLintConfig('rules:\n  sg-open-admin-port: off\n  pod-capacity: error\n  route-quota: warn\nmaxWarnings: 3\nignore: [gen/**]\n', '.acknetrc.yaml', RULE_IDS, '/p')
    expect([...config.rules]).toEqual([['sg-open-admin-port', 'off'], ['pod-capacity', 'error'], ['route-quota', 'warning']])
    expect(config.maxWarnings).toBe(3)
    expect(config.ignore.map(({base, pattern}) => ({base, pattern}))).toEqual([{base: '/p', pattern: 'gen/**'}])
    expect(config.ignore[0]!.glob.test('gen/x/y.yaml')).toBe(true)
  })

  it.each([
    ['rules:\n  pod-capacty: off\n', /\.acknetrc\.yaml:2:3: unknown rule id "pod-capacty"; did you mean pod-capacity\?/],
    ['rules:\n  pod-capacity: loud\n', /\.acknetrc\.yaml:2:3: rule pod-capacity: expected off \| info \| warning \| error, got "loud"/],
    ['rule:\n  pod-capacity: off\n', /\.acknetrc\.yaml:1:1: unknown key "rule" .*did you mean rules\?/],
    ['maxWarnings: -1\n', /maxWarnings/],
    ['rules: [a\n', /invalid YAML in lint config/],
  ])('refuses %j with a located exit-2 error', (text, message) => {
    let error: unknown
    try {
      parseLintConfig(text, '.acknetrc.yaml', RULE_IDS, '/p')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(AcknetError)
    expect((error as AcknetError).exitCode).toBe(2)
    expect((error as AcknetError).located).toMatch(message)
  })

  it('the shipped example config parses', () => {
    const text = readFileSync(new URL('../../../fixtures/acknetrc.example.yaml', import.meta.url), 'utf8')
    const config = parseLintConfig(text, 'fixtures/acknetrc.example.yaml', RULE_IDS, '/repo')
    expect(config.rules.get('sg-open-admin-port')).toBe('off')
    expect(config.maxWarnings).toBe(10)
    expect(config.ignore.map((entry) => entry.pattern)).toEqual(['generated/**', '**/draft-*.yaml'])
  })

  it('later configs win rule by rule', () => {
    const a = parseLintConfig('rules: {pod-capacity: off, route-quota: warning}\n', 'a', RULE_IDS, '/')
    const b = parseLintConfig('rules: {pod-capacity: error}\n', 'b', RULE_IDS, '/')
    expect(Object.fromEntries(mergeConfigs(a, b).rules)).toEqual({'pod-capacity': 'error', 'route-quota': 'warning'})
  })

  it('--rule ID=SETTING', () => {
    expect(parseRuleFlag('sg-open-admin-port=off', RULE_IDS)).toEqual(['sg-open-admin-port', 'off'])
    expect(() => parseRuleFlag('sg-open-admin-port', RULE_IDS)).toThrow(/expected ID=off\|warning\|error/)
    expect(() => parseRuleFlag('nope=off', RULE_IDS)).toThrow(/unknown rule id "nope"/)
  })

  it('closest only suggests plausible typos', () => {
    expect(closest('vswitch-overlaps', RULE_IDS)).toBe('vswitch-overlap')
    expect(closest('completely-different-thing', RULE_IDS)).toBeUndefined()
  })
})

describe('ignore globs', () => {
  it.each([
    ['gen/**', 'gen/a.yaml', true],
    ['gen/**', 'gen/x/y/a.yaml', true],
    ['gen', 'gen/a.yaml', true],
    ['gen/**', 'other/gen/a.yaml', false],
    ['**/draft-*.yaml', 'a/b/draft-1.yaml', true],
    ['**/draft-*.yaml', 'draft-1.yaml', true],
    ['*.yaml', 'a/b.yaml', true],
    ['*.yaml', 'b.yml', false],
    ['a?.yaml', 'ab.yaml', true],
  ])('%s matches %s: %s', (pattern, file, matches) => {
    expect(globToRegExp(pattern).test(file)).toBe(matches)
    expect(ignoreGlob(pattern).test(file)).toBe(matches)
  })

  it('refuses an invalid class, too many globs and overlong globs with a located exit-2 error (issue #15)', () => {
    const parse = (text: string) => () => parseLintConfig(text, '.acknetrc.yaml', RULE_IDS, '/p')
    expect(parse('ignore: ["gen/[z-a]"]\n')).toThrow(/^ignore: invalid glob "gen\/\[z-a\]": the range z-a is reversed/)
    expect(parse('ignore: ["gen/[abc"]\n')).toThrow(/never closed/)
    expect(parse(`ignore: [${Array.from({length: MAX_IGNORE_PATTERNS + 1}, (_, i) => `g${i}`).join(', ')}]\n`)).toThrow(/lists 201 globs; at most 200/)
    expect(parse(`ignore: [${Array.from({length: MAX_IGNORE_PATTERNS}, (_, i) => `g${i}`).join(', ')}]\n`)).not.toThrow()
    expect(parse(`ignore: ["${'a'.repeat(MAX_IGNORE_PATTERN_LENGTH + 1)}"]\n`)).toThrow(/at most 500 characters/)
    try {
      parse('rules: {}\nignore: ["[z-a]"]\n')()
    } catch (error) {
      expect((error as AcknetError).position).toEqual({file: '.acknetrc.yaml', line: 2, column: 1})
    }
  })
})
