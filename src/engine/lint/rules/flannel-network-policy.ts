import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import {plural} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const flannelNetworkPolicyRule: LintRule<Model> = {
  id: 'flannel-network-policy',
  severity: 'warning',
  description: 'NetworkPolicies in a cluster that does not enforce them',
  help: 'ACK enforces NetworkPolicy only with Terway (and not for exclusive-ENI pods); Flannel clusters, and Terway clusters with network.networkPolicy: false, accept the objects and ignore them, so the isolation you wrote does not exist. Use Terway with networkPolicy enabled, or enforce with security groups.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.network.enforcesNetworkPolicy || cluster.networkPolicies.length === 0) continue
      const network = cluster.network
      const why =
        network.plugin === 'flannel'
          ? 'Flannel does not enforce NetworkPolicy'
          : network.plugin === 'terway' && network.mode === 'exclusive'
            ? 'Terway exclusive ENI mode skips NetworkPolicy'
            : 'network.networkPolicy is false'
      // one finding per cluster (on its first policy): the fix is the cluster's, not each policy's
      const first = cluster.networkPolicies[0]!
      findings.push(ctx.finding(first.source, 'metadata.name', `cluster ${cluster.name}: ${why}; ${plural(cluster.networkPolicies.length, 'NetworkPolicy', 'NetworkPolicies')} (first: ${first.namespace.name}/${first.name}) ${cluster.networkPolicies.length === 1 ? 'has' : 'have'} no effect`, 'key'))
    }
    return findings
  },
}
