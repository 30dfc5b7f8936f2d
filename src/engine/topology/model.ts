import type {Cidr} from '../cidr/cidr.js'
import type {Ipv6Cidr} from '../cidr/cidr6.js'
import type {Ipv4} from '../cidr/ipv4.js'
import type {Ipv6} from '../cidr/ipv6.js'
import type {TerwayMode, TerwayPods} from '../capacity/terway.js'
import type {InstanceTypeLimits} from '../platform/catalog.js'

/**
 * The resolved topology: what src/engine/topology/resolve.ts builds from a loaded file and every
 * engine (lint, reach, matrix, routes, graph) reads. Read-only by convention.
 *
 * - References are object pointers (`vswitch.vpc`, `node.pool.cluster`); name maps are for lookup.
 * - Defaults are filled (docs/topology-model.md lists each decision).
 * - Every object carries `source: {file, path}` so a finding about it can be located with
 *   `model.locate(source)` (or `locate(source, 'value', 'cidr')` for one of its fields).
 * - Addresses are Ipv4 numbers (src/engine/cidr/ipv4.ts); format with `formatIpv4`.
 * - Dual stack (SPEC §8) lives in separate, optional fields so that IPv4 code reads what it
 *   always read: IPv6 blocks are `Ipv6Cidr`, addresses `Ipv6` BigInts (src/engine/cidr/cidr6.ts,
 *   ipv6.ts; format with `formatIpv6Cidr`/`formatIpv6`). docs/topology-model.md, "Dual stack".
 *
 * Names are unique per kind across the file (vSwitch names included), except route tables,
 * which are unique per VPC (every VPC has a "system" table), and Kubernetes objects, which are
 * unique per cluster and namespace.
 */

/** Where an object came from: the file and the YAML path of the object (`vpcs[0].vswitches[2]`). */
export interface SourceRef {
  file: string
  path: string
}

export interface Located {
  source: SourceRef
}

export interface Settings {
  routeEntriesPerTable: number
  basicSecurityGroupMaxIps: number
  rulesPerSecurityGroup: number
}

// ---------------------------------------------------------------------------------------------
// VPC, vSwitches, route tables

export interface Vpc extends Located {
  kind: 'vpc'
  name: string
  cidr: Cidr
  secondaryCidrs: Cidr[]
  /** Primary first, then secondaries. */
  cidrs: Cidr[]
  /** Dual stack: the VPC's IPv6 block (`ipv6Cidr`), if it has one. */
  ipv6Cidr?: Ipv6Cidr
  /** The VPC's IPv6 gateway (the first declared; a VPC has at most one). */
  ipv6Gateway?: Ipv6Gateway
  vswitches: VSwitch[]
  /** The system table first, then custom tables in file order. */
  routeTables: RouteTable[]
  systemRouteTable: RouteTable
  routeTableByName: Map<string, RouteTable>
  securityGroups: SecurityGroup[]
  instances: Instance[]
  natGateways: NatGateway[]
  loadBalancers: LoadBalancer[]
  clusters: Cluster[]
}

export interface VSwitch extends Located {
  kind: 'vswitch'
  name: string
  vpc: Vpc
  zone: string
  cidr: Cidr
  /** Dual stack: the vSwitch's IPv6 /64 (`ipv6Cidr`), if it has one. */
  ipv6Cidr?: Ipv6Cidr
  /** The bound table (the VPC's system table unless `routeTable:` says). */
  routeTable: RouteTable
  /** 2^(32−prefix) − 4. */
  usable: number
  /** Addresses handed out or claimed in this vSwitch (nodes, instances, Terway/ACS pods, SLBs, NAT). */
  allocated: number
  /** Addresses that were needed but did not fit (allocated anyway as `undefined`); > 0 → vswitch-capacity. */
  overflow: number
  nodes: Node[]
  instances: Instance[]
  /** Terway/ACS pods with an address from this vSwitch. */
  pods: Pod[]
  /** IPv6 addresses handed out or claimed in `ipv6Cidr` (instances, dual-stack nodes and pods). */
  ipv6Allocated: number
}

