import fc from 'fast-check'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {githubData as escapeData, githubProperty as escapeProperty} from '../../../src/render/escape.js'
import {attr, text} from '../../../src/render/lint/junit.js'

describe('GitHub workflow command escaping (as @actions/core does it)', () => {
  it('escapes % CR LF in data, plus : and , in properties', () => {
    expect(escapeData('50% of a\r\nb')).toBe('50%25 of a%0D%0Ab')
    expect(escapeProperty('dir,with:odd%name\n')).toBe('dir%2Cwith%3Aodd%25name%0A')
  })

  it('round-trips any string without other control characters (the runner unescapes in reverse order)', () => {
    const unescapeProperty = (value: string) => value.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
    fc.assert(
      fc.property(fc.string({unit: fc.oneof(fc.constantFrom('%', '\r', '\n', ',', ':', '%0A', '%25'), fc.string({minLength: 1, maxLength: 1}).filter((char) => !/[\u0000-\u001f\u007f-\u009f]/.test(char)))}), (value) => {
        const escaped = escapeProperty(value)
        expect(escaped).not.toMatch(/[\r\n,:]/)
        expect(unescapeProperty(escaped)).toBe(value)
      }),
      {numRuns: 1000},
    )
  })
})

describe('JUnit XML escaping', () => {
  it('escapes markup and quotes', () => {
    expect(text('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d')
    expect(attr('say "hi" & \'bye\'\n')).toBe('say &quot;hi&quot; &amp; &apos;bye&apos;&#10;')
  })

  it('always yields well-formed XML whose value reads back (invalid XML characters replaced)', () => {
    const parser = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, processEntities: true, htmlEntities: false, parseTagValue: false, parseAttributeValue: false})
    const invalid = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
    fc.assert(
      fc.property(fc.string({unit: 'binary'}), (value) => {
        const xml = `<a b="${attr(value)}">${text(value)}</a>`
        expect(XMLValidator.validate(xml)).toBe(true)
        const parsed = parser.parse(xml)
        const decode = (v: unknown) => String(v).replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
        expect(decode(parsed.a.b)).toBe(value.replace(invalid, '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))
      }),
      {numRuns: 1000},
    )
  })
})
