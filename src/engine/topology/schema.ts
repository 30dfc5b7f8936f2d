import {z} from 'zod'
import {TOPOLOGY_API_VERSION} from './api-version.js'

// perf: acknet validates each file once per process, so zod's JIT (compiling a function per
// object schema on first use) costs more than it saves: jitless is ~25% faster cold on the
// xl topology (≈200 vs ≈265 ms CPU; docs/performance.md). Global, so set where zod first loads.
z.config({jitless: true})

/**
 * The topology file format (SPEC §2) as a zod v4 schema. It checks SHAPE only: field names,
 * types, enums and simple text patterns. Meaning (CIDR syntax, references, defaults) is the
 * resolver's job, so that each problem becomes the right finding (`cidr-syntax`,
 * `unknown-reference`, ...) instead of a generic `schema` one.
 *
 * acknet's own objects are strict (an unknown field is an error with a "did you mean" hint).
 * Kubernetes objects are strict where a typo would silently change the answer (NetworkPolicy
 * and Ingress specs, the top level) and tolerant on `metadata` and `status`, which users paste
 * from `kubectl get -o yaml`. Every list and map is optional; the resolver fills defaults.
 *
 * The shipped JSON Schema (schema/acknet-topology.schema.json) is generated from this file:
 * `acknet schema` / `npm run build`; test/engine/topology/schema-file.test.ts keeps them in sync.
 */

/**
 * Names (issue #15): what Alibaba Cloud accepts for resource names (letters including CJK,
 * digits, `.`, `_`, `-`, `:`) and what Kubernetes accepts for object names (DNS-1123: lowercase
 * letters, digits, `-`, `.`), starting with a letter, digit or `_` (`__proto__` stays a plain name), at most 128 characters (Alibaba's
 * limit; DNS-1123 labels allow 63, subdomains 253). Nothing else: a name with a newline, ESC, a
 * quote, `/` or a bidi override is a `schema` finding instead of reaching the output.
 */
export const NAME_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}._:-]*$/u
export const MAX_NAME_LENGTH = 128
const NAME_MESSAGE = 'a name starts with a letter, digit or _ and holds only letters, digits, ".", "_", "-" and ":" (Alibaba Cloud and Kubernetes naming rules)'
const name = z.string().min(1, 'must not be empty').max(MAX_NAME_LENGTH, `a name is at most ${MAX_NAME_LENGTH} characters`).regex(NAME_PATTERN, NAME_MESSAGE)
const names = z.array(name)
/** CIDR text; syntax is checked by the resolver (`cidr-syntax`, with the network form). */
const cidrText = z.string().meta({description: 'IPv4 CIDR block, e.g. 192.168.0.0/16'})
const ipv4Text = z.string().meta({description: 'IPv4 address, e.g. 192.168.64.10'})
/** IPv6 CIDR text (dual stack, SPEC §8); syntax is checked by the resolver (`cidr-syntax`). */
const ipv6CidrText = z.string().meta({description: 'IPv6 CIDR block, e.g. 2408:4005:3bc::/56'})
/** Either family: the resolver tells them apart by the colon. */
const anyCidrText = z.string().meta({description: 'IPv4 or IPv6 CIDR block, e.g. 10.0.0.0/8 or ::/0'})
const port = z.number().int().min(1).max(65535)
const labels = z.record(z.string(), z.string())

// ---------------------------------------------------------------------------------------------
// acknet objects

export const SettingsSchema = z.strictObject({
  routeEntriesPerTable: z.number().int().min(0).optional().meta({description: 'Custom route entries per route table (default 200; raise it when your quota was raised).'}),
  basicSecurityGroupMaxIps: z.number().int().min(1).optional().meta({description: 'Addresses (nodes + Terway pods) a basic security group should cover (ACK guidance: 2000).'}),
  rulesPerSecurityGroup: z.number().int().min(1).optional().meta({description: 'Rules per security group, inbound + outbound (default 200).'}),
})