export type NextHop =
  | {type: 'nat'; name: string; nat: NatGateway}
  | {type: 'instance'; name: string; instance: Instance}
  | {type: 'peer'; name: string; vpc: Vpc}
  | {type: 'blackhole'}

export interface RouteEntry extends Located {
  kind: 'route'
  table: RouteTable
  destination: Cidr
  nextHop: NextHop
  /** Index in the table's `routes:` list. */
  index: number
}

/** Where an IPv6 route sends traffic: the VPC's IPv6 gateway (NAT gateways carry no IPv6). */
export type Ipv6NextHop =
  | {type: 'ipv6gw'; name: string; gateway: Ipv6Gateway}
  | {type: 'instance'; name: string; instance: Instance}
  | {type: 'peer'; name: string; vpc: Vpc}
  | {type: 'blackhole'}

/**
 * A route with an IPv6 destination: a `routes:` entry of the file (`index` ≥ 0, `system: false`),
 * or the `::/0 → ipv6gw:NAME` entry that creating an IPv6 gateway adds to the system table
 * (`system: true`, `index` −1, `source` the gateway; not counted against the quota).
 */
export interface Ipv6RouteEntry extends Located {
  kind: 'ipv6Route'
  table: RouteTable
  destination: Ipv6Cidr
  nextHop: Ipv6NextHop
  index: number
  system: boolean
}

/** The local route of a vSwitch CIDR; present in every table of the VPC, not counted against quota. */
export interface SystemRoute {
  destination: Cidr
  vswitch: VSwitch
}

/** The local route of a vSwitch IPv6 /64, in every table of the VPC, like SystemRoute. */
export interface Ipv6SystemRoute {
  destination: Ipv6Cidr
  vswitch: VSwitch
}

/** The route a Flannel node gets: its pod range → the node (CCM writes it). */
export interface FlannelRoute {
  destination: Cidr
  node: Node
  cluster: Cluster
}

export interface RouteTable extends Located {
  kind: 'routeTable'
  name: string
  vpc: Vpc
  isSystem: boolean
  /** `routes:` entries with an IPv4 destination, in file order (only those whose destination parsed). */
  routes: RouteEntry[]
  systemRoutes: SystemRoute[]
  /**
   * IPv6 routes: the system table's `::/0 → ipv6gw:NAME` (first, when the VPC has an IPv6
   * gateway), then `routes:` entries with an IPv6 destination in file order.
   */
  ipv6Routes: Ipv6RouteEntry[]
  /** Local routes of the vSwitch IPv6 /64s (every table of the VPC). */
  ipv6SystemRoutes: Ipv6SystemRoute[]
  /** Flannel node routes that fit, cluster by cluster in file order, nodes in pool order. */
  flannelRoutes: FlannelRoute[]
  flannelRouteByNode: Map<Node, FlannelRoute>
  /** Flannel nodes that should have a route here but the quota was full (route-quota, ROUTE_QUOTA_EXCEEDED). */
  flannelCutOff: Array<{node: Node; cluster: Cluster}>
  /** Custom-entry quota (settings.routeEntriesPerTable). */
  quota: number
  /** quota − custom routes of both families − flannelRoutes (negative when the custom routes alone exceed it). */
  headroom: number
  vswitches: VSwitch[]
  /** True when `source` points at a `routeTables:` entry; false for an implicit system table. */
  declared: boolean
}

// ---------------------------------------------------------------------------------------------
// Security groups

/**
 * `any` (peer omitted) is any address of either family; `cidr` an IPv4 block and `cidr6` an IPv6
 * block (`::/0`): a rule with a block of one family never matches traffic of the other.
 */
export type SgPeer = {type: 'any'} | {type: 'cidr'; cidr: Cidr} | {type: 'cidr6'; cidr: Ipv6Cidr} | {type: 'sg'; name: string; group: SecurityGroup}

export interface SecurityGroupRule extends Located {
  kind: 'sgRule'
  group: SecurityGroup
  index: number
  direction: 'ingress' | 'egress'
  action: 'accept' | 'drop'
  priority: number
  protocol: 'tcp' | 'udp' | 'icmp' | 'all'
  /** Inclusive port range; undefined = all ports (and always for icmp/all). */
  ports?: {from: number; to: number}
  peer: SgPeer
  description?: string
}

