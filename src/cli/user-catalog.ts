import path from 'node:path'
import {Flags} from '@oclif/core'
import type {InstanceTypeOverride} from '../engine/platform/catalog.js'
import {readCatalogFile} from '../engine/platform/catalog-file.js'

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

/** The user catalog in force: --catalog, else the project config's `catalog:`, else none. */
export async function loadUserCatalog(flag: string | undefined, cwd = process.cwd()): Promise<InstanceTypeOverride[] | undefined> {
  if (flag) return readCatalogFile(path.resolve(cwd, flag), flag)
  // lazily: the lint registry (rule ids for parsing the config) is not needed otherwise
  const [{ConfigResolver}, {RULE_IDS}] = await Promise.all([import('../engine/lint/files.js'), import('../engine/lint/registry.js')])
  const config = new ConfigResolver(cwd, RULE_IDS).project
  if (!config.catalog) return undefined
  return readCatalogFile(config.catalog.file, config.catalog.shown)
}
