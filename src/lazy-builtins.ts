import {createRequire} from 'node:module'

/**
 * perf (issue #18): Node modules that only some runs need, loaded on first use. An `import` of
 * node:crypto costs ≈ 5 ms of start-up (its internals are not in Node's start-up snapshot);
 * `lint` and `reach` on the production fixture need neither it nor node:zlib unless they write
 * SARIF, a file, or use the compiled-model cache (hashes and its records' CRC-32).
 */
let load: NodeJS.Require | undefined
let crypto: typeof import('node:crypto') | undefined
let zlib: typeof import('node:zlib') | undefined

const builtin = <T>(name: string): T => {
  load ??= createRequire(import.meta.url)
  return load(name) as T
}

export function nodeCrypto(): typeof import('node:crypto') {
  crypto ??= builtin<typeof import('node:crypto')>('node:crypto')
  return crypto
}

export function nodeZlib(): typeof import('node:zlib') {
  zlib ??= builtin<typeof import('node:zlib')>('node:zlib')
  return zlib
}