export const InstanceTypeSchema = z.strictObject({
  name,
  enis: z.number().int().min(1).meta({description: 'EniQuantity: ENIs including the primary one.'}),
  ipv4PerEni: z.number().int().min(1).optional().meta({description: 'EniPrivateIpAddressQuantity.'}),
  ipv6PerEni: z.number().int().min(0).optional(),
  eniTotal: z.number().int().min(1).optional().meta({description: 'EniTotalQuantity (trunk member ENIs included).'}),
  trunk: z.boolean().optional(),
})

export const NEXT_HOP_PATTERN = /^(?:(?:nat|instance|peer|ipv6gw):[\p{L}\p{N}][\p{L}\p{M}\p{N}._:-]*|blackhole)$/u
export const RouteSchema = z.strictObject({
  destination: anyCidrText,
  nextHop: z.string().regex(NEXT_HOP_PATTERN, 'nextHop must be nat:NAME, instance:NAME, peer:VPC, ipv6gw:NAME or blackhole').meta({description: 'nat:NAME | instance:NAME | peer:VPC | ipv6gw:NAME (IPv6 destinations) | blackhole'}),
  description: z.string().optional(),
})

export const RouteTableSchema = z.strictObject({
  name: name.meta({description: '"system" adds routes to the VPC system table; any other name is a custom table.'}),
  routes: z.array(RouteSchema).optional(),
  description: z.string().optional(),
})

export const VSwitchSchema = z.strictObject({
  name,
  zone: name.meta({description: 'Zone id, e.g. cn-hangzhou-i'}),
  cidr: cidrText,
  ipv6Cidr: ipv6CidrText.optional().meta({description: 'Dual stack: the /64 of the VPC IPv6 block this vSwitch has (SPEC §8).'}),
  routeTable: name.optional().meta({description: 'Route table bound to this vSwitch (default: system).'}),
  description: z.string().optional(),
})

export const VpcSchema = z.strictObject({
  name,
  cidr: cidrText,
  secondaryCidrs: z.array(cidrText).optional(),
  ipv6Cidr: ipv6CidrText.optional().meta({description: 'Dual stack: the VPC IPv6 block Alibaba assigned (a /56; /48–/64 accepted).'}),
  routeTables: z.array(RouteTableSchema).optional(),
  vswitches: z.array(VSwitchSchema).optional(),
  description: z.string().optional(),
})

export const SG_PORTS_PATTERN = /^\d{1,5}\/\d{1,5}$/
export const SecurityGroupRuleSchema = z.strictObject({
  direction: z.enum(['ingress', 'egress']),
  protocol: z.enum(['tcp', 'udp', 'icmp', 'all']),
  ports: z.string().regex(SG_PORTS_PATTERN, 'ports must be "start/end", e.g. "5432/5432"').optional().meta({description: '"start/end" (tcp/udp only; default all ports)'}),
  peer: z.string().optional().meta({description: 'IPv4 or IPv6 CIDR (::/0), sg:NAME (basic groups) or omitted (any address of either family)'}),
  action: z.enum(['accept', 'drop']).optional(),
  priority: z.number().int().min(1).max(100).optional().meta({description: '1–100, default 1; lower wins; at equal priority drop wins'}),
  description: z.string().optional(),
})

export const SecurityGroupSchema = z.strictObject({
  name,
  vpc: name,
  type: z.enum(['basic', 'enterprise']).optional(),
  innerAccess: z.enum(['accept', 'drop']).optional().meta({description: 'basic groups only: whether members accept each other with no rule (default accept)'}),
  rules: z.array(SecurityGroupRuleSchema).optional(),
  description: z.string().optional(),
})

export const ListenSchema = z.strictObject({
  port,
  protocol: z.enum(['tcp', 'udp']).optional(),
})

export const InstanceSchema = z.strictObject({
  name,
  vswitch: name,
  ip: ipv4Text.optional(),
  ipv6: z.union([z.boolean(), z.string()]).optional().meta({description: 'Dual stack: an IPv6 address in the vSwitch /64, or true to allocate one (false or absent: none).'}),
  securityGroups: names.optional(),
  publicIp: z.boolean().optional(),
  listens: z.array(ListenSchema).optional().meta({description: 'If given, every other port is closed.'}),
  dnsNames: z.array(z.string().min(1)).optional(),
  description: z.string().optional(),
})

