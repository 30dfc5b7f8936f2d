import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {globFiles} from '../../../src/engine/topology/glob.js'

describe('globFiles (manifests:)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acknet-glob-'))
  for (const file of ['a.yaml', 'b.yml', 'c.json', '.hidden.yaml', 'apps/web.yaml', 'apps/api/api.yaml', 'apps/api/notes.txt', 'x1.yaml', 'x2.yaml', 'x3.yaml']) {
    mkdirSync(join(dir, file, '..'), {recursive: true})
    writeFileSync(join(dir, file), '')
  }
  const glob = (pattern: string) => globFiles(pattern, dir).map((file) => relative(dir, file))

  it.each([
    ['*.yaml', ['a.yaml', 'x1.yaml', 'x2.yaml', 'x3.yaml']],
    ['*.y?ml', ['a.yaml', 'x1.yaml', 'x2.yaml', 'x3.yaml']],
    ['*.yml', ['b.yml']],
    ['**/*.yaml', ['a.yaml', 'apps/api/api.yaml', 'apps/web.yaml', 'x1.yaml', 'x2.yaml', 'x3.yaml']],
    ['apps/**', ['apps/api/api.yaml', 'apps/api/notes.txt', 'apps/web.yaml']],
    ['apps/**/*', ['apps/api/api.yaml', 'apps/api/notes.txt', 'apps/web.yaml']],
    ['x[13].yaml', ['x1.yaml', 'x3.yaml']],
    ['x[!13].yaml', ['x2.yaml']],
    ['.hidden.yaml', ['.hidden.yaml']],
    ['.*.yaml', ['.hidden.yaml']],
    ['apps/web.yaml', ['apps/web.yaml']],
    ['./apps//web.yaml', ['apps/web.yaml']],
    ['missing.yaml', []],
    ['nope/*.yaml', []],
  ])('%s', (pattern, expected) => {
    expect(glob(pattern)).toEqual(expected)
  })
})