export interface SecurityGroup extends Located {
  kind: 'securityGroup'
  name: string
  vpc: Vpc
  type: 'basic' | 'enterprise'
  innerAccess: 'accept' | 'drop'
  rules: SecurityGroupRule[]
  /** Everything whose ENI carries this group (filled by the resolver). */
  members: SgMember[]
}

export type SgMember =
  | {kind: 'instance'; instance: Instance}
  | {kind: 'nodePool'; pool: NodePool}
  | {kind: 'pods'; workload: Workload}

// ---------------------------------------------------------------------------------------------
// ECS, NAT, SLB

export interface Instance extends Located {
  kind: 'instance'
  name: string
  vpc: Vpc
  vswitch: VSwitch
  /** Given `ip`, or allocated; undefined only when the vSwitch is full. */
  ip: Ipv4 | undefined
  ipGiven: boolean
  /** Dual stack: the given `ipv6` address, or one allocated from the vSwitch /64 for `ipv6: true`; undefined otherwise. */
  ipv6?: Ipv6
  /** True when `ipv6` was written as an address (not `true`). */
  ipv6Given: boolean
  securityGroups: SecurityGroup[]
  publicIp: boolean
  /** Undefined = every port open; otherwise only these. */
  listens?: Array<{port: number; protocol: 'tcp' | 'udp'}>
  dnsNames: string[]
}

export interface SnatEntry extends Located {
  index: number
  /** The covered source block (a vSwitch's CIDR for `vswitch:NAME`). */
  sourceCidr: Cidr
  vswitch?: VSwitch
  eip?: Ipv4
}

export interface DnatEntry extends Located {
  index: number
  eip: Ipv4
  externalPort: number
  internalIp: Ipv4
  internalPort: number
  protocol: 'tcp' | 'udp' | 'any'
  /** What owns internalIp, when something in the file does. */
  target?: IpOwner
}

export interface NatGateway extends Located {
  kind: 'natGateway'
  name: string
  vpc: Vpc
  vswitch: VSwitch
  /** Its private address in the vSwitch (allocated). */
  ip: Ipv4 | undefined
  eips: Ipv4[]
  snat: SnatEntry[]
  dnat: DnatEntry[]
}

export type LbBackend =
  | {kind: 'instance'; instance: Instance; port: number}
  | {kind: 'ip'; address: Ipv4; port: number}
  | {kind: 'pod'; pod: Pod; port: number | string}
  | {kind: 'node'; node: Node; port: number}

export interface LbListener extends Located {
  port: number
  protocol: 'tcp' | 'udp' | 'http' | 'https'
  backends: LbBackend[]
  /** For Service SLBs: the Service port this listener came from. */
  servicePort?: ServicePort
}

/** A VPC's IPv6 gateway (`ipv6Gateways:`); IPv6 internet traffic goes through it, never through SNAT. */
export interface Ipv6Gateway extends Located {
  kind: 'ipv6Gateway'
  name: string
  vpc: Vpc
  /** Blocks with IPv6 internet bandwidth (`internet:`): only these reach, and are reached from, the internet. */
  internet: Ipv6Cidr[]
}

export interface LoadBalancer extends Located {
  kind: 'loadBalancer'
  /** `loadBalancers[].name`, or `CLUSTER/NS/NAME` for a LoadBalancer Service's SLB. */
  name: string
  vpc: Vpc
  vswitch?: VSwitch
  addressType: 'internet' | 'intranet'
  /** Private address for intranet SLBs (given or allocated); the given one for internet SLBs, if any. */
  address: Ipv4 | undefined
  addressGiven: boolean
  acl?: {type: 'white' | 'black'; cidrs: Cidr[]}
  listeners: LbListener[]
  /** The Service this SLB belongs to (CCM-managed), if any. */
  service?: Service
}

// ---------------------------------------------------------------------------------------------
// Clusters

export type FlannelNetwork = {
  plugin: 'flannel'
  podCidr: Cidr
  nodeCidrMask: number
  /** Tables that get the node routes (default [system]). */
  routeTables: RouteTable[]
  /** ip-masq-agent nonMasqueradeCIDRs; default [podCidr]. */
  nonMasqueradeCidrs: Cidr[]
  enforcesNetworkPolicy: false
}