export const SnatSchema = z.strictObject({
  source: z.string().min(1).meta({description: '"vswitch:NAME" or a CIDR'}),
  eip: ipv4Text.optional(),
})

export const DnatSchema = z.strictObject({
  eip: ipv4Text,
  externalPort: port,
  internalIp: ipv4Text,
  internalPort: port,
  protocol: z.enum(['tcp', 'udp', 'any']).optional(),
})

export const NatGatewaySchema = z.strictObject({
  name,
  vpc: name,
  vswitch: name,
  eips: z.array(ipv4Text).optional(),
  snat: z.array(SnatSchema).optional(),
  dnat: z.array(DnatSchema).optional(),
  description: z.string().optional(),
})

/** A VPC's IPv6 gateway (SPEC §8): creating one adds `::/0 → ipv6gw:NAME` to the VPC's system table. */
export const Ipv6GatewaySchema = z.strictObject({
  name,
  vpc: name,
  internet: z.array(ipv6CidrText).optional().meta({description: 'IPv6 blocks (a /128 for one address) that have IPv6 internet bandwidth; only these reach and are reached from the internet.'}),
  description: z.string().optional(),
})

export const BACKEND_PATTERN = /^(?:instance:[^:\s]+|ip:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}):\d{1,5}$/
export const ListenerSchema = z.strictObject({
  port,
  protocol: z.enum(['tcp', 'udp', 'http', 'https']).optional(),
  backends: z.array(z.string().regex(BACKEND_PATTERN, 'a backend is "instance:NAME:PORT" or "ip:ADDRESS:PORT"')).optional(),
})

export const AclSchema = z.strictObject({
  type: z.enum(['white', 'black']),
  cidrs: z.array(cidrText).optional(),
})

export const LoadBalancerSchema = z.strictObject({
  name,
  vpc: name,
  vswitch: name.optional(),
  addressType: z.enum(['internet', 'intranet']).optional(),
  address: ipv4Text.optional(),
  acl: AclSchema.optional(),
  listeners: z.array(ListenerSchema).optional(),
  description: z.string().optional(),
})

export const NetworkSchema = z.strictObject({
  plugin: z.enum(['flannel', 'terway']).optional().meta({description: 'flannel | terway (ack clusters; default terway); acs clusters omit it'}),
  // flannel
  podCidr: cidrText.optional(),
  nodeCidrMask: z.number().int().optional().meta({description: 'Flannel node range mask, 24–28 (default 26)'}),
  routeTables: names.optional().meta({description: 'Flannel: route tables that get the node routes (default: system)'}),
  nonMasqueradeCidrs: z.array(cidrText).optional(),
  // terway / acs
  mode: z.enum(['shared', 'exclusive', 'trunk', 'prefix']).optional(),
  podVSwitches: names.optional(),
  podSecurityGroups: names.optional(),
  networkPolicy: z.boolean().optional(),
  erdma: z.boolean().optional().meta({description: 'Terway: eRDMA enabled (cannot be combined with ipStack: dual).'}),
})

export const NodePoolSchema = z.strictObject({
  name,
  instanceType: name,
  count: z.number().int().min(0),
  vswitches: names,
  securityGroups: names.optional(),
})

export const NamespaceSchema = z.strictObject({
  name,
  labels: labels.optional(),
})

export const ContainerPortSchema = z.strictObject({
  name: z.string().optional(),
  containerPort: port,
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
})

export const PodNetworkingSchema = z.strictObject({
  vswitches: names.optional(),
  securityGroups: names.optional(),
  eip: z.boolean().optional(),
})

export const WorkloadSchema = z.strictObject({
  name,
  namespace: name.optional().meta({description: 'default: "default"'}),
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet']).optional(),
  replicas: z.number().int().min(0).optional(),
  nodePool: name.optional(),
  labels: labels.optional(),
  ports: z.array(ContainerPortSchema).optional(),
  hostNetwork: z.boolean().optional(),
  podNetworking: PodNetworkingSchema.optional(),
})

// ---------------------------------------------------------------------------------------------
// Kubernetes objects, verbatim shapes

/** Pasted metadata carries uid, resourceVersion, managedFields...: tolerated. */
export const ObjectMetaSchema = z.looseObject({
  name,
  namespace: name.optional(),
  labels: labels.optional(),
  annotations: labels.optional(),
})

