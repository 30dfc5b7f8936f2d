import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

let root: string | undefined

/**
 * The directory of acknet's package.json: the nearest one above this module. Sources
 * (src/…) and the bundle (dist/commands/…, dist/chunks/…) sit at different depths, so shipped
 * files (data/, dist/zod-side.cjs) are found from here rather than by a fixed `../../..`.
 */
export function packageRoot(): string {
  if (root !== undefined) return root
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`acknet: no package.json above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
  root = dir
  return root
}

/** A file shipped with the package, by its path from the package root. */
export function packageFile(relative: string): string {
  return join(packageRoot(), relative)
}
