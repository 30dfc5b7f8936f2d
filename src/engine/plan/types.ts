/** Inputs and result of the CIDR planner (SPEC §1.1). */
import type {Cidr} from '../cidr/cidr.js'
import type {Ipv6Cidr} from '../cidr/cidr6.js'
import type {InstanceTypeOverride} from '../platform/catalog.js'

export type PlanPlugin = 'flannel' | 'terway'
/** SPEC §8: `clusters[].ipStack`. */
export type PlanIpStack = 'ipv4' | 'dual'
export type PlanLimit = 'pod-cidr' | 'route-quota' | 'pod-vswitch' | 'node-vswitch' | 'eni' | 'service-cidr' | 'vpc-ip-quota'

export interface PlanInput {
  plugin: PlanPlugin
  /** Zone ids, one node vSwitch (and, for Terway, one pod vSwitch) each. */
  zones: string[]
  region: string
  /** Target node count, cluster-wide. */
  nodes: number
  podsPerNode?: number
  instanceType?: string
  services: number
  growth: number
  avoid: Cidr[]
  routeQuota: number
  vpcCidr?: Cidr
  /** `dual` adds the VPC IPv6 placeholder and a /64 per vSwitch (SPEC §8); default ipv4. */
  ipStack?: PlanIpStack
  /** Dual stack: the /56 Alibaba Cloud assigned the VPC (default: the documentation placeholder). */
  vpcIpv6Cidr?: Ipv6Cidr
  /** Cluster name used in the topology file. */
  name: string
  /** A user's DescribeInstanceTypes rows (--catalog / catalog: in .acknetrc.yaml), over the shipped catalog. */
  catalog?: readonly InstanceTypeOverride[]
}

/** The `--json` document, exactly as SPEC §1.1 fixes it. */
export interface Plan {
  plugin: PlanPlugin
  /** Dual-stack plans only (ipv4 plans keep the 0.1 document exactly). */
  ipStack?: 'dual'
  vpcCidr: string
  /** Dual stack: the VPC's IPv6 /56, a placeholder until Alibaba Cloud assigns the real one. */
  vpcIpv6Cidr?: string
  vpcIpv6CidrPlaceholder?: true
  zones: Array<{zone: string; nodeVSwitch: string; nodeVSwitchIpv6?: string; podVSwitch?: string; podVSwitchIpv6?: string}>
  podCidr?: string
  nodeCidrMask?: number
  serviceCidr: string
  limits: {maxNodes: number; maxPods: number; maxPodsPerNode: number; limitedBy: PlanLimit}
  warnings: string[]
}

/** What the topology writer needs beyond the JSON. */
export interface PlanContext {
  input: PlanInput
  /** The node pool's instance type (given, or chosen for the pods per node). */
  instanceType: string
  /** Entries already in the system route table: the NAT gateway's 0.0.0.0/0 route. */
  customRoutes: number
  /** Notes for people (placeholder zone ids, chosen instance type), not part of the JSON. */
  notes: string[]
}

export interface PlanResult {
  plan: Plan
  context: PlanContext
}
