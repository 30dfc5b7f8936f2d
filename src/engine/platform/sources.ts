/**
 * Where each platform number comes from. The full citations (URLs, repo commits, quotes) are
 * in shared/research/alibaba-facts.md; these short ids are what code comments refer to.
 */
export const SOURCES = {
  createVpc: 'CreateVpc API / VPC FAQ (alibaba-facts §1 "VPC CIDR")',
  createVSwitch: 'CreateVSwitch doc-detail/35745 (alibaba-facts §1 "vSwitch CIDR")',
  vpcQuotas: 'VPC quotas page (alibaba-facts §1 "Quotas", §5)',
  createClusterPodCidr: 'ACK CreateCluster container_cidr (alibaba-facts §2 "Pod CIDR")',
  createClusterServiceCidr: 'ACK CreateCluster service_cidr (alibaba-facts §2 "Service CIDR")',
  createClusterNodeMask: 'ACK CreateCluster node_cidr_mask + terraform ValidateFunc (alibaba-facts §2)',
  flannelRoutes: 'ACK work-with-flannel / document_detail/447462 (alibaba-facts §2, §5)',
  terwayLimits: 'Terway pkg/aliyun/client/limit.go + ACK adjusting-the-number-of-node-pods (alibaba-facts §3)',
  securityGroups: 'ECS AuthorizeSecurityGroup + basic vs advanced SGs (alibaba-facts §6)',
  ackBasicSg: 'ACK CreateCluster is_enterprise_security_group (alibaba-facts §2 "Terway planning")',
  nodePortRange: 'ACK CreateCluster node_port_range / Kubernetes Service docs (alibaba-facts §7)',
} as const
