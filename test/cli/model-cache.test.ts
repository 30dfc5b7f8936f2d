import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {CorruptCacheEntry} from '../../src/cli/cache-records.js'
import {cacheDirectory, DiskModelCache, modelCacheFor} from '../../src/cli/model-cache.js'
import {ReachContext} from '../../src/engine/reach/context.js'
import {reach} from '../../src/engine/reach/reach.js'
import {loadModel, loadModelOrThrow, type Model} from '../../src/engine/topology/index.js'
import {ROOT, runCli} from '../helpers/cli.js'

/**
 * The compiled-model cache (issue #18): a stored model answers exactly as a fresh load, and any
 * change to what it was built from — the topology, a manifest, the set of manifest files, the
 * build — or damage to the entry is a miss, never a wrong or failed answer.
 */
let work: string
let topology: string
let cacheDir: string

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'acknet-cache-'))
  cpSync(join(ROOT, 'fixtures/production.yaml'), join(work, 'production.yaml'))
  cpSync(join(ROOT, 'fixtures/k8s'), join(work, 'k8s'), {recursive: true})
  topology = join(work, 'production.yaml')
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

let counter = 0
function freshCache(build = 'test-build'): DiskModelCache {
  cacheDir = join(work, `cache-${counter++}`, 'acknet')
  return new DiskModelCache(cacheDir, build)
}

/** Flips one byte in every record of an entry but the first (the root), which a lazy read decodes at once. */
function damageAllButRoot(file: string): void {
  const bytes = readFileSync(file)
  const newline = bytes.indexOf(10)
  const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as {payload: {records: number}}
  const count = header.payload.records
  const texts = newline + 1 + 9 * count + 4
  for (let id = 1; id < count; id++) bytes[texts + bytes.readUInt32LE(newline + 1 + 9 * id)] ^= 0x20
  writeFileSync(file, bytes)
}

const entries = () => readdirSync(cacheDir)

/** Every expectation of the file, asked of a model: the verdicts and reason codes, with --explain. */
function answers(model: Model, family: 4 | 6 = 4): unknown[] {
  const context = new ReachContext(model, family)
  return model.expectations.map((expectation) => {
    try {
      return reach(context, {from: expectation.from, to: expectation.to, port: expectation.port, protocol: expectation.protocol, explain: true})
    } catch (error) {
      if (error instanceof CorruptCacheEntry) throw error
      return String(error) // e.g. an IPv4 address asked over IPv6
    }
  })
}

