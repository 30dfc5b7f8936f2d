/**
 * The built-in ECS instance catalog (ENI limits per type). Data: shared/data/ecs-instance-types.csv
 * (AlibabaCloudDocs/ecs, MIT) compiled into data/instance-types.json by scripts/build-catalog.
 * Topology `instanceTypes:` entries and CLI flags override or extend it.
 */
export interface InstanceTypeLimits {
  name: string
  family?: string
  vcpus?: number
  memoryGiB?: number
  /** EniQuantity: ENIs including the primary one. */
  enis: number
  /** EniPrivateIpAddressQuantity; undefined where no figure is published (never guessed). */
  ipv4PerEni?: number
  ipv6PerEni?: number
  /** EniTotalQuantity (trunk member ENIs included); undefined where unknown. */
  eniTotal?: number
  trunk?: boolean
  /** Where the numbers came from: 'catalog', 'topology', 'flags'. */
  origin?: string
}
