import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const serviceTargetPortRule: LintRule<Model> = {
  id: 'service-target-port',
  severity: 'error',
  description: 'A named targetPort that no selected workload declares',
  help: 'A named targetPort resolves, pod by pod, to the container port with that name; pods without it get no endpoint for that Service port. Name the container port (ports[].name) in the workload, or use the port number.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      for (const service of cluster.services) {
        if (service.endpoints.length === 0) continue // service-no-endpoints says why
        for (const port of service.ports) {
          if (typeof port.targetPort !== 'string') continue
          const name = port.targetPort
          if (service.endpoints.some((workload) => workload.ports.some((container) => container.name === name))) continue
          const workloads = service.endpoints.slice(0, 3).map((workload) => workload.name).join(', ') + (service.endpoints.length > 3 ? ', …' : '')
          findings.push(ctx.finding(service.source, `spec.ports[${port.index}].targetPort`, `Service ${service.namespace.name}/${service.name}: targetPort "${name}" is not a container port name of ${workloads}`))
        }
      }
    }
    return findings
  },
}
