import {cidrContainsAddress, formatCidr} from '../../cidr/cidr.js'
import {formatIpv4} from '../../cidr/ipv4.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const serviceClusterIpRule: LintRule<Model> = {
  id: 'service-cluster-ip',
  severity: 'error',
  description: "A Service's clusterIP lies outside its cluster's Service CIDR",
  help: "The API server allocates cluster IPs from the cluster's Service CIDR (--service-cluster-ip-range) and rejects a Service whose spec.clusterIP lies outside it (Kubernetes Service docs; SPEC §3). Pick an address inside the Service CIDR, or leave clusterIP out to have one allocated.",
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      for (const service of cluster.services) {
        if (service.clusterIP === undefined || cidrContainsAddress(cluster.serviceCidr, service.clusterIP)) continue
        findings.push(ctx.finding(service.source, 'spec.clusterIP', `Service ${service.namespace.name}/${service.name}: clusterIP ${formatIpv4(service.clusterIP)} is outside the Service CIDR ${formatCidr(cluster.serviceCidr)} of cluster ${cluster.name}`))
      }
    }
    return findings
  },
}
