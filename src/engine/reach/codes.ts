/**
 * The reachability reason codes (SPEC §4.3): what each means and the usual fix. `acknet codes`
 * prints this table and verdicts use the same text, so the two never drift apart.
 */
export const REASON_CODES = [
  'NETPOL_EGRESS_DENIED',
  'NETPOL_INGRESS_DENIED',
  'SG_EGRESS_DENIED',
  'SG_INGRESS_DENIED',
  'NO_ROUTE',
  'BLACKHOLE_ROUTE',
  'ROUTE_QUOTA_EXCEEDED',
  'NO_SNAT',
  'NO_PUBLIC_ADDRESS',
  'CLUSTER_IP_UNREACHABLE',
  'NO_ENDPOINTS',
  'PORT_NOT_EXPOSED',
  'PORT_NOT_LISTENING',
  'LB_ACL_DENIED',
  'LB_NOT_INTERNET_FACING',
  'NO_INGRESS_RULE',
  'DIFFERENT_VPC',
  'UNRESOLVED_NAME',
  'NO_RETURN_ROUTE',
  'NOT_INTERNET_ROUTABLE',
  'NO_IPV6_ADDRESS',
  'NO_IPV4_ADDRESS',
  'NO_IPV6_INTERNET',
] as const

export type ReasonCode = (typeof REASON_CODES)[number]

/** Findings on an answer that do not deny it (`warnings` of a reach result). */
export const WARNING_CODES = ['PORT_NOT_DECLARED'] as const
export type WarningCode = (typeof WARNING_CODES)[number]

/** The step of SPEC §4.2 a code belongs to (hop `step` names). */
export type StepName =
  | 'netpol-egress'
  | 'source-nat'
  | 'sg-egress'
  | 'service'
  | 'route'
  | 'sg-ingress'
  | 'netpol-ingress'
  | 'port'
  | 'return-route'

export const STEP_ORDER: readonly StepName[] = ['netpol-egress', 'source-nat', 'sg-egress', 'service', 'route', 'sg-ingress', 'netpol-ingress', 'port', 'return-route']

export interface ReasonCodeInfo {
  code: ReasonCode | WarningCode
  step: StepName
  /** What `object` names for this code, e.g. `securityGroup/NAME`. */
  object: string
  meaning: string
  fix: string
}

