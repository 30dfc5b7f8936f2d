// The hash of everything a build is made from (src/, package.json, the build scripts), written
// to dist/build-stamp.json by scripts/build.mjs and compared by the tests that run dist/
// (test/helpers/cli.ts), so that they fail instead of testing stale code.
import {createHash} from 'node:crypto'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative, sep} from 'node:path'

function walk(dir) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))
}

export function sourceHash(root) {
  const files = [...walk(join(root, 'src')), join(root, 'package.json'), join(root, 'scripts', 'build.mjs'), join(root, 'scripts', 'source-hash.mjs'), join(root, 'scripts', 'train-code-cache.mjs')]
    .map((file) => relative(root, file).split(sep).join('/'))
    .sort()
  const hash = createHash('sha256')
  for (const file of files) hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0')
  return hash.digest('hex')
}