export type TerwayNetwork = {
  plugin: 'terway'
  mode: TerwayMode
  podVSwitches: VSwitch[]
  /** Explicit `podSecurityGroups`; when undefined each pod uses its node pool's groups. */
  podSecurityGroups?: SecurityGroup[]
  /** `networkPolicy` (default true), and false in exclusive mode (which skips NetworkPolicy). */
  enforcesNetworkPolicy: boolean
  /** `erdma` (default false): eRDMA enabled, which cannot be combined with dual stack (V7). */
  erdma: boolean
}

/** ACS (serverless): no nodes, every pod is its own ENI in one of the pod vSwitches. */
export type AcsNetwork = {
  plugin: 'acs'
  podVSwitches: VSwitch[]
  podSecurityGroups?: SecurityGroup[]
  enforcesNetworkPolicy: boolean
}

export type ClusterNetwork = FlannelNetwork | TerwayNetwork | AcsNetwork

export interface Cluster extends Located {
  kind: 'cluster'
  name: string
  type: 'ack' | 'acs'
  vpc: Vpc
  /** `ipStack` as written (default ipv4); whether nodes and pods really get IPv6 is on Node/Pod `ipv6`. */
  ipStack: 'ipv4' | 'dual'
  network: ClusterNetwork
  serviceCidr: Cidr
  nodePortRange: {min: number; max: number}
  clusterDomain: string
  nodePools: NodePool[]
  nodePoolByName: Map<string, NodePool>
  /** All nodes, numbered cluster-wide in pool order (`node.index`). */
  nodes: Node[]
  namespaces: Namespace[]
  namespaceByName: Map<string, Namespace>
  workloads: Workload[]
  /** Key `NS/NAME`. */
  workloadByName: Map<string, Workload>
  services: Service[]
  /** Key `NS/NAME`. */
  serviceByName: Map<string, Service>
  networkPolicies: NetworkPolicy[]
  ingresses: Ingress[]
  ingressController?: Service
  /** All pods of all workloads. */
  pods: Pod[]
  /** `key=value` → workloads whose pod labels carry it (fast selector matching). */
  workloadsByLabel: Map<string, Workload[]>
  /** Manifest files loaded through `manifests:`. */
  manifestFiles: string[]
}

export interface NodePool extends Located {
  kind: 'nodePool'
  name: string
  cluster: Cluster
  instanceTypeName: string
  /** Catalog entry overridden by the file's `instanceTypes:`; undefined when unknown. */
  instanceType?: InstanceTypeLimits
  count: number
  vswitches: VSwitch[]
  securityGroups: SecurityGroup[]
  nodes: Node[]
  /**
   * Max ordinary pods per node: Flannel → addresses per node range − 1; Terway → the mode's
   * formula (`{ok:false, missing}` when the catalog lacks an input); undefined when the type is unknown.
   */
  maxPods?: TerwayPods
  /** Terway trunk mode: member-ENI pods per node (only pods with podNetworking use them), in addition. */
  memberPods?: TerwayPods
}

export interface Node extends Located {
  kind: 'node'
  /** `POOL-N` with N the index inside the pool (0-based), e.g. `default-3`. */
  name: string
  /** Cluster-wide, 0-based, pool order. */
  index: number
  /** Index inside the pool. */
  poolIndex: number
  pool: NodePool
  cluster: Cluster
  vswitch: VSwitch
  zone: string
  ip: Ipv4 | undefined
  /** Dual-stack Terway cluster: the node's IPv6 address from its vSwitch /64 (undefined when the vSwitch has none). */
  ipv6?: Ipv6
  /** Flannel: this node's pod range; undefined when the pod CIDR has no range left. */
  podRange?: Cidr
  securityGroups: SecurityGroup[]
  pods: Pod[]
}

export interface Namespace extends Located {
  kind: 'namespace'
  name: string
  /** Includes `kubernetes.io/metadata.name: NAME` as Kubernetes sets it. */
  labels: Record<string, string>
  /** False when the namespace was only referenced (implicit). */
  declared: boolean
}

