import type {Finding} from '../../findings.js'
import type {Model, VSwitch} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const terwayPodVSwitchDistinctRule: LintRule<Model> = {
  id: 'terway-pod-vswitch-distinct',
  severity: 'error',
  description: 'A Terway pod vSwitch is also a node vSwitch of the cluster',
  help: 'ACK requires Terway pod vSwitches to differ from the node vSwitches (CreateCluster pod_vswitch_ids): otherwise pods and nodes compete for one address pool and scaling out nodes can starve pods (or the reverse). Give pods their own vSwitch in each zone.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.network.plugin !== 'terway') continue
      const nodeVSwitches = new Set<VSwitch>()
      for (const pool of cluster.nodePools) for (const vswitch of pool.vswitches) nodeVSwitches.add(vswitch)
      cluster.network.podVSwitches.forEach((vswitch, index) => {
        if (nodeVSwitches.has(vswitch)) findings.push(ctx.finding(cluster.source, `network.podVSwitches[${index}]`, `cluster ${cluster.name}: pod vSwitch ${vswitch.name} is also a node vSwitch; Terway needs separate pod vSwitches`))
      })
    }
    return findings
  },
}
