// The benchmarks time engine functions in-process. Since 0.2 dist/ holds one bundle per command
// (scripts/build.mjs), not a module per source file, so this bundles the source module asked for
// with esbuild into bench/out/modules/ and imports it. Usage: await sourceModule('engine/cidr/cidr.js')
import {existsSync, mkdirSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import * as esbuild from 'esbuild'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const OUT = join(ROOT, 'bench', 'out', 'modules')

/** `path` as in dist/ before 0.2 (`engine/topology/load.js`); undefined when the source does not exist. */
export async function sourceModule(path) {
  const source = join(ROOT, 'src', path.replace(/\.js$/, '.ts'))
  if (!existsSync(source)) return undefined
  const outfile = join(OUT, path.replaceAll('/', '__'))
  mkdirSync(OUT, {recursive: true})
  await esbuild.build({entryPoints: [source], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    banner: {js: "import {createRequire as __benchCreateRequire} from 'node:module'; const require = __benchCreateRequire(import.meta.url);"}})
  return import(pathToFileURL(outfile).href)
}