export interface ContainerPort {
  name?: string
  containerPort: number
  protocol: 'TCP' | 'UDP' | 'SCTP'
}

export interface Workload extends Located {
  kind: 'workload'
  workloadKind: 'Deployment' | 'StatefulSet' | 'DaemonSet'
  name: string
  namespace: Namespace
  cluster: Cluster
  /** For DaemonSets: the pool's node count. */
  replicas: number
  /** ACK: the pool its pods run on (`nodePool`, else the first pool); ACS: undefined. */
  nodePool?: NodePool
  labels: Record<string, string>
  ports: ContainerPort[]
  hostNetwork: boolean
  podNetworking?: {vswitches: VSwitch[]; securityGroups: SecurityGroup[]; eip: boolean}
  pods: Pod[]
}

/** `source` is the workload's (pods are not written in the file). */
export interface Pod extends Located {
  kind: 'pod'
  /** `WORKLOAD-R` (R = replica ordinal; for DaemonSets the node's index in the pool). */
  name: string
  ordinal: number
  workload: Workload
  /** Undefined for ACS pods and when the pool has no nodes. */
  node?: Node
  /** Undefined when the address source was full or absent (see `vswitch-capacity`). */
  ip: Ipv4 | undefined
  /**
   * Dual-stack Terway cluster: the pod's IPv6 address from its pod vSwitch /64 (hostNetwork: the
   * node's). Undefined when the vSwitch has no /64, or Terway runs the node IPv4-only because
   * its instance type fails or lacks the IPv6-per-ENI figure (dualStackSupport, V5/V6/V8).
   */
  ipv6?: Ipv6
  /** Terway/ACS: the pod vSwitch the address came from; Flannel: undefined; hostNetwork: the node's. */
  vswitch?: VSwitch
  /** The groups on the ENI that sends/receives for this pod (node's for Flannel/hostNetwork). */
  securityGroups: SecurityGroup[]
}

export interface ServicePort extends Located {
  name?: string
  port: number
  /** Number or container port name; defaults to `port`. */
  targetPort: number | string
  nodePort?: number
  nodePortGiven: boolean
  protocol: 'TCP' | 'UDP' | 'SCTP'
  index: number
}

export interface Service extends Located {
  kind: 'service'
  name: string
  namespace: Namespace
  cluster: Cluster
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'
  /** Allocated or given; undefined for headless and ExternalName Services. */
  clusterIP: Ipv4 | undefined
  headless: boolean
  /** Undefined = no selector (endpoints managed elsewhere). */
  selector?: Record<string, string>
  ports: ServicePort[]
  annotations: Record<string, string>
  labels: Record<string, string>
  externalName?: string
  /** Workloads the selector matches (same namespace). */
  endpoints: Workload[]
  loadBalancer?: LoadBalancer
  externalTrafficPolicy: 'Cluster' | 'Local'
  /** `spec.ipFamilies` as written (empty when absent: Kubernetes then takes the cluster's first family). */
  ipFamilies: Array<'IPv4' | 'IPv6'>
  /** `spec.ipFamilyPolicy` (default SingleStack, as Kubernetes defaults it). */
  ipFamilyPolicy: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack'
}

export interface LabelSelectorRequirement {
  key: string
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
  values: string[]
}

/** Normalised Kubernetes LabelSelector: both parts always present (empty = match all). */
export interface LabelSelector {
  matchLabels: Record<string, string>
  matchExpressions: LabelSelectorRequirement[]
}

/** A NetworkPolicy ipBlock of one family (Kubernetes: `except` blocks lie inside `cidr`, so share its family). */
export type IpBlock = {family: 4; cidr: Cidr; except: Cidr[]} | {family: 6; cidr: Ipv6Cidr; except: Ipv6Cidr[]}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector
  namespaceSelector?: LabelSelector
  /** An ipBlock matches addresses of its own family only. */
  ipBlock?: IpBlock
}

export interface NetworkPolicyPort {
  protocol: 'TCP' | 'UDP' | 'SCTP'
  /** Undefined = all ports. */
  port?: number | string
  endPort?: number
}