const intOrString = z.union([z.number().int(), z.string().min(1)])

export const LabelSelectorSchema = z.strictObject({
  matchLabels: labels.optional(),
  matchExpressions: z.array(z.strictObject({
    key: z.string().min(1),
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
    values: z.array(z.string()).optional(),
  })).optional(),
})

export const ServicePortSchema = z.strictObject({
  name: z.string().optional(),
  port,
  targetPort: intOrString.optional(),
  nodePort: port.optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  appProtocol: z.string().optional(),
})

// Every field of core/v1 ServiceSpec, so `kubectl get -o yaml` output passes and typos do not.
export const ServiceSpecSchema = z.strictObject({
  type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
  selector: labels.optional(),
  ports: z.array(ServicePortSchema).optional(),
  clusterIP: z.string().optional(),
  clusterIPs: z.array(z.string()).optional(),
  externalName: z.string().optional(),
  externalIPs: z.array(z.string()).optional(),
  externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
  internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
  healthCheckNodePort: z.number().int().optional(),
  ipFamilies: z.array(z.enum(['IPv4', 'IPv6'])).optional(),
  ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional(),
  loadBalancerClass: z.string().optional(),
  loadBalancerIP: z.string().optional(),
  loadBalancerSourceRanges: z.array(z.string()).optional(),
  allocateLoadBalancerNodePorts: z.boolean().optional(),
  publishNotReadyAddresses: z.boolean().optional(),
  sessionAffinity: z.enum(['None', 'ClientIP']).optional(),
  sessionAffinityConfig: z.unknown().optional(),
  trafficDistribution: z.string().optional(),
})

export const ServiceSchema = z.strictObject({
  apiVersion: z.literal('v1').optional(),
  kind: z.literal('Service').optional(),
  metadata: ObjectMetaSchema,
  spec: ServiceSpecSchema.optional(),
  status: z.unknown().optional(),
})

export const NetworkPolicyPortSchema = z.strictObject({
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  port: intOrString.optional(),
  endPort: port.optional(),
})

export const NetworkPolicyPeerSchema = z.strictObject({
  podSelector: LabelSelectorSchema.optional(),
  namespaceSelector: LabelSelectorSchema.optional(),
  ipBlock: z.strictObject({cidr: anyCidrText, except: z.array(anyCidrText).optional()}).optional(),
})

export const NetworkPolicySchema = z.strictObject({
  apiVersion: z.literal('networking.k8s.io/v1').optional(),
  kind: z.literal('NetworkPolicy').optional(),
  metadata: ObjectMetaSchema,
  spec: z.strictObject({
    podSelector: LabelSelectorSchema.optional(),
    policyTypes: z.array(z.enum(['Ingress', 'Egress'])).optional(),
    ingress: z.array(z.strictObject({from: z.array(NetworkPolicyPeerSchema).optional(), ports: z.array(NetworkPolicyPortSchema).optional()})).optional(),
    egress: z.array(z.strictObject({to: z.array(NetworkPolicyPeerSchema).optional(), ports: z.array(NetworkPolicyPortSchema).optional()})).optional(),
  }).optional(),
  status: z.unknown().optional(),
})

export const IngressBackendSchema = z.strictObject({
  service: z.strictObject({
    name,
    port: z.strictObject({number: port.optional(), name: z.string().min(1).optional()}).optional(),
  }).optional(),
  resource: z.looseObject({}).optional(),
})

export const IngressSchema = z.strictObject({
  apiVersion: z.literal('networking.k8s.io/v1').optional(),
  kind: z.literal('Ingress').optional(),
  metadata: ObjectMetaSchema,
  spec: z.strictObject({
    ingressClassName: z.string().optional(),
    defaultBackend: IngressBackendSchema.optional(),
    tls: z.array(z.strictObject({hosts: z.array(z.string()).optional(), secretName: z.string().optional()})).optional(),
    rules: z.array(z.strictObject({
      host: z.string().optional(),
      http: z.strictObject({
        paths: z.array(z.strictObject({
          path: z.string().optional(),
          pathType: z.enum(['Exact', 'Prefix', 'ImplementationSpecific']).optional(),
          backend: IngressBackendSchema,
        })),
      }).optional(),
    })).optional(),
  }).optional(),
  status: z.unknown().optional(),
})

