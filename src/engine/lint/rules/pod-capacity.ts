import {hostingNodes, usesMemberEni} from '../../capacity/node-pods.js'
import type {Finding} from '../../findings.js'
import type {Model, NodePool, Workload} from '../../topology/model.js'
import {plural} from '../helpers.js'
import type {LintRule, RuleContext} from '../rule.js'

export const podCapacityRule: LintRule<Model> = {
  id: 'pod-capacity',
  severity: 'warning',
  description: 'Replicas exceed what the node pools can host',
  help: 'Each node hosts at most its max pods (Flannel: addresses per node range − 1; Terway: the ENI formula of the mode). In Terway trunk mode a node holds its shared-ENI pods for ordinary replicas plus EniTotalQuantity − EniQuantity member-ENI pods for replicas with podNetworking; each kind is checked against its own capacity. Only nodes that can host pods count (a Flannel node without a pod range, a Terway type that cannot join, host none). hostNetwork pods take no pod address and are not counted. Add nodes, use a larger instance type or a wider node range.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.type === 'acs') continue
      for (const pool of cluster.nodePools) checkPool(pool, ctx, findings)
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

function checkPool(pool: NodePool, ctx: RuleContext, findings: Finding[]): void {
  if (pool.nodes.length === 0) return
  let ordinary = 0
  let members = 0
  for (const node of pool.nodes) {
    for (const pod of node.pods) {
      if (pod.workload.hostNetwork) continue
      if (usesMemberEni(pool, pod.workload)) members++
      else ordinary++
    }
  }
  const hosting = hostingNodes(pool).length
  // the scheduler places a replica on any node with room, so capacity adds up over the hosting nodes
  const onNodes = hosting === pool.nodes.length ? plural(pool.nodes.length, 'node') : `${plural(pool.nodes.length, 'node')} (only ${hosting} can host pods)`
  const limit = pool.maxPods
  if (limit?.ok) {
    const pending = ordinary - hosting * limit.pods
    if (pending > 0) {
      const kind = pool.memberPods ? ' without podNetworking' : ''
      findings.push(ctx.finding(pool.source, 'count', `node pool ${pool.name}: ${plural(ordinary, 'pod')}${kind} on ${onNodes}, but ${pool.instanceTypeName} holds ${limit.pods} per node; ${plural(pending, 'pod')} would stay Pending`))
    }
  }
  if (members === 0 || !pool.memberPods) return
  if (!pool.memberPods.ok) {
    findings.push(ctx.finding(pool.source, 'instanceType', `node pool ${pool.name}: ${plural(members, 'pod')} with podNetworking need trunk member ENIs, but EniTotalQuantity of ${pool.instanceTypeName} is not known, so their capacity cannot be checked; add instanceTypes[].eniTotal (or catalog: with DescribeInstanceTypes output in .acknetrc.yaml)`))
    return
  }
  const pending = members - hosting * pool.memberPods.pods
  if (pending > 0) {
    findings.push(ctx.finding(pool.source, 'count', `node pool ${pool.name}: ${plural(members, 'pod')} with podNetworking on ${onNodes}, but ${pool.instanceTypeName} has ${pool.memberPods.pods} trunk member ENIs per node; ${plural(pending, 'pod')} would stay Pending`))
  }
}
