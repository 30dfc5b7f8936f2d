/**
 * Small inline topologies for rule tests, with fixed line numbers (counted after the 3-line
 * header that the RuleTester adds). `extra` text is appended at the end so it never moves them.
 */
export interface ClusterOptions {
  type?: string
  count?: number
  mode?: string
  /** Workload list entries (each a `- {...}` line, indented by the builder). */
  workloads?: string[]
  services?: string[]
  extra?: string
}

/**
 * Terway cluster; lines: 5 node vSwitch n (zone z), 6 pod vSwitch pv, 10 network, 11 serviceCidr,
 * 13 node pool, 15… workloads, then services.
 */
export function terway({type = 'ecs.g7.xlarge', count = 2, mode = 'shared', workloads = [], services = [], extra = ''}: ClusterOptions = {}): string {
  return `vpcs:
  - name: p
    cidr: 192.168.0.0/16
    vswitches:
      - {name: n, zone: z, cidr: 192.168.0.0/24}
      - {name: pv, zone: z, cidr: 192.168.32.0/19}
clusters:
  - name: c
    vpc: p
    network: {plugin: terway, mode: ${mode}, podVSwitches: [pv]}
    serviceCidr: 172.21.0.0/20
    nodePools:
      - {name: np, instanceType: ${type}, count: ${count}, vswitches: [n]}
${workloads.length ? `    workloads:\n${workloads.map((w) => `      ${w}`).join('\n')}\n` : ''}${services.length ? `    services:\n${services.map((s) => `      ${s}`).join('\n')}\n` : ''}${extra}`
}

/** Flannel cluster; lines: 7 network, 8 serviceCidr, 10 node pool, 12… workloads. */
export function flannel({podCidr = '172.20.0.0/16', mask = 26, count = 2, workloads = [] as string[], extra = '', service = '172.21.0.0/20'} = {}): string {
  return `vpcs:
  - {name: p, cidr: 192.168.0.0/16, vswitches: [{name: n, zone: z, cidr: 192.168.0.0/20}]}
clusters:
  - name: c
    vpc: p
    type: ack
    network: {plugin: flannel, podCidr: ${podCidr}, nodeCidrMask: ${mask}}
    serviceCidr: ${service}
    nodePools:
      - {name: np, instanceType: ecs.g7.xlarge, count: ${count}, vswitches: [n]}
${workloads.length ? `    workloads:\n${workloads.map((w) => `      ${w}`).join('\n')}\n` : ''}${extra}`
}

/** A workload entry of `replicas` pods in namespace web. */
export function workload(name: string, replicas: number, more = ''): string {
  return `- {name: ${name}, namespace: web, kind: Deployment, replicas: ${replicas}, labels: {app: ${name}}${more ? `, ${more}` : ''}}`
}

/** A one-line Service in namespace web. */
export function service(name: string, spec: string): string {
  return `- {apiVersion: v1, kind: Service, metadata: {name: ${name}, namespace: web}, spec: ${spec}}`
}

/** VPC with the given vSwitch lines (lines 5…). */
export function vpc(cidr: string, vswitches: string[], extra = ''): string {
  return `vpcs:
  - name: p
    cidr: ${cidr}
    vswitches:${vswitches.length === 0 ? ' []' : ''}
${vswitches.map((v) => `      - ${v}\n`).join('')}${extra}`
}
