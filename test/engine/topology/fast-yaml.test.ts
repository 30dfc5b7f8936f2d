import {readFileSync} from 'node:fs'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {fixtureAndCorpusYaml} from '../../helpers/yaml-files.js'
// @ts-expect-error plain ESM JavaScript without type declarations (bench/ is not compiled)
import {generate, toYaml} from '../../../bench/gen-xl.js'
import {READ_DECODED_TEXT, readFastYaml, readFastYamlOneByte} from '../../../src/engine/topology/fast-yaml.js'
import {oneByteTextOf} from '../../../src/engine/topology/one-byte-text.js'
import {decodeUtf8, parseYaml, parseYamlFile} from '../../../src/engine/topology/yaml.js'

// The fast reader is a shortcut for js-yaml (perf, fast-yaml.ts): whenever it answers, js-yaml
// (with the schema yaml.ts uses) must load the same text without error and return an equal value.
const MERGE = (yaml as unknown as {types: {merge: yaml.Type}}).types.merge
const SCHEMA = yaml.CORE_SCHEMA.extend({implicit: [MERGE]})
const IMPLICIT = (SCHEMA as unknown as {compiledImplicit: Array<{resolve(d: string): boolean; construct(d: string): unknown}>}).compiledImplicit

/** js-yaml's value and its node count (what yaml.ts caps at MAX_PARSE_NODES). */
function jsYaml(text: string): {ok: true; value: unknown; nodes: number} | {ok: false} {
  let nodes = 0
  try {
    const value = yaml.load(text, {schema: SCHEMA, listener: (event) => void (event === 'close' && nodes++)})
    return {ok: true, value, nodes}
  } catch {
    return {ok: false}
  }
}

/** True when the fast reader answered (and then agrees with js-yaml). */
function agrees(text: string): boolean {
  const fast = readFastYaml(text, IMPLICIT, 1_000_000)
  if (fast === undefined) return false
  const reference = jsYaml(text)
  if (!reference.ok) throw new Error(`fast reader accepted what js-yaml refuses:\n${text}`)
  expect(fast).toStrictEqual(reference.value)
  // it counts at least the nodes js-yaml counts: a file over the node cap is never read here
  if (reference.nodes > 1) expect(readFastYaml(text, IMPLICIT, reference.nodes - 1)).toBeUndefined()
  return true
}