describe('DiskModelCache', () => {
  it('stores a model that answers every question exactly as a fresh load', () => {
    const cache = freshCache()
    const fresh = loadModelOrThrow(topology, undefined, {cache})
    expect(cache.read(topology), 'entry written').toBeDefined()
    const cached = loadModelOrThrow(topology, undefined, {cache})
    expect(cached.model).not.toBe(fresh.model)
    expect(cached.model.expectations.length).toBeGreaterThan(3)
    expect(answers(cached.model)).toEqual(answers(fresh.model))
    expect(cached.findings).toEqual(fresh.findings)
    // positions are not stored: locate loads the file on demand and agrees with the fresh model
    const source = fresh.model.instances[0]!.source
    expect(cached.model.locate(source, 'value', 'name')).toEqual(fresh.model.locate(source, 'value', 'name'))
  })

  it('writes one 0600 file in a 0700 directory and leaves no temporary file', () => {
    const cache = freshCache()
    loadModelOrThrow(topology, undefined, {cache})
    expect(entries()).toHaveLength(1)
    expect(entries()[0]).toMatch(/^[0-9a-f]{40}\.model$/)
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700)
    expect(statSync(join(cacheDir, entries()[0]!)).mode & 0o777).toBe(0o600)
  })

  it('a damaged entry is a miss, and the command still answers (the entry is then rewritten)', () => {
    for (const damage of ['truncate', 'flip', 'garbage', 'empty'] as const) {
      const cache = freshCache()
      const fresh = loadModelOrThrow(topology, undefined, {cache})
      const file = join(cacheDir, entries()[0]!)
      const bytes = readFileSync(file)
      if (damage === 'truncate') writeFileSync(file, bytes.subarray(0, bytes.length >> 1))
      else if (damage === 'flip') {
        bytes[bytes.length - 100] ^= 0xff
        writeFileSync(file, bytes)
      } else writeFileSync(file, damage === 'empty' ? '' : 'not an entry\n\x00\x01')
      expect(cache.read(topology), damage).toBeUndefined()
      const again = loadModelOrThrow(topology, undefined, {cache})
      expect(answers(again.model), damage).toEqual(answers(fresh.model))
      expect(cache.read(topology), `${damage}: rewritten`).toBeDefined()
    }
  })

  it('misses when the topology, a manifest or the set of manifest files changes, or on another build', () => {
    const cache = freshCache()
    loadModelOrThrow(topology, undefined, {cache})
    expect(cache.read(topology)).toBeDefined()
    expect(new DiskModelCache(cacheDir, 'another-build').read(topology)).toBeUndefined()

    const manifest = join(work, 'k8s/production/session-store.yaml')
    const original = readFileSync(manifest, 'utf8')
    writeFileSync(manifest, `${original}\n# edited\n`)
    expect(cache.read(topology), 'manifest edited').toBeUndefined()
    writeFileSync(manifest, original)
    expect(cache.read(topology), 'manifest restored').toBeDefined()

    const extra = join(work, 'k8s/production/extra.yaml')
    writeFileSync(extra, '# nothing yet\n')
    expect(cache.read(topology), 'a new file matches the manifests pattern').toBeUndefined()
    rmSync(extra)
    expect(cache.read(topology)).toBeDefined()

    const text = readFileSync(topology, 'utf8')
    writeFileSync(topology, `${text}\n# edited\n`)
    expect(cache.read(topology), 'topology edited').toBeUndefined()
    writeFileSync(topology, text)
  })

  it('never stores a file refused for a structural problem, nor stdin or given text', () => {
    const cache = freshCache()
    const broken = join(work, 'broken.yaml')
    writeFileSync(broken, readFileSync(topology, 'utf8').replace('cidr: 192.168.0.0/16', 'cidr: 192.168.0.0/33'))
    expect(() => loadModelOrThrow(broken, undefined, {cache})).toThrow(/cidr/)
    loadModelOrThrow(topology, readFileSync(topology, 'utf8'), {cache})
    expect(() => entries()).toThrow() // the directory was never created
    expect(loadModel(broken).findings.some((finding) => finding.ruleId === 'cidr-syntax')).toBe(true)
  })

  it('keeps the 16 most recent entries', () => {
    const cache = freshCache()
    for (let i = 0; i < 18; i++) {
      const file = join(work, `copy-${i}.yaml`)
      writeFileSync(file, `${readFileSync(topology, 'utf8')}\n# copy ${i}\n`)
      loadModelOrThrow(file, undefined, {cache})
    }
    expect(entries()).toHaveLength(16)
  })
})

