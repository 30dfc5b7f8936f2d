/**
 * The one reader of users' own instance data (SPEC 1.4): the JSON that `aliyun ecs
 * DescribeInstanceTypes` prints, `{"InstanceTypes": {"InstanceType": [ {...} ]}}`, or a JSON
 * array of such responses (one per page). Used by `--catalog` (terway capacity, instance-types,
 * plan), `catalog:` in .acknetrc.yaml and `import aliyun --instance-types`.
 *
 * Fields read (ECS DescribeInstanceTypes API reference, alibaba-facts §3): InstanceTypeId,
 * InstanceTypeFamily, CpuCoreCount, MemorySize, EniQuantity, EniPrivateIpAddressQuantity,
 * EniIpv6AddressQuantity, EniTotalQuantity, EniTrunkSupported. Everything else is ignored.
 */
import {AcknetError} from '../../errors.js'
import type {InstanceTypeOverride} from './catalog.js'

type Obj = Record<string, unknown>

/** Parses the text of a DescribeInstanceTypes response file; `file` names it in errors and sources. */
export function parseDescribeInstanceTypes(text: string, file: string): InstanceTypeOverride[] {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new AcknetError(`not valid JSON (${(error as Error).message}); expected the output of \`aliyun ecs DescribeInstanceTypes\``, {position: {file}})
  }
  return instanceTypesFromResponses(data, file)
}

/** The same, on an already parsed response (or array of responses). */
export function instanceTypesFromResponses(data: unknown, file: string): InstanceTypeOverride[] {
  const responses = Array.isArray(data) ? data : [data]
  if (responses.length === 0) throw new AcknetError('an empty list; expected the JSON printed by `aliyun ecs DescribeInstanceTypes`', {position: {file}})
  const byName = new Map<string, InstanceTypeOverride>()
  responses.forEach((response, page) => {
    const where = responses.length > 1 ? `${file} (response ${page + 1})` : file
    const wrapper = (response as Obj | null)?.InstanceTypes
    const items = Array.isArray(wrapper) ? wrapper : (wrapper as Obj | undefined)?.InstanceType
    if (!Array.isArray(items)) {
      throw new AcknetError(`${where}: no InstanceTypes.InstanceType list; expected the JSON printed by \`aliyun ecs DescribeInstanceTypes\` ({"InstanceTypes": {"InstanceType": [...]}})`, {position: {file}})
    }
    items.forEach((item, index) => {
      const entry = instanceTypeEntry(item, `${where}: InstanceTypes.InstanceType[${index}]`, file)
      // a type listed twice (overlapping pages): the later response wins
      byName.set(entry.name, entry)
    })
  })
  return [...byName.values()]
}

function instanceTypeEntry(item: unknown, where: string, file: string): InstanceTypeOverride {
  if (!item || typeof item !== 'object' || Array.isArray(item)) throw new AcknetError(`${where} is not an object`, {position: {file}})
  const row = item as Obj
  const name = row.InstanceTypeId
  if (typeof name !== 'string' || name.trim() === '') throw new AcknetError(`${where} has no InstanceTypeId`, {position: {file}})
  const at = `${where} (${name})`
  const enis = count(row.EniQuantity, 'EniQuantity', at, file, 1)
  if (enis === undefined) throw new AcknetError(`${at} has no EniQuantity; acknet needs at least the ENI count of every type it reads`, {position: {file}})
  const entry: InstanceTypeOverride = {name: name.trim(), enis, origin: 'user-catalog', source: `${file} (DescribeInstanceTypes)`}
  const family = typeof row.InstanceTypeFamily === 'string' ? row.InstanceTypeFamily.replace(/^ecs\./, '') : undefined
  if (family) entry.family = family
  const vcpus = count(row.CpuCoreCount, 'CpuCoreCount', at, file, 0)
  if (vcpus !== undefined) entry.vcpus = vcpus
  if (typeof row.MemorySize === 'number' && Number.isFinite(row.MemorySize) && row.MemorySize >= 0) entry.memoryGiB = row.MemorySize
  const ipv4 = count(row.EniPrivateIpAddressQuantity, 'EniPrivateIpAddressQuantity', at, file, 1)
  if (ipv4 !== undefined) entry.ipv4PerEni = ipv4
  const ipv6 = count(row.EniIpv6AddressQuantity, 'EniIpv6AddressQuantity', at, file, 0)
  if (ipv6 !== undefined) entry.ipv6PerEni = ipv6
  // EniTotalQuantity 0 (some API editions print it for types that publish none) is "not given";
  // a figure below EniQuantity would make negative member ENIs, so it is refused
  const total = count(row.EniTotalQuantity, 'EniTotalQuantity', at, file, 0)
  if (total !== undefined && total > 0) {
    if (total < enis) throw new AcknetError(`${at}: EniTotalQuantity ${total} is less than EniQuantity ${enis}`, {position: {file}})
    entry.eniTotal = total
  }
  if (typeof row.EniTrunkSupported === 'boolean') entry.trunk = row.EniTrunkSupported
  else if (row.EniTrunkSupported !== undefined && row.EniTrunkSupported !== null) throw new AcknetError(`${at}: EniTrunkSupported must be true or false`, {position: {file}})
  return entry
}

/** A whole number ≥ min, undefined when absent; anything else is an error naming the field. */
function count(value: unknown, field: string, where: string, file: string, min: number): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new AcknetError(`${where}: ${field} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`, {position: {file}})
  return value
}
