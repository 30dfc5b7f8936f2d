/**
 * The topology document (SPEC §2) as plain data, the shape the importers produce and
 * `emitTopologyYaml` writes. Only the fields importers fill are typed precisely; the
 * Kubernetes objects are kept verbatim (`KubeObject`).
 */
export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
export type KubeObject = {[key: string]: Json}

export interface SgRuleDoc {
  direction: 'ingress' | 'egress'
  protocol: 'tcp' | 'udp' | 'icmp' | 'all'
  ports?: string
  peer?: string
  action?: 'accept' | 'drop'
  priority?: number
  description?: string
}

export interface VSwitchDoc {name: string; zone: string; cidr: string; ipv6Cidr?: string; routeTable?: string}
export interface RouteDoc {destination: string; nextHop: string; description?: string}
export interface RouteTableDoc {name: string; routes: RouteDoc[]}
export interface VpcDoc {name: string; cidr: string; secondaryCidrs?: string[]; ipv6Cidr?: string; routeTables?: RouteTableDoc[]; vswitches: VSwitchDoc[]}
export interface SecurityGroupDoc {name: string; vpc: string; type?: 'basic' | 'enterprise'; innerAccess?: 'accept' | 'drop'; rules: SgRuleDoc[]}
export interface InstanceDoc {name: string; vswitch: string; ip?: string; ipv6?: string | true; securityGroups: string[]; publicIp?: boolean; listens?: Array<{port: number; protocol: string}>; dnsNames?: string[]}
/** SPEC §8: the VPC's IPv6 gateway and the IPv6 blocks (a /128 per address) that have internet bandwidth. */
export interface Ipv6GatewayDoc {name: string; vpc: string; internet: string[]}
export interface SnatDoc {source: string}
export interface DnatDoc {eip: string; externalPort: number; internalIp: string; internalPort: number; protocol: string}
export interface NatGatewayDoc {name: string; vpc: string; vswitch: string; eips: string[]; snat: SnatDoc[]; dnat?: DnatDoc[]}
export interface ListenerDoc {port: number; protocol: string; backends: string[]}
export interface LoadBalancerDoc {name: string; vpc: string; vswitch: string; addressType: 'internet' | 'intranet'; address?: string; acl?: {type: 'white' | 'black'; cidrs: string[]}; listeners: ListenerDoc[]}
export interface NodePoolDoc {name: string; instanceType: string; count: number; vswitches: string[]; securityGroups?: string[]}
export interface NamespaceDoc {name: string; labels?: Record<string, string>}
export interface WorkloadDoc {
  name: string
  namespace: string
  /** omitted for bare Pods and ReplicaSets (SPEC §2: a Deployment-like set of pods) */
  kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet'
  replicas?: number
  nodePool?: string
  labels?: Record<string, string>
  ports?: Array<{name?: string; containerPort: number; protocol?: string}>
  hostNetwork?: boolean
}
export interface ClusterNetworkDoc {
  plugin?: 'flannel' | 'terway'
  podCidr?: string
  nodeCidrMask?: number
  mode?: 'shared' | 'exclusive' | 'trunk' | 'prefix'
  podVSwitches?: string[]
  podSecurityGroups?: string[]
  networkPolicy?: boolean
}
export interface ClusterDoc {
  name: string
  type?: 'ack' | 'acs'
  vpc: string
  ipStack?: 'ipv4' | 'dual'
  network?: ClusterNetworkDoc
  serviceCidr?: string
  nodePortRange?: string
  clusterDomain?: string
  nodePools?: NodePoolDoc[]
  namespaces?: NamespaceDoc[]
  workloads?: WorkloadDoc[]
  services?: KubeObject[]
  networkPolicies?: KubeObject[]
  ingresses?: KubeObject[]
}

export interface TopologyDoc {
  apiVersion: 'acknet/v1'
  kind: 'Topology'
  metadata: {name: string; region?: string}
  vpcs?: VpcDoc[]
  securityGroups?: SecurityGroupDoc[]
  instances?: InstanceDoc[]
  natGateways?: NatGatewayDoc[]
  ipv6Gateways?: Ipv6GatewayDoc[]
  loadBalancers?: LoadBalancerDoc[]
  clusters?: ClusterDoc[]
  [key: string]: unknown
}

/** The top-level lists that hold named objects, in the order SPEC §2 lists them. */
export const NAMED_SECTIONS = ['instanceTypes', 'vpcs', 'securityGroups', 'instances', 'natGateways', 'ipv6Gateways', 'loadBalancers', 'clusters'] as const
export type NamedSection = (typeof NAMED_SECTIONS)[number]

/** What an importer hands back: the document, where each object came from, and what it could not map. */
export interface ImportResult {
  document: TopologyDoc
  /** Human words naming the source of a top-level object (e.g. "vpc-bp1… (DescribeVpcs)"), keyed by the object. */
  sources: Map<object, string>
  /** The inputs, for the header comment ("DescribeVpcs: vpcs.json"). */
  inputs: string[]
  /** Everything that was not mapped, or mapped with an assumption, one sentence each; printed on stderr and as YAML comments. */
  warnings: string[]
  /** The warnings that drop nothing (an assumption, a rename, a reference kept by id): the header does not count them as left out. */
  notes?: Set<string>
  /** What a --merge replaced or removed in the existing file, one line each (stderr and header). */
  mergeReport?: string[]
}

export function emptyDocument(name: string, region?: string): TopologyDoc {
  return {apiVersion: 'acknet/v1', kind: 'Topology', metadata: region ? {name, region} : {name}}
}
