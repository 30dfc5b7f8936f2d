import {describe, expect, it} from 'vitest'
import type {MatrixEntry} from '../../src/engine/reach/matrix.js'
import {csvCell} from '../../src/render/escape.js'
import {MATRIX_CSV_HEADER, matrixCsvLine, matrixJsonChunks} from '../../src/render/reach/matrix.js'

/**
 * The CSV row and JSON cell of the matrix are built from cached, narrowed pieces (issue #16); they
 * must stay what escaping each field gives, for names beyond ASCII and Latin-1 too.
 */
const NAMES = ['pod:web/api', 'pod:wéb/café', 'pod:web/ラベル', 'instance:db—1', 'instance:=cmd', 'instance:a,"b"', 'pod:x/\u202eevil']

function entry(from: string, to: string, message: string, error?: string): MatrixEntry {
  const base = {from: {ref: from, kind: 'pod', address: '10.0.0.1'}, to: {ref: to, kind: 'instance', address: null}, protocol: 'tcp', port: error ? null : 5432, family: 4 as const}
  return error ? {...base, reason: null, error} : {...base, verdict: 'denied', reason: {code: 'SG_INGRESS_DENIED', object: `securityGroup/${to}`, message}}
}

describe('matrix CSV and JSON rows', () => {
  it('equal the fields escaped one by one, whatever the characters of the names', () => {
    for (const from of NAMES) {
      for (const to of NAMES) {
        for (const row of [entry(from, to, `no rule in group ${to} accepts tcp/5432 from ${from}`), entry(from, to, '', `${to} declares several tcp ports (80, 443): add --port N`)]) {
          // twice: the second row of a name comes from the cache
          for (let i = 0; i < 2; i++) {
            const expected = [row.from.ref, row.to.ref, row.protocol, row.port ?? '', row.verdict ?? 'error', row.reason?.code ?? '', row.reason?.object ?? '', row.error ?? row.reason?.message ?? ''].map(csvCell).join(',') + ',4'
            expect(matrixCsvLine(row)).toBe(expected)
          }
          expect([...matrixJsonChunks([row])].join('')).toBe(JSON.stringify({results: [row]}, null, 2) + '\n')
        }
      }
    }
    expect(MATRIX_CSV_HEADER.split(',')).toHaveLength(9)
  })
})