// ---------------------------------------------------------------------------------------------

export const ClusterSchema = z.strictObject({
  name,
  type: z.enum(['ack', 'acs']).optional(),
  vpc: name,
  ipStack: z.enum(['ipv4', 'dual']).optional().meta({description: 'ipv4 (default) | dual: IPv4/IPv6 dual stack (Terway; SPEC §8)'}),
  network: NetworkSchema.optional(),
  serviceCidr: cidrText.optional().meta({description: 'default 172.19.0.0/20'}),
  nodePortRange: z.string().regex(/^\d{1,5}-\d{1,5}$/, 'nodePortRange must be "start-end", e.g. "30000-32767"').optional(),
  clusterDomain: z.string().min(1).optional(),
  nodePools: z.array(NodePoolSchema).optional(),
  namespaces: z.array(NamespaceSchema).optional(),
  workloads: z.array(WorkloadSchema).optional(),
  services: z.array(ServiceSchema).optional(),
  networkPolicies: z.array(NetworkPolicySchema).optional(),
  ingresses: z.array(IngressSchema).optional(),
  ingressController: z.strictObject({service: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'ingressController.service is NAMESPACE/NAME')}).optional(),
  manifests: z.array(z.string().min(1)).optional().meta({description: 'Globs, relative to this file, of Kubernetes YAML (Services, NetworkPolicies, Ingresses, Deployments, StatefulSets, DaemonSets, Namespaces).'}),
})

export const ExpectationSchema = z.strictObject({
  from: z.string().min(1),
  to: z.string().min(1),
  port: port.optional(),
  protocol: z.enum(['tcp', 'udp', 'icmp']).optional(),
  expect: z.enum(['allowed', 'denied', 'partial']),
  family: z.literal([4, 6]).optional().meta({description: 'Address family of the question (SPEC §8, as reach --family): 4 (default) or 6; an IPv6 ip: endpoint implies 6.'}),
  description: z.string().optional(),
})

export {TOPOLOGY_API_VERSION}

export const TopologySchema = z.strictObject({
  apiVersion: z.literal(TOPOLOGY_API_VERSION),
  kind: z.literal('Topology'),
  metadata: z.strictObject({name, region: z.string().optional(), description: z.string().optional()}),
  settings: SettingsSchema.optional(),
  instanceTypes: z.array(InstanceTypeSchema).optional(),
  vpcs: z.array(VpcSchema).optional(),
  securityGroups: z.array(SecurityGroupSchema).optional(),
  instances: z.array(InstanceSchema).optional(),
  natGateways: z.array(NatGatewaySchema).optional(),
  loadBalancers: z.array(LoadBalancerSchema).optional(),
  ipv6Gateways: z.array(Ipv6GatewaySchema).optional(),
  clusters: z.array(ClusterSchema).optional(),
  expectations: z.array(ExpectationSchema).optional(),
}).meta({title: 'acknet topology (acknet/v1)', description: 'Kubernetes networking on Alibaba Cloud (ACK/ACS) for acknet: VPCs, vSwitches, route tables, security groups, ECS, NAT, SLB, clusters. See docs/topology.md.'})

export type TopologyInput = z.infer<typeof TopologySchema>
export type VpcInput = z.infer<typeof VpcSchema>
export type ClusterInput = z.infer<typeof ClusterSchema>
export type ServiceInput = z.infer<typeof ServiceSchema>
export type NetworkPolicyInput = z.infer<typeof NetworkPolicySchema>
export type IngressInput = z.infer<typeof IngressSchema>
export type WorkloadInput = z.infer<typeof WorkloadSchema>
export type LabelSelectorInput = z.infer<typeof LabelSelectorSchema>

/** The JSON Schema editors use (`# yaml-language-server: $schema=...`); draft-07 because that is what yaml-language-server supports best. */
export function topologyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TopologySchema, {io: 'input', unrepresentable: 'any', target: 'draft-7'}) as Record<string, unknown>
  return schema
}
