import {type Cidr, cidrContains, cidrsOverlap, formatCidr} from '../cidr/cidr.js'
import {parseIpv4} from '../cidr/ipv4.js'

/** Parses a constant block; only used on literals below. */
function block(text: string): Cidr {
  const [address, prefix] = text.split('/')
  return {network: parseIpv4(address!)!, prefix: Number(prefix)}
}

// RFC 1918 private blocks (CreateVpc: "192.168.0.0/16, 172.16.0.0/12, 10.0.0.0/8 or a subset").
export const PRIVATE_BLOCKS: readonly Cidr[] = [block('10.0.0.0/8'), block('172.16.0.0/12'), block('192.168.0.0/16')]

// Blocks a custom VPC CIDR may not use — CreateVpc (alibaba-facts §1 "VPC CIDR").
export const FORBIDDEN_BLOCKS: readonly Cidr[] = [
  block('100.64.0.0/10'),
  block('224.0.0.0/4'),
  block('127.0.0.0/8'),
  block('169.254.0.0/16'),
]

// VPC mask 8–28 — CreateVpc / VPC FAQ (newest source; the older /8–/24 is superseded).
export const VPC_MASK = {min: 8, max: 28} as const
// vSwitch mask 16–29 — CreateVSwitch doc-detail/35745.
export const VSWITCH_MASK = {min: 16, max: 29} as const
// First address and last three of every vSwitch are reserved — CreateVSwitch doc-detail/35745.
export const VSWITCH_RESERVED_ADDRESSES = 4
// Flannel node_cidr_mask 24–28; default 26 per the CreateCluster API (Terraform says 24: DISAGREE, newer wins).
export const NODE_CIDR_MASK = {min: 24, max: 28, default: 26} as const
// Service CIDR mask 16–24 within the three private ranges; default 172.19.0.0/20 — CreateCluster service_cidr.
export const SERVICE_CIDR_MASK = {min: 16, max: 24} as const
export const DEFAULT_SERVICE_CIDR = '172.19.0.0/20'
// Custom route entries per route table — VPC quotas `vpc_quota_route_entrys_num` / CreateRouteEntry.
export const DEFAULT_ROUTE_ENTRIES_PER_TABLE = 200
// vSwitches per VPC — VPC quotas `vpc_quota_vswitches_num` (older 24 superseded).
export const MAX_VSWITCHES_PER_VPC = 150
// Private IP addresses in use by cloud resources per VPC (nodes, ECS, ENIs of Terway/ACS pods,
// SLBs, NAT): 60,000, "cannot increase the quota" — VPC quotas page / CreateVpc (alibaba-facts §1 "Quotas").
export const VPC_PRIVATE_IP_QUOTA = 60000
// Secondary IPv4 CIDR blocks per VPC — VPC quotas.
export const MAX_SECONDARY_CIDRS = 5
// Rules per security group (ingress + egress) — AuthorizeSecurityGroup (older 100 superseded).
export const DEFAULT_RULES_PER_SECURITY_GROUP = 200
// ACK guidance: nodes + Terway pods ≤ 2,000 for a basic SG — CreateCluster is_enterprise_security_group.
export const DEFAULT_BASIC_SG_MAX_IPS = 2000
// SG rule priority 1–100, default 1, lower wins — AuthorizeSecurityGroup.
export const SG_PRIORITY = {min: 1, max: 100, default: 1} as const
// NodePort range default 30000-32767; ACK allows 30000–65535 — CreateCluster node_port_range.
export const DEFAULT_NODE_PORT_RANGE = {min: 30000, max: 32767} as const

// Flannel container_cidr: "10.0.0.0/8, 172.16-31.0.0/12-16, 192.168.0.0/16, or their subnets" — CreateCluster.
const POD_CIDR_ALLOWED = 'inside 10.0.0.0/8, 172.16-31.0.0/12-16 or 192.168.0.0/16'
// service_cidr: "10.0.0.0/16-24, 172.16-31.0.0/16-24, and 192.168.0.0/16-24" — CreateCluster.
const SERVICE_CIDR_ALLOWED = 'inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a /16–/24 mask'

export type AddressClass = 'private' | 'custom' | 'forbidden'

export function addressClass(cidr: Cidr): AddressClass {
  if (PRIVATE_BLOCKS.some((privateBlock) => cidrContains(privateBlock, cidr))) return 'private'
  if (FORBIDDEN_BLOCKS.some((forbidden) => cidrsOverlap(forbidden, cidr))) return 'forbidden'
  return 'custom'
}

/** `true`, or a sentence saying why not. */
export type Validity = true | string

export function validateVpcCidr(cidr: Cidr): Validity {
  const cls = addressClass(cidr)
  if (cls === 'forbidden') {
    const hit = FORBIDDEN_BLOCKS.find((forbidden) => cidrsOverlap(forbidden, cidr))!
    return `overlaps ${formatCidr(hit)}, which a VPC may not use`
  }
  if (cidr.prefix < VPC_MASK.min || cidr.prefix > VPC_MASK.max) return `a VPC CIDR needs a /${VPC_MASK.min}–/${VPC_MASK.max} mask, got /${cidr.prefix}`
  return true
}

export function validateVSwitchCidr(cidr: Cidr): Validity {
  if (cidr.prefix < VSWITCH_MASK.min || cidr.prefix > VSWITCH_MASK.max) return `a vSwitch CIDR needs a /${VSWITCH_MASK.min}–/${VSWITCH_MASK.max} mask, got /${cidr.prefix}`
  const vpc = validateVpcCidr({network: cidr.network, prefix: Math.max(cidr.prefix, VPC_MASK.min)})
  if (vpc !== true && addressClass(cidr) === 'forbidden') return vpc
  return true
}

export function validatePodCidr(cidr: Cidr): Validity {
  // "or their subnets": any block inside one of the three private ranges
  if (!PRIVATE_BLOCKS.some((privateBlock) => cidrContains(privateBlock, cidr))) return `a Flannel pod CIDR must be ${POD_CIDR_ALLOWED}`
  if (cidr.prefix > NODE_CIDR_MASK.max) return `a Flannel pod CIDR must hold at least one /${NODE_CIDR_MASK.max} node range, got /${cidr.prefix}`
  return true
}

export function validateServiceCidr(cidr: Cidr): Validity {
  const inPrivate = PRIVATE_BLOCKS.some((privateBlock) => cidrContains(privateBlock, cidr))
  if (!inPrivate) return `a Service CIDR must be ${SERVICE_CIDR_ALLOWED}`
  if (cidr.prefix < SERVICE_CIDR_MASK.min || cidr.prefix > SERVICE_CIDR_MASK.max) return `a Service CIDR needs a /${SERVICE_CIDR_MASK.min}–/${SERVICE_CIDR_MASK.max} mask, got /${cidr.prefix}`
  return true
}

/** Usable addresses of a vSwitch: total minus the four reserved. */
export function vswitchUsable(cidr: Cidr): number {
  return Math.max(0, 2 ** (32 - cidr.prefix) - VSWITCH_RESERVED_ADDRESSES)
}
