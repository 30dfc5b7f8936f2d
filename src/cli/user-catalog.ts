import {readFileSync} from 'node:fs'
import path from 'node:path'
import {Flags} from '@oclif/core'
import type {InstanceTypeOverride} from '../engine/platform/catalog.js'
import {parseDescribeInstanceTypes} from '../engine/platform/describe-instance-types.js'
import {AcknetError} from '../errors.js'

/**
 * Users' own instance data (SPEC 1.4) for `terway capacity`, `instance-types` and `plan`:
 * `--catalog FILE`, else `catalog:` of the nearest `.acknetrc.yaml` (cwd upward). Both hold the
 * JSON `aliyun ecs DescribeInstanceTypes` prints; it layers over the shipped catalog.
 */
export const catalogFlag = {
  catalog: Flags.string({
    description: 'Your own instance data: the JSON `aliyun ecs DescribeInstanceTypes` prints (adds EniTotalQuantity for trunk mode, newer types). Default: `catalog:` in .acknetrc.yaml.',
    helpValue: 'FILE',
  }),
}

/** Reads and parses a DescribeInstanceTypes file; exit 2 naming the file when it cannot. */
export function readUserCatalog(file: string, shown = file): InstanceTypeOverride[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new AcknetError(`cannot read the instance catalog (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {position: {file: shown}})
  }
  return parseDescribeInstanceTypes(text, shown)
}

/** The user catalog in force: --catalog, else the project config's `catalog:`, else none. */
export async function loadUserCatalog(flag: string | undefined, cwd = process.cwd()): Promise<InstanceTypeOverride[] | undefined> {
  if (flag) return readUserCatalog(path.resolve(cwd, flag), flag)
  // lazily: the lint registry (rule ids for parsing the config) is not needed otherwise
  const [{ConfigResolver}, {RULE_IDS}] = await Promise.all([import('../engine/lint/files.js'), import('../engine/lint/registry.js')])
  const config = new ConfigResolver(cwd, RULE_IDS).project
  if (!config.catalog) return undefined
  return readUserCatalog(config.catalog.file, config.catalog.shown)
}
