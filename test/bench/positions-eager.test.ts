import {describe, expect, it} from 'vitest'
// @ts-expect-error plain ESM JavaScript without type declarations (bench/ is not compiled)
import {generate, toYaml} from '../../bench/gen-xl.js'
import {parseYaml} from '../../src/engine/topology/yaml.js'

// lint builds the position tree during its one parse (positions: 'eager', a perf change, see
// docs/performance.md); every other command builds it on first use. Both must point at the
// same line and column.
describe('eager and lazy position trees', () => {
  it('locate every probed path identically on the xl topology', () => {
    const {topology, summary} = generate({scale: 0.1})
    const text = toYaml(topology, summary)
    const eager = parseYaml('xl.yaml', text, {positions: 'eager'})
    const lazy = parseYaml('xl.yaml', text)
    expect(eager.documents).toEqual(lazy.documents)
    const paths: Array<Array<string | number>> = [[], ['metadata', 'name'], ['vpcs', 0, 'vswitches', 4, 'cidr'], ['securityGroups', 6, 'rules', 0, 'ports'],
      ['instances', 10, 'listens', 0, 'port'], ['clusters', 0, 'services', 150, 'spec', 'selector'], ['clusters', 0, 'networkPolicies', 40, 'spec', 'ingress', 0, 'from', 2, 'ipBlock', 'except', 0],
      ['expectations', 99, 'expect'], ['clusters', 0, 'workloads', 3, 'missing-field']]
    for (const path of paths) {
      for (const what of ['key', 'value'] as const) expect(eager.positions.locate(path, what), `${path.join('.')} ${what}`).toEqual(lazy.positions.locate(path, what))
    }
    // and they are real positions: the expectation's `expect:` value sits on its own line
    const at = eager.positions.locate(['expectations', 99, 'expect'], 'value')
    const line = text.split('\n')[at.line - 1]!
    expect(line.slice(at.column - 1)).toMatch(/^(allowed|denied)/)
  })
})