export interface NetworkPolicyRule {
  index: number
  /** Undefined = every peer (`from`/`to` absent or empty, as Kubernetes defines it). */
  peers?: NetworkPolicyPeer[]
  /** Undefined = every port (`ports` absent or empty). */
  ports?: NetworkPolicyPort[]
  source: SourceRef
}

export interface NetworkPolicy extends Located {
  kind: 'networkPolicy'
  name: string
  namespace: Namespace
  cluster: Cluster
  podSelector: LabelSelector
  /** After Kubernetes defaulting: Ingress always unless only Egress listed; Egress when listed or egress rules exist. */
  policyTypes: Array<'Ingress' | 'Egress'>
  ingress: NetworkPolicyRule[]
  egress: NetworkPolicyRule[]
}

export interface IngressBackendRef {
  serviceName: string
  port: {number?: number; name?: string}
  /** Resolved in the Ingress's namespace; undefined if absent (reach: NO_ENDPOINTS). */
  service?: Service
}

export interface IngressPath {
  host?: string
  path: string
  pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific'
  backend: IngressBackendRef
  source: SourceRef
}

export interface Ingress extends Located {
  kind: 'ingress'
  name: string
  namespace: Namespace
  cluster: Cluster
  ingressClassName?: string
  /** Every (host, path) rule in file order. */
  paths: IngressPath[]
  defaultBackend?: IngressBackendRef
  tlsHosts: string[]
}

// ---------------------------------------------------------------------------------------------

export interface Expectation extends Located {
  index: number
  from: string
  to: string
  port?: number
  protocol?: 'tcp' | 'udp' | 'icmp'
  expect: 'allowed' | 'denied' | 'partial'
  /** The address family as written (SPEC §8); absent: 4, or 6 when an endpoint is an IPv6 `ip:` address. */
  family?: 4 | 6
  description?: string
}

export type IpOwner =
  | {kind: 'node'; node: Node}
  | {kind: 'instance'; instance: Instance}
  | {kind: 'pod'; pod: Pod}
  | {kind: 'loadBalancer'; loadBalancer: LoadBalancer}
  | {kind: 'natGateway'; natGateway: NatGateway}

export interface Model {
  /** The topology file (`-` for stdin). */
  file: string
  name: string
  region?: string
  settings: Settings
  /** Catalog merged with the file's `instanceTypes:` (only the types the file uses or declares). */
  instanceTypes: Map<string, InstanceTypeLimits>
  vpcs: Vpc[]
  vpcByName: Map<string, Vpc>
  vswitches: VSwitch[]
  vswitchByName: Map<string, VSwitch>
  /** All route tables of all VPCs. */
  routeTables: RouteTable[]
  securityGroups: SecurityGroup[]
  securityGroupByName: Map<string, SecurityGroup>
  instances: Instance[]
  instanceByName: Map<string, Instance>
  natGateways: NatGateway[]
  natGatewayByName: Map<string, NatGateway>
  ipv6Gateways: Ipv6Gateway[]
  ipv6GatewayByName: Map<string, Ipv6Gateway>
  /** File SLBs, then Service SLBs (`CLUSTER/NS/NAME`). */
  loadBalancers: LoadBalancer[]
  loadBalancerByName: Map<string, LoadBalancer>
  clusters: Cluster[]
  clusterByName: Map<string, Cluster>
  expectations: Expectation[]
  /** Private address → its owner (first claimant; hostNetwork pods are not owners). */
  ipOwners: Map<Ipv4, IpOwner>
  /** Addresses claimed by more than one owner (the ip-address lint rule reports them). */
  duplicateIps: Array<{ip: Ipv4; owners: IpOwner[]}>
  /** IPv6 address → its owner (instances, dual-stack nodes and pods; hostNetwork pods are not owners). */
  ipv6Owners: Map<Ipv6, IpOwner>
  duplicateIpv6s: Array<{ip: Ipv6; owners: IpOwner[]}>
  /** Locates an object (or one of its fields) for a finding: 1-based line/column. */
  locate(source: SourceRef, what?: 'key' | 'value', field?: string): {file: string; line: number; column: number; path: string}
}
