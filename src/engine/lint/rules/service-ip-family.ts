import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const serviceIpFamilyRule: LintRule<Model> = {
  id: 'service-ip-family',
  severity: 'error',
  description: 'A Service requires IPv6 (RequireDualStack or IPv6-only) in a cluster without dual stack',
  help: 'Kubernetes falls back to single stack for ipFamilyPolicy: PreferDualStack where dual stack is unavailable (no finding), but rejects RequireDualStack and an IPv6-only Service (ipFamilies [IPv6]) in an IPv4-only cluster (Kubernetes dual-stack docs; SPEC §3). ACS clusters never have dual stack. Use PreferDualStack or SingleStack IPv4, or make the cluster dual stack (ipStack: dual, Terway).',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      // Flannel clusters: flannel-unsupported reports the same Services
      // Flannel clusters: flannel-unsupported reports the same Services; dual-stack ACK clusters take both families
      if (cluster.network.plugin === 'flannel' || (cluster.type !== 'acs' && cluster.ipStack === 'dual')) continue
      for (const service of cluster.services) {
        // from the model: Services of manifests: files are checked too
        const policy = service.ipFamilyPolicy
        const families = service.ipFamilies
        const where = `Service ${service.namespace.name}/${service.name}`
        const stack = cluster.type === 'acs' ? `ACS cluster ${cluster.name} (no dual stack)` : `cluster ${cluster.name}, which is IPv4 only`
        if (policy === 'RequireDualStack') findings.push(ctx.finding(service.source, 'spec.ipFamilyPolicy', `${where}: ipFamilyPolicy RequireDualStack in ${stack}; the API server rejects it (PreferDualStack would fall back to IPv4)`))
        else if (families.includes('IPv6') && !families.includes('IPv4')) findings.push(ctx.finding(service.source, 'spec.ipFamilies', `${where}: an IPv6-only Service (ipFamilies [IPv6]) in ${stack}; the API server rejects it`))
      }
    }
    return findings
  },
}
