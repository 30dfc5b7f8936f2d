import {createRequire} from 'node:module'

/**
 * perf (issue #18): Node modules that only some runs need, loaded on first use. An `import` of
 * node:crypto costs ≈ 5 ms of start-up and node:v8 ≈ 3 ms (their internals are not in Node's
 * start-up snapshot); `lint` and `reach` on the production fixture need neither unless they write
 * SARIF, a file, or the compiled-model cache.
 */
let load: NodeJS.Require | undefined
let crypto: typeof import('node:crypto') | undefined
let v8: typeof import('node:v8') | undefined

const builtin = <T>(name: string): T => {
  load ??= createRequire(import.meta.url)
  return load(name) as T
}

export function nodeCrypto(): typeof import('node:crypto') {
  crypto ??= builtin<typeof import('node:crypto')>('node:crypto')
  return crypto
}

export function nodeV8(): typeof import('node:v8') {
  v8 ??= builtin<typeof import('node:v8')>('node:v8')
  return v8
}
