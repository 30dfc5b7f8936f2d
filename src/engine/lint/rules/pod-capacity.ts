import type {Finding} from '../../findings.js'
import type {Model, Workload} from '../../topology/model.js'
import {plural} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const podCapacityRule: LintRule<Model> = {
  id: 'pod-capacity',
  severity: 'warning',
  description: 'Replicas exceed what the node pools can host',
  help: 'Each node hosts at most its max pods (Flannel: addresses per node range − 1; Terway: the ENI formula of the mode). Replicas are spread round-robin over the pool\'s nodes (DaemonSets: one per node); pods beyond a node\'s limit stay Pending. hostNetwork pods take no pod address and are not counted. Add nodes, use a larger instance type or a wider node range.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.type === 'acs') continue
      for (const pool of cluster.nodePools) {
        const limit = pool.maxPods
        if (!limit || !limit.ok) continue
        let busiest = 0
        let pending = 0
        let total = 0
        for (const node of pool.nodes) {
          let load = 0
          for (const pod of node.pods) if (!pod.workload.hostNetwork) load++
          total += load
          if (load > busiest) busiest = load
          if (load > limit.pods) pending += load - limit.pods
        }
        if (pending > 0) {
          findings.push(ctx.finding(pool.source, 'count', `node pool ${pool.name}: ${plural(total, 'pod')} on ${plural(pool.nodes.length, 'node')} put up to ${busiest} on one node but ${pool.instanceTypeName} holds ${limit.pods} per node; ${plural(pending, 'pod')} would stay Pending`))
        }
      }
      // replicas assigned to a pool without nodes cannot run at all
      const stranded = new Map<string, Workload>()
      for (const workload of cluster.workloads) {
        if (workload.nodePool && workload.nodePool.count === 0 && workload.replicas > 0 && !stranded.has(workload.name)) {
          stranded.set(workload.name, workload)
          findings.push(ctx.finding(workload.source, workload.workloadKind === 'DaemonSet' ? 'name' : 'replicas', `workload ${workload.namespace.name}/${workload.name}: ${plural(workload.replicas, 'replica')} but node pool ${workload.nodePool.name} has no nodes`))
        }
      }
    }
    return findings
  },
}
