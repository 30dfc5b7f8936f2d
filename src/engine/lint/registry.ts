import type {Model} from '../topology/model.js'
import type {LintRule} from './rule.js'
import {expectationRule} from './rules/expectation.js'
import {flannelNetworkPolicyRule} from './rules/flannel-network-policy.js'
import {flannelUnsupportedRule} from './rules/flannel-unsupported.js'
import {ipAddressRule} from './rules/ip-address.js'
import {netpolSelectsNothingRule} from './rules/netpol-selects-nothing.js'
import {nodeCidrMaskRule} from './rules/node-cidr-mask.js'
import {nodePortRangeRule} from './rules/node-port-range.js'
import {podCapacityRule} from './rules/pod-capacity.js'
import {podCidrRule} from './rules/pod-cidr.js'
import {routeDestinationRule} from './rules/route-destination.js'
import {routeQuotaRule} from './rules/route-quota.js'
import {serviceCidrRule} from './rules/service-cidr.js'
import {serviceNoEndpointsRule} from './rules/service-no-endpoints.js'
import {serviceTargetPortRule} from './rules/service-target-port.js'
import {sgBasicCapacityRule} from './rules/sg-basic-capacity.js'
import {sgMixedTypesRule} from './rules/sg-mixed-types.js'
import {sgOpenAdminPortRule} from './rules/sg-open-admin-port.js'
import {sgRuleCountRule} from './rules/sg-rule-count.js'
import {cidrSyntax, duplicateName, fileUnreadable, internal, schema, unknownReference, yamlSyntax} from './rules/structural.js'
import {terwayExclusiveEnisRule} from './rules/terway-exclusive-enis.js'
import {terwayMinPodsRule} from './rules/terway-min-pods.js'
import {terwayPodNetworkingRule} from './rules/terway-pod-networking.js'
import {terwayPodVSwitchZoneRule} from './rules/terway-pod-vswitch-zone.js'
import {vpcCidrRule} from './rules/vpc-cidr.js'
import {vswitchCapacityRule} from './rules/vswitch-capacity.js'
import {vswitchCidrRule} from './rules/vswitch-cidr.js'
import {vswitchCountRule} from './rules/vswitch-count.js'
import {natSnatCoverageRule} from './rules/nat-snat-coverage.js'
import {sgEnterpriseReferenceRule} from './rules/sg-enterprise-reference.js'
import {terwayPodVSwitchDistinctRule} from './rules/terway-pod-vswitch-distinct.js'
import {vswitchOverlapRule} from './rules/vswitch-overlap.js'
import {acsUnsupportedRule} from './rules/acs-unsupported.js'
import {dualStackRule} from './rules/dual-stack.js'
import {serviceCidrSharedRule} from './rules/service-cidr-shared.js'
import {serviceClusterIpRule} from './rules/service-cluster-ip.js'
import {serviceIpFamilyRule} from './rules/service-ip-family.js'
import {vpcIpQuotaRule} from './rules/vpc-ip-quota.js'
import {netpolRuleRedundantRule, sgRuleShadowedRule} from './rules/network-rules.js'

/**
 * Every lint rule, in the order --list-rules and SARIF show them (SPEC §5 table order, then
 * extras). Adding a rule = one module in rules/ + one line here (and a section in docs/lint.md).
 */
export const RULES: ReadonlyArray<LintRule<Model>> = [
  yamlSyntax,
  schema,
  unknownReference,
  duplicateName,
  cidrSyntax,
  vpcCidrRule,
  vswitchCidrRule,
  vswitchOverlapRule,
  podCidrRule,
  serviceCidrRule,
  nodeCidrMaskRule,
  routeQuotaRule,
  routeDestinationRule,
  vswitchCapacityRule,
  ipAddressRule,
  terwayMinPodsRule,
  terwayExclusiveEnisRule,
  terwayPodVSwitchZoneRule,
  podCapacityRule,
  flannelNetworkPolicyRule,
  terwayPodNetworkingRule,
  flannelUnsupportedRule,
  sgMixedTypesRule,
  sgRuleCountRule,
  sgBasicCapacityRule,
  sgOpenAdminPortRule,
  serviceNoEndpointsRule,
  serviceTargetPortRule,
  nodePortRangeRule,
  netpolSelectsNothingRule,
  expectationRule,
  serviceCidrSharedRule,
  serviceClusterIpRule,
  vpcIpQuotaRule,
  acsUnsupportedRule,
  dualStackRule,
  // extras beyond the SPEC §5 table
  internal,
  fileUnreadable,
  serviceIpFamilyRule,
  vswitchCountRule,
  terwayPodVSwitchDistinctRule,
  sgEnterpriseReferenceRule,
  natSnatCoverageRule,
  sgRuleShadowedRule, netpolRuleRedundantRule,
]

export const RULE_BY_ID: ReadonlyMap<string, LintRule<Model>> = new Map(RULES.map((rule) => [rule.id, rule]))
export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id))
