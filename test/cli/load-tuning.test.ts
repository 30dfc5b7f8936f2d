import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {DEFAULT_FLAGS, LOAD_FLAGS} from '../../src/cli/load-tuning.js'

// load-tuning.ts changes two V8 flags while a large file loads and sets them back to what it
// believes are Node's defaults: if this Node's defaults differ, it would leave them changed.
describe('the V8 flags tuned while a large topology loads', () => {
  const options = execFileSync(process.execPath, ['--v8-options'], {encoding: 'utf8'})
  const defaultOf = (name: string) => new RegExp(`default: (--${name}=[^\\s]+)`).exec(options.slice(options.indexOf(`  --${name} `)))?.[1]

  it('are set back to this Node’s own defaults', () => {
    for (const flag of DEFAULT_FLAGS) expect(defaultOf(flag.slice(2, flag.indexOf('=')))).toBe(flag)
  })

  it('are the same flags while loading and after', () => {
    expect(LOAD_FLAGS.map((flag) => flag.split('=')[0])).toEqual(DEFAULT_FLAGS.map((flag) => flag.split('=')[0]))
    expect(LOAD_FLAGS).not.toEqual(DEFAULT_FLAGS)
  })
})
