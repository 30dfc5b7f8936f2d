import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {fixtureAndCorpusYaml} from '../../helpers/yaml-files.js'
// @ts-expect-error plain ESM JavaScript without type declarations (bench/ is not compiled)
import {generate, toYaml} from '../../../bench/gen-xl.js'
import {type PathSegment, type PosNode, Positions} from '../../../src/engine/topology/positions.js'
import {parseYaml} from '../../../src/engine/topology/yaml.js'
import yaml from 'js-yaml'

// PositionCollector keeps nodes in flat arrays (a perf change, docs/performance.md). The oracle
// here is the object tree it replaced: one node per listener event, single-child self-nesting
// collapsed at close. Both must locate every key and value of real files identically.
function referenceTree(text: string): PosNode | undefined {
  const stack: PosNode[] = [{start: 0, result: undefined, children: []}]
  const MERGE = (yaml as unknown as {types: {merge: yaml.Type}}).types.merge
  yaml.load(text, {schema: yaml.CORE_SCHEMA.extend({implicit: [MERGE]}), listener: (event: 'open' | 'close', state: {position: number; result: unknown}) => {
    if (event === 'open') {
      stack.push({start: state.position, result: undefined})
      return
    }
    const node = stack.pop()!
    node.result = state.result
    const children = node.children
    const collapsed = children && children.length === 1 && children[0]!.result === node.result ? children[0]! : node
    if (collapsed !== node) collapsed.start = node.start
    ;(stack[stack.length - 1]!.children ??= []).push(collapsed)
  }} as yaml.LoadOptions)
  return stack[0]!.children?.[0]
}

function everyPath(value: unknown, path: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(path)
  if (Array.isArray(value)) value.forEach((item, i) => everyPath(item, [...path, i], out))
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) everyPath(item, [...path, key], out)
  return out
}


describe('flat position collector', () => {
  const {topology, summary} = generate({scale: 0.05})
  const inputs: Array<[string, string]> = [['xl-0.05.yaml', toYaml(topology, summary)]]
  for (const file of fixtureAndCorpusYaml()) inputs.push([file, readFileSync(file, 'utf8')])

  it('locates every key and value as the object tree did', () => {
    let compared = 0
    for (const [file, text] of inputs) {
      const parsed = parseYaml(file, text, {positions: 'eager'})
      if (parsed.documents.length !== 1 || text.charCodeAt(0) === 0xfeff) continue
      const reference = new Positions(file, text, referenceTree(text))
      const paths = everyPath(parsed.documents[0])
      // a path past the document (a missing field) resolves to the deepest node that exists
      paths.push(['clusters', 0, 'no-such-field', 3], ['vpcs', 99])
      for (const path of paths) {
        for (const what of ['key', 'value'] as const) expect(parsed.positions.locate(path, what), `${file} ${path.join('.')} ${what}`).toEqual(reference.locate(path, what))
        compared++
      }
    }
    expect(compared).toBeGreaterThan(5000)
  })
})