describe('DiskModelCache, read lazily (reach)', () => {
  it('answers every question, in both families, exactly as a fresh load', () => {
    for (const name of ['production.yaml', 'dual-stack.yaml']) {
      const file = join(work, name)
      cpSync(join(ROOT, 'fixtures', name), file)
      const cache = freshCache()
      const fresh = loadModelOrThrow(file, undefined, {cache})
      const lazy = new DiskModelCache(cacheDir, 'test-build', {lazy: true})
      for (const family of [4, 6] as const) {
        const cached = loadModelOrThrow(file, undefined, {cache: lazy})
        expect(cached.model, name).not.toBe(fresh.model)
        expect(answers(cached.model, family), `${name}, IPv${family}`).toEqual(answers(fresh.model, family))
        expect(cached.findings).toEqual(fresh.findings)
      }
    }
  })

  it('misses a truncated, garbage or empty entry; a damaged record throws CorruptCacheEntry when read', () => {
    for (const damage of ['truncate', 'garbage', 'empty'] as const) {
      const cache = freshCache()
      loadModelOrThrow(topology, undefined, {cache})
      const file = join(cacheDir, entries()[0]!)
      const bytes = readFileSync(file)
      writeFileSync(file, damage === 'truncate' ? bytes.subarray(0, bytes.length - 1) : damage === 'empty' ? '' : 'not an entry\n\x00\x01')
      expect(new DiskModelCache(cacheDir, 'test-build', {lazy: true}).read(topology), damage).toBeUndefined()
    }
    const cache = freshCache()
    loadModelOrThrow(topology, undefined, {cache})
    damageAllButRoot(join(cacheDir, entries()[0]!))
    expect(cache.read(topology), 'a whole read checks every record').toBeUndefined()
    const lazy = new DiskModelCache(cacheDir, 'test-build', {lazy: true}).read(topology)
    expect(lazy, 'a lazy read checks each record as it decodes it').toBeDefined()
    expect(() => answers(lazy!.model)).toThrow(CorruptCacheEntry)
  })

  it('the built CLI answers from the file when a record turns out damaged, and rewrites the entry', () => {
    const xdg = join(work, 'xdg-damaged')
    const env = {XDG_CACHE_HOME: xdg, ACKNET_NO_CACHE: undefined, CI: undefined}
    const args = ['reach', 'pod:web/frontend', 'instance:pg-primary', '-f', topology, '--port', '5432', '--json', '--explain']
    const expected = runCli([...args, '--no-cache'], {env})
    expect(runCli(args, {env})).toEqual(expected) // writes the entry
    const entry = join(xdg, 'acknet', readdirSync(join(xdg, 'acknet')).find((name) => name.endsWith('.model'))!)
    const written = readFileSync(entry)
    damageAllButRoot(entry)
    expect(readFileSync(entry).equals(written)).toBe(false)
    expect(runCli(args, {env})).toEqual(expected)
    expect(readFileSync(entry).equals(written), 'rewritten').toBe(true)
    expect(runCli(args, {env})).toEqual(expected)
  })
})

describe('when the cache is used', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('is off from source (no build id), with --no-cache, ACKNET_NO_CACHE, and under CI unless ACKNET_CACHE=1', () => {
    expect(modelCacheFor(true, {})).toBeUndefined() // vitest runs the sources
    vi.stubGlobal('__ACKNET_BUILD_ID__', '0.1.0+test')
    expect(modelCacheFor(true, {HOME: '/home/u'})).toBeInstanceOf(DiskModelCache)
    expect(modelCacheFor(false, {HOME: '/home/u'})).toBeUndefined()
    expect(modelCacheFor(true, {HOME: '/home/u', ACKNET_NO_CACHE: '1'})).toBeUndefined()
    expect(modelCacheFor(true, {HOME: '/home/u', ACKNET_NO_CACHE: '0'})).toBeInstanceOf(DiskModelCache)
    expect(modelCacheFor(true, {HOME: '/home/u', CI: 'true'})).toBeUndefined()
    expect(modelCacheFor(true, {HOME: '/home/u', CI: 'true', ACKNET_CACHE: '1'})).toBeInstanceOf(DiskModelCache)
  })

  it('lives in $XDG_CACHE_HOME/acknet, else ~/.cache/acknet', () => {
    expect(cacheDirectory({XDG_CACHE_HOME: '/x/cache', HOME: '/home/u'})).toBe('/x/cache/acknet')
    expect(cacheDirectory({HOME: '/home/u'})).toBe('/home/u/.cache/acknet')
    // the XDG spec: a relative XDG_CACHE_HOME is invalid and ignored
    expect(cacheDirectory({XDG_CACHE_HOME: 'relative', HOME: '/home/u'})).toBe('/home/u/.cache/acknet')
  })

  it('the built CLI writes an entry on the first reach and answers the same from it; --no-cache neither reads nor writes', () => {
    const xdg = join(work, 'xdg')
    const env = {XDG_CACHE_HOME: xdg, ACKNET_NO_CACHE: undefined, CI: undefined}
    const args = ['reach', 'pod:web/frontend', 'instance:pg-primary', '-f', topology, '--port', '5432', '--json']
    const skipped = runCli([...args, '--no-cache'], {env})
    expect(skipped.code).toBe(1)
    expect(() => readdirSync(join(xdg, 'acknet'))).toThrow()
    const first = runCli(args, {env})
    expect(readdirSync(join(xdg, 'acknet')).filter((name) => name.endsWith('.model'))).toHaveLength(1)
    const second = runCli(args, {env})
    expect(first).toEqual(skipped)
    expect(second).toEqual(skipped)
  })
})
