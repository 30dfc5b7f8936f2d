import type {LoadBalancerDoc} from '../document.js'
import {str, type Obj, type TerraformContext} from './context.js'
import type {Resource} from './input.js'

/** alicloud_slb / alicloud_slb_load_balancer → `loadBalancers` (VPC from the vSwitch). */
export function mapLoadBalancers(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_slb', 'alicloud_slb_load_balancer')) {
    const vswitch = t.ref(r, 'vswitch_id')?.resource
    const vpc = vswitch ? t.vswitchVpc.get(vswitch) : undefined
    const doc: LoadBalancerDoc = {name: t.nameOf(r, 'load balancer', 'load_balancer_name', 'name'), vpc: vpc?.name ?? '', vswitch: t.name(vswitch) ?? '', addressType: String(r.values.address_type ?? 'internet') === 'intranet' ? 'intranet' : 'internet', listeners: []}
    if (!vswitch) delete (doc as Obj).vswitch
    if (!vpc) t.warnings.push(`${r.address}: no vSwitch in this file, so its VPC is unknown`)
    if (str(r.values.address)) doc.address = r.values.address
    t.loadBalancers.set(r, doc)
    t.sources.set(doc, t.sourceOf(r))
  }
}

/** alicloud_slb_backend_server / _attachment / _listener / _acl(_entry_attachment) → listeners, backends, ACL. */
export function mapListeners(t: TerraformContext): void {
  const lbOf = (r: Resource) => t.loadBalancers.get(t.ref(r, 'load_balancer_id')?.resource as Resource)
  const backendsOf = new Map<LoadBalancerDoc, string[]>()
  for (const r of t.ofType('alicloud_slb_backend_server', 'alicloud_slb_attachment')) {
    const lb = lbOf(r)
    if (!lb) continue
    const servers = r.type === 'alicloud_slb_attachment' ? t.refs(r, 'instance_ids') : t.refs(r, 'backend_servers')
    const fromValues = r.type === 'alicloud_slb_backend_server' ? (r.values.backend_servers ?? []).map((s: Obj) => t.byId(String(s.server_id))) : []
    const all = [...servers.map((s) => s.resource), ...fromValues].filter((s): s is Resource => s?.type === 'alicloud_instance')
    backendsOf.set(lb, [...new Set([...(backendsOf.get(lb) ?? []), ...all.map((s) => t.name(s)!)])])
  }
  for (const r of t.ofType('alicloud_slb_listener')) {
    const lb = lbOf(r)
    if (!lb) {
      t.warnings.push(`${r.address}: its load balancer is not in this file; skipped`)
      continue
    }
    const port = Number(r.values.frontend_port ?? r.values.listener_port)
    const backendPort = Number(r.values.backend_port ?? port)
    lb.listeners.push({port, protocol: String(r.values.protocol ?? 'tcp'), backends: (backendsOf.get(lb) ?? []).sort().map((instance) => `instance:${instance}:${backendPort}`)})
    if (String(r.values.acl_status ?? 'off') === 'on') {
      const acl = t.ref(r, 'acl_id')?.resource
      const entries = acl ? [...(acl.values.entry_list ?? []).map((e: Obj) => String(e.entry)), ...t.ofType('alicloud_slb_acl_entry_attachment').filter((a) => t.ref(a, 'acl_id')?.resource === acl).map((a) => String(a.values.entry))] : []
      if (!acl) t.warnings.push(`${r.address}: ACL ${str(r.values.acl_id) ?? ''} not in this file; an empty list is imported`)
      const ipv6 = entries.filter((e) => e.includes(':'))
      if (ipv6.length > 0) t.warnings.push(`${r.address}: ${ipv6.length} IPv6 entr(ies) of its ACL not imported (a load balancer is IPv4 in acknet: SPEC §8 gives SLBs no IPv6)`)
      lb.acl = {type: r.values.acl_type === 'black' ? 'black' : 'white', cidrs: entries.filter((e) => e && !e.includes(':'))}
    }
  }
  for (const lb of t.loadBalancers.values()) lb.listeners.sort((a, b) => a.port - b.port)
}
