import path from 'node:path'
import {Flags} from '@oclif/core'
import type {InstanceTypeOverride} from '../engine/platform/catalog.js'
import {parseDescribeInstanceTypes} from '../engine/platform/describe-instance-types.js'
import {describeReadError, readBounded} from '../engine/read-file.js'
import {AcknetError} from '../errors.js'

/** A DescribeInstanceTypes answer for every family is a few MB; 16 MiB as for a topology. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024

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
  let bytes: Uint8Array
  try {
    // the one bounded reader (issue #15): `catalog: /dev/zero` in a pull request's config
    bytes = readBounded(file, MAX_INPUT_BYTES)
  } catch (error) {
    throw new AcknetError(`cannot read the instance catalog: ${describeReadError(error)}`, {position: {file: shown}})
  }
  if (bytes.length > MAX_INPUT_BYTES) throw new AcknetError(`the instance catalog is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MiB, the most acknet reads`, {position: {file: shown}})
  return parseDescribeInstanceTypes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), shown)
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
