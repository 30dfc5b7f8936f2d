import {readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

const DIR = fileURLToPath(new URL('../../../src/engine/cidr/', import.meta.url))

describe('src/engine/cidr is a leaf (BRIEF: it knows no platform rules)', () => {
  it('imports only its own modules and the error class', () => {
    const outside: string[] = []
    for (const file of readdirSync(DIR).filter((name) => name.endsWith('.ts'))) {
      for (const [, target] of readFileSync(DIR + file, 'utf8').matchAll(/from '([^']+)'/g)) {
        if (!target!.startsWith('./') && target !== '../../errors.js') outside.push(`${file} → ${target}`)
      }
    }
    expect(outside).toEqual([])
  })
})