export const REASON_CODE_INFO: Readonly<Record<ReasonCode, ReasonCodeInfo>> = {
  NETPOL_EGRESS_DENIED: {
    code: 'NETPOL_EGRESS_DENIED', step: 'netpol-egress', object: 'networkPolicy/NS/NAME',
    meaning: 'The source pod is selected by NetworkPolicies with policyTypes Egress and none of their egress rules allows this destination and port.',
    fix: 'Add an egress rule (to: the destination pods, namespace or ipBlock; ports: the port) to one of the policies that select the source pod, or a new policy selecting it.',
  },
  NETPOL_INGRESS_DENIED: {
    code: 'NETPOL_INGRESS_DENIED', step: 'netpol-ingress', object: 'networkPolicy/NS/NAME',
    meaning: 'The destination pod is selected by NetworkPolicies for Ingress and none of their ingress rules allows this source and port.',
    fix: 'Add an ingress rule (from: the source podSelector/namespaceSelector or ipBlock; ports: the port) to a policy that selects the destination pod.',
  },
  SG_EGRESS_DENIED: {
    code: 'SG_EGRESS_DENIED', step: 'sg-egress', object: 'securityGroup/NAME',
    meaning: 'The security groups on the sending ENI drop this traffic: a drop rule wins, or the groups are enterprise groups with no accepting egress rule.',
    fix: 'Add an egress accept rule for the protocol, port and destination with a priority number lower than the drop rule (or any priority when nothing matches).',
  },
  SG_INGRESS_DENIED: {
    code: 'SG_INGRESS_DENIED', step: 'sg-ingress', object: 'securityGroup/NAME',
    meaning: 'The security groups on the receiving ENI drop this traffic: a drop rule wins, or no rule accepts it (basic groups accept only their own members by default; enterprise groups accept nothing).',
    fix: 'Add an ingress accept rule for the protocol and port from the source address (or its vSwitch CIDR) with a priority number lower than any matching drop rule.',
  },
  NO_ROUTE: {
    code: 'NO_ROUTE', step: 'route', object: 'routeTable/VPC/NAME',
    meaning: 'The route table of the source vSwitch has no entry that covers the destination address.',
    fix: 'Add a route entry for the destination (e.g. 0.0.0.0/0 → nat:GATEWAY for the internet, peer:VPC for a peered VPC), or bind the vSwitch to a table that has one.',
  },
  BLACKHOLE_ROUTE: {
    code: 'BLACKHOLE_ROUTE', step: 'route', object: 'routeTable/VPC/NAME',
    meaning: 'The longest matching route entry for the destination is a blackhole: packets are dropped.',
    fix: 'Remove the blackhole entry or add a more specific route for the destination.',
  },
  ROUTE_QUOTA_EXCEEDED: {
    code: 'ROUTE_QUOTA_EXCEEDED', step: 'route', object: 'routeTable/VPC/NAME',
    meaning: 'The destination is a Flannel pod on a node that got no route entry because the route table quota was full.',
    fix: 'Raise the route-table quota (Quota Center, then settings.routeEntriesPerTable), remove other custom routes from the table, use fewer and larger nodes, or move to Terway, which needs no node routes.',
  },
  NO_SNAT: {
    code: 'NO_SNAT', step: 'route', object: 'natGateway/NAME',
    meaning: 'Traffic to outside the VPC reaches the NAT gateway but no SNAT entry covers the source address, and the source has no public IP.',
    fix: 'Add an SNAT entry for the source vSwitch or CIDR to the NAT gateway, or give the instance a public IP / EIP.',
  },
  NO_PUBLIC_ADDRESS: {
    code: 'NO_PUBLIC_ADDRESS', step: 'route', object: 'instance/NAME or service/NS/NAME',
    meaning: 'Traffic from the internet needs a public entry point, and the destination has no public IP, EIP, DNAT entry or internet-facing SLB for this port.',
    fix: 'Bind an EIP (publicIp: true), add a DNAT entry on the NAT gateway, or expose it through an internet-facing SLB (LoadBalancer Service).',
  },
  CLUSTER_IP_UNREACHABLE: {
    code: 'CLUSTER_IP_UNREACHABLE', step: 'service', object: 'cluster/NAME',
    meaning: 'A Service cluster IP only works from the nodes and pods of its own cluster (kube-proxy); the source is outside that cluster.',
    fix: 'Use a NodePort, an intranet LoadBalancer Service (SLB) or the pod IPs (Terway) from outside the cluster.',
  },
  NO_ENDPOINTS: {
    code: 'NO_ENDPOINTS', step: 'service', object: 'service/NS/NAME',
    meaning: 'The Service, listener or Ingress backend resolves to no endpoints: its selector matches no pods, or the workload has no replicas.',
    fix: "Fix the Service selector to match the pods' labels, or scale the workload above zero replicas.",
  },
  PORT_NOT_EXPOSED: {
    code: 'PORT_NOT_EXPOSED', step: 'service', object: 'service/NS/NAME or loadBalancer/NAME',
    meaning: 'The Service, SLB listener, nodePort or DNAT entry has no port matching the requested one.',
    fix: 'Add the port to the Service (ports[].port / nodePort) or a listener to the SLB, or use a port it exposes.',
  },
  PORT_NOT_LISTENING: {
    code: 'PORT_NOT_LISTENING', step: 'port', object: 'instance/NAME or workload/NS/NAME',
    meaning: 'The destination declares the ports it listens on and this port is not one of them (a declared container port or `listens` entry).',
    fix: 'Use a port the destination declares, or add it to the workload ports / instance listens.',
  },
  LB_ACL_DENIED: {
    code: 'LB_ACL_DENIED', step: 'sg-ingress', object: 'loadBalancer/NAME or service/NS/NAME',
    meaning: 'The SLB access control list rejects the source address (not in a whitelist, or in a blacklist).',
    fix: 'Add the source CIDR to the whitelist (or remove it from the blacklist).',
  },
  LB_NOT_INTERNET_FACING: {
    code: 'LB_NOT_INTERNET_FACING', step: 'route', object: 'loadBalancer/NAME or service/NS/NAME',
    meaning: 'Traffic from the internet targets an SLB whose address type is intranet.',
    fix: 'Use addressType internet (annotation service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: internet) or front it with an internet-facing SLB.',
  },
  NO_INGRESS_RULE: {
    code: 'NO_INGRESS_RULE', step: 'service', object: 'cluster/NAME (Ingress controller)',
    meaning: 'No Ingress rule matches the URL host and path, or the cluster has no Ingress controller to receive it.',
    fix: 'Add an Ingress rule for the host and path (or a defaultBackend), and set ingressController in the cluster.',
  },
  DIFFERENT_VPC: {
    code: 'DIFFERENT_VPC', step: 'route', object: 'routeTable/VPC/NAME',
    meaning: 'Source and destination are in different VPCs and the source route table has no peering/CEN route to the other VPC.',
    fix: 'Peer the VPCs (or attach both to CEN) and add a route entry for the other VPC CIDR → peer:VPC in both directions.',
  },
  UNRESOLVED_NAME: {
    code: 'UNRESOLVED_NAME', step: 'service', object: 'the name',
    meaning: 'A DNS name or URL host does not resolve to anything in the topology (no Service, StatefulSet pod, instance dnsNames or Ingress host).',
    fix: 'Check the spelling and namespace, add the Service, or list the name in the instance dnsNames.',
  },
  NO_RETURN_ROUTE: {
    code: 'NO_RETURN_ROUTE', step: 'return-route', object: 'routeTable/VPC/NAME',
    meaning: "The reply cannot get back: the destination vSwitch's route table does not route the (translated) source address, e.g. a Flannel pod IP kept by nonMasqueradeCidrs towards a vSwitch whose table lacks the node routes.",
    fix: "Flannel pod IP: add the destination's route table to the cluster's network.routeTables (so node routes land there), or masquerade that destination (remove it from nonMasqueradeCidrs). Peered VPC: add a route for the source VPC's CIDR → peer:SOURCE-VPC to the destination's table (peering routes are needed in both directions).",
  },
  NOT_INTERNET_ROUTABLE: {
    code: 'NOT_INTERNET_ROUTABLE', step: 'route', object: 'routeTable/VPC/NAME',
    meaning: 'The destination is a private or reserved address (RFC 1918, 100.64.0.0/10, 127/8, 169.254/16, 224/4) outside every VPC of the topology, and the source route table sends it to a NAT gateway or the source\'s EIP: the internet never delivers such an address.',
    fix: 'Route the destination to where it lives: a peer:VPC entry for a peered VPC (and describe that VPC in the file), or an instance next hop (VPN gateway instance); or use the public address of the destination.',
  },
  NO_IPV6_ADDRESS: {
    code: 'NO_IPV6_ADDRESS', step: 'route', object: 'cluster/NAME, vswitch/NAME, instance/NAME, service/NS/NAME or loadBalancer/NAME',
    meaning: 'Asked over IPv6 (--family 6), an end has no IPv6 address: its cluster is single stack (ipStack ipv4, Flannel, ACS), its vSwitch has no ipv6Cidr, the instance has no ipv6, Terway runs the node IPv4-only (instance type), a Service whose ipFamilies/ipFamilyPolicy give it no IPv6, or an SLB (IPv4 in the topology).',
    fix: 'Make the cluster dual stack (ipStack: dual, Terway, an ipv6Cidr on every node and pod vSwitch), give the instance ipv6 (an address or true), or set the Service ipFamilyPolicy to PreferDualStack/RequireDualStack; or ask over IPv4.',
  },
  NO_IPV4_ADDRESS: {
    code: 'NO_IPV4_ADDRESS', step: 'route', object: 'service/NS/NAME',
    meaning: 'Asked over IPv4 (the default, --family 4), the destination has no IPv4 address: a Service with ipFamilyPolicy SingleStack and ipFamilies [IPv6] has only an IPv6 cluster IP and IPv6 endpoints. The IPv4 twin of NO_IPV6_ADDRESS.',
    fix: 'Ask over IPv6 (--family 6), or give the Service IPv4 as well (ipFamilyPolicy PreferDualStack or RequireDualStack, ipFamilies [IPv6, IPv4]).',
  },
  NO_IPV6_INTERNET: {
    code: 'NO_IPV6_INTERNET', step: 'route', object: 'ipv6Gateway/NAME',
    meaning: "IPv6 traffic to or from the internet goes through the VPC's IPv6 gateway, without SNAT, and only for addresses in the gateway's internet list (those with IPv6 internet bandwidth): this address is not in it, or the VPC has no IPv6 gateway.",
    fix: 'Add the address (or its vSwitch /64) to the internet list of the IPv6 gateway (ipv6Gateways[].internet), creating the gateway for the VPC if it has none.',
  },
}

export const WARNING_CODE_INFO: Readonly<Record<WarningCode, ReasonCodeInfo>> = {
  PORT_NOT_DECLARED: {
    code: 'PORT_NOT_DECLARED', step: 'port', object: 'workload/NS/NAME',
    meaning: 'A warning, not a denial: the destination pod does not declare this port in its containerPorts. Kubernetes treats containerPorts as informational ("Not specifying a port here DOES NOT prevent that port from being exposed", Pod spec API reference), so the connection is not blocked, but nothing in the file says the container listens there.',
    fix: 'Check that the container listens on the port, and declare it under the workload ports (named targetPorts resolve only through declared ports).',
  },
}

/** Every code `acknet codes` lists: the reason codes in SPEC §4.3 order, then the warning codes. */
export const ALL_CODE_INFO: readonly ReasonCodeInfo[] = [...REASON_CODES.map((code) => REASON_CODE_INFO[code]), ...WARNING_CODES.map((code) => WARNING_CODE_INFO[code])]
