import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const terwayPodVSwitchZoneRule: LintRule<Model> = {
  id: 'terway-pod-vswitch-zone',
  severity: 'error',
  description: 'A Terway node zone has no pod vSwitch',
  help: 'Terway takes pod addresses from a pod vSwitch in the node\'s own zone; with none it falls back to the node\'s vSwitch and node and pod addresses compete (ACK: "at least one pod vSwitch for each node vSwitch", same zone). Add a pod vSwitch in that zone to network.podVSwitches (or to the workload\'s podNetworking.vswitches).',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.network.plugin !== 'terway') continue
      const podZones = new Set(cluster.network.podVSwitches.map((vswitch) => vswitch.zone))
      const reported = new Set<string>()
      for (const pool of cluster.nodePools) {
        pool.vswitches.forEach((vswitch, index) => {
          if (podZones.has(vswitch.zone) || reported.has(vswitch.zone)) return
          reported.add(vswitch.zone)
          const have = podZones.size > 0 ? `pod vSwitches are in ${[...podZones].join(', ')}` : 'network.podVSwitches is empty'
          findings.push(ctx.finding(pool.source, `vswitches[${index}]`, `cluster ${cluster.name}: node zone ${vswitch.zone} (vSwitch ${vswitch.name}, pool ${pool.name}) has no pod vSwitch; ${have}`))
        })
      }
      for (const workload of cluster.workloads) {
        const own = workload.podNetworking?.vswitches
        if (!own || own.length === 0 || !workload.nodePool) continue
        const zones = new Set(own.map((vswitch) => vswitch.zone))
        const missing = [...new Set(workload.nodePool.vswitches.map((vswitch) => vswitch.zone))].filter((zone) => !zones.has(zone))
        if (missing.length > 0) findings.push(ctx.finding(workload.source, 'podNetworking.vswitches', `workload ${workload.namespace.name}/${workload.name}: its pods run in ${missing.join(', ')} (pool ${workload.nodePool.name}) but podNetworking has no vSwitch there`))
      }
    }
    return findings
  },
}
