import type {Finding} from '../../findings.js'
import type {Model, Service} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const nodePortRangeRule: LintRule<Model> = {
  id: 'node-port-range',
  severity: 'error',
  description: "A nodePort outside the cluster's range, or used twice",
  help: 'A nodePort must lie in the cluster\'s nodePortRange (default 30000-32767; ACK allows up to 65535) and be unique in the cluster: the API server refuses the Service otherwise. Pick a free port in range or leave nodePort out to have one allocated.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      const {min, max} = cluster.nodePortRange
      const taken = new Map<number, Service>()
      for (const service of cluster.services) {
        for (const port of service.ports) {
          if (port.nodePort === undefined || !port.nodePortGiven) continue
          const field = `spec.ports[${port.index}].nodePort`
          if (port.nodePort < min || port.nodePort > max) {
            findings.push(ctx.finding(service.source, field, `Service ${service.namespace.name}/${service.name}: nodePort ${port.nodePort} is outside cluster ${cluster.name}'s range ${min}-${max}`))
            continue
          }
          const owner = taken.get(port.nodePort)
          if (owner) findings.push(ctx.finding(service.source, field, `Service ${service.namespace.name}/${service.name}: nodePort ${port.nodePort} is already used by Service ${owner.namespace.name}/${owner.name}`))
          else taken.set(port.nodePort, service)
        }
      }
    }
    return findings
  },
}