/** mulberry32: a small seeded PRNG, so a failing edit can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const xlText = toYaml(...(Object.values(generate({scale: 0.05})) as [unknown, unknown])) as string

describe('readFastYaml (the plain-subset reader)', () => {
  it('reads the generated xl topology and the production fixture exactly as js-yaml does', () => {
    expect(agrees(xlText)).toBe(true)
    expect(agrees(readFileSync('fixtures/production.yaml', 'utf8'))).toBe(true)
  })

  it('never answers differently from js-yaml on any fixture or corpus file', () => {
    let answered = 0
    const files = fixtureAndCorpusYaml()
    for (const file of files) {
      let text = readFileSync(file, 'utf8')
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      if (agrees(text)) answered++
    }
    expect(files.length).toBeGreaterThan(40)
    expect(answered).toBeGreaterThan(10)
  })

  it('resolves scalars as the schema does and leaves the rest of YAML to js-yaml', () => {
    const read = (text: string) => {
      const value = readFastYaml(text, IMPLICIT, 1000)
      if (value !== undefined) agrees(text)
      return value
    }
    expect(read('a: 8080\nb: true\nc: ~\nd: 0x1F\ne: 1e3\nf: -1\ng: .inf\nh: "8080"\ni: \'it\'\'s\'\nj: 10.0.0.0/8\nk: nat:x\nl:\nm: a # c\n')).toStrictEqual({
      a: 8080, b: true, c: null, d: 31, e: 1000, f: -1, g: Number.POSITIVE_INFINITY, h: '8080', i: "it's", j: '10.0.0.0/8', k: 'nat:x', l: null, m: 'a',
    })
    // every spelling of null and the booleans, near misses, and numbers beside a `/`
    expect(read('a: [null, Null, NULL, nULL, nulls, true, True, TRUE, tRUE, false, False, FALSE, fALSE, falsy, tcp, n, ~, 1/2, -1/2, .5/1, 0x1F/2, ~/1]\n')).toStrictEqual({
      a: [null, null, null, 'nULL', 'nulls', true, true, true, 'tRUE', false, false, false, 'fALSE', 'falsy', 'tcp', 'n', null, '1/2', '-1/2', '.5/1', '0x1F/2', '~/1'],
    })
    expect(read('a:\n- 1\n- {x: [1, "2", {y: z}], w: {}}\n-\n  - q\nb: []\n')).toStrictEqual({a: [1, {x: [1, '2', {y: 'z'}], w: {}}, ['q']], b: []})
    expect(read('a:\n  - {x: 1,\n     y: [2, 3]}  # c\n-\nb: [4, # d\n  5]\n')).toBeUndefined() // `-` at the key's indent after a nested list
    expect(read('a:\n  - {x: 1,\n     y: [2, 3]}  # c\n  -\nb: [4, # d\n  5]\n')).toStrictEqual({a: [{x: 1, y: [2, 3]}, null], b: [4, 5]})
    expect(read('list:\n  - name: a\n    rules:\n    - x\n  - name: b\n')).toStrictEqual({list: [{name: 'a', rules: ['x']}, {name: 'b'}]})
    // not sure: each of these is js-yaml's to read (or to refuse)
    for (const text of ['a: &x 1\nb: *x\n', 'a: 1\na: 2\n', '<<: {a: 1}\n', 'a: |\n  x\n', 'a: b\n  c\n', 'a: "x\\ty"\n', '---\na: 1\n', 'a:\tb\n', 'a: 1\r\n', '__proto__: 1\n', 'a: {b: 1,}\n', 'a: [b,\nc]\n', 'a: [b\n  , c]\n', 'a: [b\n  c]\n', '1: a\n', 'a: !!str 1\n', '- a\n- b\n'.replace('- a', '  - a'), 'a: b: c\n', 'a:b\n', 'a : b\n', '? a\n: b\n', '', '# only\n', 'a: 1\n b: 2\n', 'a:\n  b: 1\n c: 2\n']) {
      expect(read(text), JSON.stringify(text)).toBeUndefined()
    }
  })

  it('reads a key it has seen before as js-yaml does wherever it appears again', () => {
    // keys learnt in one context and met again in others: as a prefix, before `:x`, across block and flow
    const texts = [
      'c: {ab: 1}\nd: {ab:x: 2}\ne: {ab: 3}\n',
      'ab: 1\nn:\n  ab:x: 2\n  ab:\n    - 3\n',
      'port: 1\nports: 2\nx: {port: 3, ports: 4, portsx: 5}\n',
      'k,v: 1\nx: {k,v: 2}\n',
      'a b: 1\nx: {a b: 2, a b c: 3}\na b c: 4\n',
      'x: {a: 1}\ny: [{a: 2}, {a:: 3}]\n',
      'true: 1\n',
      'x: {null: 1}\ny: {null: 2}\n',
    ]
    let answered = 0
    for (const text of texts) if (agrees(text)) answered++
    expect(answered).toBeGreaterThan(3)
    expect(readFastYaml('c: {ab: 1}\nd: {ab:x: 2}\n', IMPLICIT, 100)).toStrictEqual({c: {ab: 1}, d: {'ab:x': 2}})
    expect(readFastYaml('ab: 1\nn:\n  ab:x: 2\n', IMPLICIT, 100)).toStrictEqual({ab: 1, n: {'ab:x': 2}})
    expect(readFastYaml('port: 1\nports: 2\nx: {port: 3, ports: 4, portsx: 5}\n', IMPLICIT, 100)).toStrictEqual({port: 1, ports: 2, x: {port: 3, ports: 4, portsx: 5}})
  })

  it('reads a value it has seen before as js-yaml does wherever it appears again', () => {
    const cases: Array<[string, unknown]> = [
      ['x: {a: tcp, b: tcp}\ny: [tcp, tcp x, tcpx, tcp]\nz: tcp\nw: tcp x\n', {x: {a: 'tcp', b: 'tcp'}, y: ['tcp', 'tcp x', 'tcpx', 'tcp'], z: 'tcp', w: 'tcp x'}],
      ['a: 8080\nb: 8080x\nc:\n  - 8080\n  - 8080 # c\n  - 8080/1\nd: [8080, 8080]\n', {a: 8080, b: '8080x', c: [8080, 8080, '8080/1'], d: [8080, 8080]}],
      ['x: [true, true, truex, true]\ny: true\nz: truex\n', {x: [true, true, 'truex', true], y: true, z: 'truex'}],
      ['x: [a:b, a, a:b]\ny: a:b\n', {x: ['a:b', 'a', 'a:b'], y: 'a:b'}],
    ]
    for (const [text, value] of cases) {
      expect(readFastYaml(text, IMPLICIT, 1000), JSON.stringify(text)).toStrictEqual(value)
      expect(agrees(text)).toBe(true)
    }
  })

  it('over thousands of random edits, answers only what js-yaml reads the same way', () => {
    const samples = [readFileSync('fixtures/production.yaml', 'utf8'), xlText.slice(0, 6000), 'a:\n- {x: 1, y: [a, b]}\n- name: n\n  v: "q"\nb: c # d\n']
    const tokens = [' ', '  ', '\n', '-', '- ', ':', ': ', '#', ' #', '{', '}', '[', ']', ',', '"', "'", 'a', '1', 'true', '~', '0x1', '.5', '<<', '&a', '*a', '!!str ', '|', '>', '?', '%', '@', '\t', '\\', 'null', '0o7', '-.inf', '1_0', '+1']
    const random = prng(18)
    let answered = 0
    let edits = 0
    for (const sample of samples) {
      for (let n = 0; n < 1200; n++) {
        let text = sample
        const count = 1 + Math.floor(random() * 3)
        for (let k = 0; k < count; k++) {
          const at = Math.floor(random() * text.length)
          const kind = random()
          if (kind < 0.5) text = text.slice(0, at) + tokens[Math.floor(random() * tokens.length)] + text.slice(at)
          else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3))
          else {
            // re-indent a line by ±1 or ±2 spaces
            const start = text.lastIndexOf('\n', at) + 1
            const delta = [-2, -1, 1, 2][Math.floor(random() * 4)]!
            text = delta > 0 ? text.slice(0, start) + ' '.repeat(delta) + text.slice(start) : text.slice(0, start) + text.slice(start).replace(new RegExp(`^ {1,${-delta}}`), '')
          }
        }
        edits++
        if (agrees(text)) answered++
      }
    }
    expect(edits).toBe(3600)
    expect(answered).toBeGreaterThan(500) // many edits stay in the subset: the comparison is exercised
  })

  it('parseYaml gives the same document and positions through the fast reader', () => {
    const text = readFileSync('fixtures/production.yaml', 'utf8')
    const lazy = parseYaml('p.yaml', text)
    const eager = parseYaml('p.yaml', text, {positions: 'eager'}) // js-yaml with the collector
    expect(lazy.documents).toStrictEqual(eager.documents)
    for (const path of [['vpcs', 0, 'cidr'], ['clusters', 0, 'name'], ['expectations', 1]] as const) {
      expect(lazy.positions.locate([...path], 'value')).toEqual(eager.positions.locate([...path], 'value'))
    }
  })
})

describe('reading a file one byte per character (oneByteTextOf, parseYamlFile)', () => {
  const utf8 = (text: string) => Buffer.from(text, 'utf8')
  /** oneByteTextOf's text and exactness, and that decoded() gives the text back. */
  const oneByte = (text: string) => {
    const read = oneByteTextOf(utf8(text))
    if (read) expect(read.decoded()).toBe(text)
    return read && {text: read.text, exact: read.exact}
  }

  it('keeps ASCII and Latin-1 text exact, puts a stand-in for each UTF-16 unit above U+00FF in comments, and declines the rest', () => {
    expect(oneByte('a: b # c\n')).toStrictEqual({text: 'a: b # c\n', exact: true})
    expect(oneByte('a: café\n')).toStrictEqual({text: 'a: café\n', exact: true})
    expect(oneByte('# a — b\na: é # 中文\n')).toStrictEqual({text: '# a \x01 b\na: é # \x01\x01\n', exact: false})
    expect(oneByte('a: 1 # 😀!\n')).toStrictEqual({text: 'a: 1 # \x01\x01!\n', exact: false}) // a surrogate pair: two units
    // runs found by halving the bytes: one at each end of a long text, and one across a halving boundary
    const long = `# ${'—'.repeat(3)}\n${'a: 1\n'.repeat(5000)}# é—é\n${'b: 2\n'.repeat(5000)}# 中\n`
    expect(oneByte(long)?.text).toBe(long.replace(/[^\x00-\xff]/g, '\x01'))
    for (const declined of ['a: b—c\n', 'a: "x # 中"\n', "a: 'x' # y\nb: 'q—'\n", 'a: b#中\n', 'a: 1 # \x01 —\n', 'a: 1 # \uFFFE\n', '# é\n'.repeat(300)]) {
      expect(oneByte(declined), JSON.stringify(declined.slice(0, 40))).toBeUndefined()
    }
  })

  it('never lets a stand-in into a key or value', () => {
    const withStandIns = (text: string) => ({text, exact: false, decoded: () => text})
    for (const text of ['a: \x01\n', 'a: x\x01y\n', '\x01: 1\n', 'a: "x\x01"\n', "a: ['\x01']\n", 'a: {b: c\x01}\n', 'a:\n  - x\x01\n']) {
      expect(readFastYamlOneByte(withStandIns(text), IMPLICIT, 1000), JSON.stringify(text)).toBe(READ_DECODED_TEXT)
    }
    expect(readFastYamlOneByte(withStandIns('a: 1 # \x01\n'), IMPLICIT, 1000)).toStrictEqual({a: 1})
  })

  it('over thousands of edits with wide characters, answers what js-yaml reads from the decoded text, at the same positions', () => {
    const samples = [readFileSync('fixtures/production.yaml', 'utf8'), xlText.slice(0, 5000)]
    const wide = ['—', '中文', '😀', 'é', '\uFEFF', '§', ' # —', ' # 中', '"', "'", '#', ' ', '\n']
    const random = prng(27)
    let oneByteAnswers = 0
    let standIns = 0
    for (const sample of samples) {
      for (let n = 0; n < 600; n++) {
        let text = sample
        for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
          const at = Math.floor(random() * text.length)
          text = text.slice(0, at) + wide[Math.floor(random() * wide.length)] + text.slice(at)
        }
        if (random() < 0.1) text = '\uFEFF' + text
        const decoded = decodeUtf8(utf8(text), 'f.yaml').text
        // what the one-byte path does with these bytes (on a copy: it consumes them)
        const copy = utf8(text)
        const read = oneByteTextOf(decoded.length < text.length ? copy.subarray(3) : copy)
        const answered = read !== undefined && ![undefined, READ_DECODED_TEXT].includes(readFastYamlOneByte(read, IMPLICIT, 1_500_000) as never)
        const parsed = parseYamlFile('f.yaml', utf8(text))
        const reference = parseYaml('f.yaml', decoded, {positions: 'eager'})
        if ('finding' in parsed) throw new Error('valid UTF-8 refused')
        expect(parsed.documents).toStrictEqual(reference.documents)
        expect(parsed.findings.map((f) => f.ruleId)).toStrictEqual(reference.findings.map((f) => f.ruleId))
        if (!answered) continue
        oneByteAnswers++
        if (!read.exact) standIns++
        for (const path of [['clusters', 0, 'name'], ['vpcs', 0, 'cidr'], ['expectations', 0]] as const) {
          expect(parsed.positions.locate([...path], 'value')).toEqual(reference.positions.locate([...path], 'value'))
        }
      }
    }
    expect(oneByteAnswers).toBeGreaterThan(100)
    expect(standIns).toBeGreaterThan(50) // the stand-in path is exercised, not only exact texts
  })

  it('reports bytes that are not UTF-8 as decodeUtf8 does, wherever they are', () => {
    const valid = Buffer.from('# — a comment\na: 1 # é\n', 'utf8')
    const bad = [[0xff], [0xc3], [0xe2, 0x80], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]
    let checked = 0
    for (const sequence of bad) {
      for (const at of [0, 2, valid.length - 1, valid.length]) {
        const bytes = Buffer.concat([valid.subarray(0, at), Buffer.from(sequence), valid.subarray(at)])
        expect(parseYamlFile('bad.yaml', Buffer.from(bytes)), `${sequence} at ${at}`).toStrictEqual({finding: decodeUtf8(Buffer.from(bytes), 'bad.yaml').finding})
        checked++
      }
    }
    expect(checked).toBe(24)
  })
})
