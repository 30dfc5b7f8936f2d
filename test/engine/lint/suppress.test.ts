import {describe, expect, it} from 'vitest'
import type {Finding} from '../../../src/engine/findings.js'
import {isSuppressed, parseSuppressions} from '../../../src/engine/lint/suppress.js'

const at = (line: number, ruleId = 'vswitch-cidr'): Finding => ({ruleId, severity: 'error', message: 'm', file: 'f.yaml', line, column: 1, path: ''})

describe('suppression comments', () => {
  const text = [
    'a: 1', // 1
    '# acknet-disable-next-line vswitch-cidr', // 2
    'b: 2', // 3
    'c: 3  # acknet-disable-line sg-open-admin-port, vswitch-overlap -- bastion', // 4
    '# acknet-disable-next-line route-quota', // 5
    '# acknet-disable-next-line pod-capacity', // 6
    '', // 7
    'd: 4', // 8
    '# acknet-disable-next-line', // 9
    'e: 5', // 10
  ].join('\n')
  const suppressions = parseSuppressions(text)

  it('next-line applies to the next content line only, for the named rule only', () => {
    expect(isSuppressed(at(3), suppressions)).toBe(true)
    expect(isSuppressed(at(3, 'vswitch-overlap'), suppressions)).toBe(false)
    expect(isSuppressed(at(1), suppressions)).toBe(false)
    expect(isSuppressed(at(4), suppressions)).toBe(false)
  })

  it('disable-line takes a comma list and ignores the -- reason', () => {
    expect(isSuppressed(at(4, 'sg-open-admin-port'), suppressions)).toBe(true)
    expect(isSuppressed(at(4, 'vswitch-overlap'), suppressions)).toBe(true)
    expect(isSuppressed(at(4, 'bastion'), suppressions)).toBe(false)
  })

  it('stacked directives skip comment and blank lines', () => {
    expect(isSuppressed(at(8, 'route-quota'), suppressions)).toBe(true)
    expect(isSuppressed(at(8, 'pod-capacity'), suppressions)).toBe(true)
    expect(isSuppressed(at(8, 'ip-address'), suppressions)).toBe(false)
  })

  it('a directive without rule ids silences every rule on its line', () => {
    expect(isSuppressed(at(10, 'anything'), suppressions)).toBe(true)
  })

  it('disable-file covers the whole file; CRLF line ends count lines the same', () => {
    const file = parseSuppressions('# acknet-disable-file netpol-selects-nothing\r\na: 1\r\n# acknet-disable-next-line ip-address\r\nb: 2\r\n')
    expect(isSuppressed(at(99, 'netpol-selects-nothing'), file)).toBe(true)
    expect(isSuppressed(at(4, 'ip-address'), file)).toBe(true)
    expect(isSuppressed(at(2, 'ip-address'), file)).toBe(false)
  })

  it('text without directives costs nothing and suppresses nothing', () => {
    const none = parseSuppressions('a: 1\n# just a comment\n')
    expect(none.lines.size).toBe(0)
    expect(isSuppressed(at(1), none)).toBe(false)
  })
})
