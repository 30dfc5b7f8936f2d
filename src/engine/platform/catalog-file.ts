import {AcknetError} from '../../errors.js'
import {describeReadError, MAX_INPUT_BYTES, readBounded} from '../read-file.js'
import type {InstanceTypeOverride} from './catalog.js'
import {parseDescribeInstanceTypes} from './describe-instance-types.js'

/** A DescribeInstanceTypes answer for every family is a few MB: the topology's cap serves. */
const MAX_CATALOG_BYTES = MAX_INPUT_BYTES

/**
 * Reads and parses a users' instance catalog (SPEC 1.4: `--catalog FILE`, `catalog:` in
 * `.acknetrc.yaml`) through the one bounded reader (issue #15: `catalog: /dev/zero` in a pull
 * request's config must not read forever); exit 2 naming the file when it cannot.
 */
export function readCatalogFile(file: string, shown = file): InstanceTypeOverride[] {
  let bytes: Uint8Array
  try {
    bytes = readBounded(file, MAX_CATALOG_BYTES)
  } catch (error) {
    throw new AcknetError(`cannot read the instance catalog: ${describeReadError(error)}`, {position: {file: shown}})
  }
  if (bytes.length > MAX_CATALOG_BYTES) throw new AcknetError(`the instance catalog is larger than ${MAX_CATALOG_BYTES / (1024 * 1024)} MiB, the most acknet reads`, {position: {file: shown}})
  return parseDescribeInstanceTypes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), shown)
}
