import type {ClusterDoc, NodePoolDoc} from '../document.js'
import {str, type Obj, type TerraformContext} from './context.js'
import type {Resource} from './input.js'

/** alicloud_cs_managed_kubernetes / _kubernetes / _serverless_kubernetes → `clusters` (network from addons and CIDRs). */
export function mapClusters(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_cs_managed_kubernetes', 'alicloud_cs_kubernetes', 'alicloud_cs_serverless_kubernetes')) {
    const v = r.values
    const controlVSwitches = t.refs(r, v.worker_vswitch_ids !== undefined || r.expressions.worker_vswitch_ids ? 'worker_vswitch_ids' : 'vswitch_ids').map((hit) => hit.resource)
    const vpc = t.name(t.ref(r, 'vpc_id')?.resource) ?? controlVSwitches.map((s) => t.vswitchVpc.get(s)?.name).find(Boolean)
    const doc: ClusterDoc = {name: t.nameOf(r, 'cluster', 'name'), vpc: vpc ?? t.unresolved(r, 'vpc_id', 'VPC')}
    if (r.type === 'alicloud_cs_serverless_kubernetes') doc.type = 'acs'
    const addons = (v.addons ?? []).map((a: Obj) => String(a.name))
    const podVSwitches = t.refs(r, 'pod_vswitch_ids').map((hit) => t.name(hit.resource)!).filter(Boolean)
    if (doc.type !== 'acs') {
      const plugin = podVSwitches.length > 0 || addons.some((a: string) => a.startsWith('terway')) ? 'terway' : addons.includes('flannel') || str(v.pod_cidr) ? 'flannel' : undefined
      doc.network = plugin ? {plugin} : {}
      if (plugin === 'terway') {
        doc.network.podVSwitches = podVSwitches
        if (addons.includes('terway-eni')) doc.network.mode = 'exclusive'
      } else if (plugin === 'flannel') {
        if (str(v.pod_cidr)) doc.network.podCidr = v.pod_cidr
        if (Number.isInteger(v.node_cidr_mask)) doc.network.nodeCidrMask = v.node_cidr_mask
      } else t.note(`${r.address}: no pod_vswitch_ids, pod_cidr or network addon; plugin unknown`)
    } else if (podVSwitches.length > 0) doc.network = {podVSwitches}
    if (str(v.service_cidr)) doc.serviceCidr = v.service_cidr
    if (str(v.cluster_domain) && v.cluster_domain !== 'cluster.local') doc.clusterDomain = v.cluster_domain
    if (str(v.node_port_range) && v.node_port_range !== '30000-32767') doc.nodePortRange = v.node_port_range
    if (v.new_nat_gateway === true) t.warnings.push(`${r.address} sets new_nat_gateway: ACK creates a NAT gateway and SNAT entries that are not in this file; import them with \`acknet import aliyun --nat\` after apply`)
    const workerCount = Number(v.worker_number ?? 0)
    if (workerCount > 0) t.warnings.push(`${r.address} declares ${workerCount} worker nodes outside node pools (worker_number); not imported, use alicloud_cs_kubernetes_node_pool`)
    t.clusters.push(doc)
    t.clusterByResource.set(r, doc)
    t.sources.set(doc, t.sourceOf(r))
  }
}

/** alicloud_cs_kubernetes_node_pool → its cluster's `nodePools`. */
export function mapNodePools(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_cs_kubernetes_node_pool')) {
    const cluster = t.clusterByResource.get(t.ref(r, 'cluster_id')?.resource as Resource)
    if (!cluster) {
      t.warnings.push(`${r.address}: its cluster is not in this file; node pool skipped`)
      continue
    }
    const v = r.values
    const types: string[] = Array.isArray(v.instance_types) ? v.instance_types : []
    if (types.length > 1) t.warnings.push(`${r.address} has ${types.length} instance types; the pool is imported with the first, ${types[0]}`)
    const count = [v.desired_size, v.node_count].map(Number).find((n) => Number.isInteger(n) && n >= 0) ?? (v.scaling_config?.[0] ? Number(v.scaling_config[0].max_size) : 0)
    if (v.desired_size === undefined && v.node_count === undefined && v.scaling_config?.[0]) t.note(`${r.address} autoscales; counted at max_size ${count}`)
    const groupsOfPool = [...t.resolveAll(r, 'security_group_ids', 'security group'), ...(v.security_group_id || r.expressions.security_group_id ? t.resolveAll(r, 'security_group_id', 'security group') : [])]
    const pool: NodePoolDoc = {name: t.nameOf(r, `node pool of ${cluster.name}`, 'node_pool_name', 'name'), instanceType: types[0] ?? 'unknown', count, vswitches: t.refs(r, 'vswitch_ids').map((hit) => t.name(hit.resource)!).filter(Boolean)}
    if (groupsOfPool.length > 0) pool.securityGroups = [...new Set(groupsOfPool)]
    cluster.nodePools = [...(cluster.nodePools ?? []), pool]
    t.sources.set(pool, t.sourceOf(r))
  }
}
