/**
 * Per-rule boundary cases (RuleTester): every lint rule, valid just inside its limit and invalid
 * just outside it, so that a flipped comparison fails here in milliseconds.
 */
import {ruleTester} from '../../helpers/rule-tester.js'
import {flannel, service, terway, vpc, workload} from '../../helpers/topologies.js'

const types = (...entries: string[]) => `instanceTypes:\n${entries.map((entry) => `  - ${entry}`).join('\n')}\n`

// ---------------------------------------------------------------------------------------------
// capacity (SPEC 1.3)

ruleTester('pod-capacity', {
  valid: [
    {name: 'shared: 90 pods on 2 × g7.xlarge (45 each) fit exactly', code: terway({workloads: [workload('a', 90)]})},
    {name: 'trunk: 60 ordinary replicas on 2 × g7.xlarge trunk nodes fit (45 + 16 each; trunk adds, it does not replace)', code: terway({mode: 'trunk', workloads: [workload('a', 60)]})},
    {name: 'trunk: 90 ordinary + 32 podNetworking pods on 2 nodes fit exactly', code: terway({mode: 'trunk', workloads: [workload('a', 90), workload('b', 32, 'podNetworking: {vswitches: [pv]}')]})},
    {name: 'hostNetwork pods are not counted', code: terway({workloads: [workload('a', 90), workload('h', 10, 'hostNetwork: true')]})},
    {name: 'Flannel: 254 pods on the 2 of 3 nodes that have a /25 range (127 each)', code: flannel({podCidr: '172.20.0.0/24', mask: 25, count: 3, workloads: [workload('a', 254)]})},
  ],
  invalid: [
    {name: 'shared: 91 pods on 2 × 45 leave 1 Pending', code: terway({workloads: [workload('a', 91)]}), errors: [{line: 13, message: 'node pool np: 91 pods on 2 nodes, but ecs.g7.xlarge holds 45 per node; 1 pod would stay Pending'}]},
    {name: 'trunk: 91 ordinary pods on 2 nodes', code: terway({mode: 'trunk', workloads: [workload('a', 91)]}), errors: [{line: 13, message: /91 pods without podNetworking on 2 nodes, but ecs\.g7\.xlarge holds 45 per node; 1 pod would stay Pending/}]},
    {name: 'trunk: 33 podNetworking pods on 2 × 16 member ENIs', code: terway({mode: 'trunk', workloads: [workload('b', 33, 'podNetworking: {vswitches: [pv]}')]}), errors: [{line: 13, message: /33 pods with podNetworking on 2 nodes, but ecs\.g7\.xlarge has 16 trunk member ENIs per node; 1 pod would stay Pending/}]},
    {name: 'trunk: podNetworking pods on a type without EniTotalQuantity cannot be checked (never guessed)', code: terway({mode: 'trunk', type: 'ecs.g7.4xlarge', workloads: [workload('b', 1, 'podNetworking: {vswitches: [pv]}')]}), errors: [{line: 13, message: /EniTotalQuantity of ecs\.g7\.4xlarge is not known.*instanceTypes\[\]\.eniTotal/}]},
    {name: 'Flannel: the node without a pod range hosts none: 255 pods on 2 hosting nodes of 127', code: flannel({podCidr: '172.20.0.0/24', mask: 25, count: 3, workloads: [workload('a', 255)]}), errors: [{line: 10, message: /255 pods on 3 nodes \(only 2 can host pods\).*1 pod would stay Pending/}]},
    {name: 'Terway: nodes of a type that cannot join host nothing', code: terway({type: 'ecs.t.small', count: 1, workloads: [workload('a', 1)], extra: types('{name: ecs.t.small, enis: 2, ipv4PerEni: 11}')}), errors: [{line: 13, message: /1 pod on 1 node \(only 0 can host pods\).*holds 11 per node; 1 pod would stay Pending/}]},
  ],
})

ruleTester('terway-min-pods', {
  valid: [terway({type: 'ecs.t.a', extra: types('{name: ecs.t.a, enis: 2, ipv4PerEni: 12}')}), terway({mode: 'exclusive', type: 'ecs.g6.large'})],
  invalid: [
    {code: terway({type: 'ecs.t.a', extra: types('{name: ecs.t.a, enis: 2, ipv4PerEni: 11}')}), errors: [{line: 13, message: /ecs\.t\.a cannot join Terway cluster c \(shared mode\): .*greater than 11; this type gives 11/}]},
    {name: 'trunk and prefix use the shared-mode test too', code: terway({mode: 'prefix', type: 'ecs.g6.large'}), errors: [{line: 13, message: /\(prefix mode\).*gives 6/}]},
  ],
})

ruleTester('terway-exclusive-enis', {
  valid: [terway({mode: 'exclusive', type: 'ecs.t.a', extra: types('{name: ecs.t.a, enis: 7, ipv4PerEni: 2}')})],
  invalid: [{code: terway({mode: 'exclusive', type: 'ecs.t.a', extra: types('{name: ecs.t.a, enis: 6, ipv4PerEni: 20}')}), errors: [{line: 13, message: /more than 6 ENIs; this type has 6/}]}],
})

ruleTester('terway-pod-vswitch-zone', {
  valid: [terway()],
  invalid: [{code: terway().replace('{name: pv, zone: z,', '{name: pv, zone: y,'), errors: [{line: 13, message: /node zone z \(vSwitch n, pool np\) has no pod vSwitch; pod vSwitches are in y/}]}],
})

ruleTester('terway-pod-vswitch-distinct', {
  valid: [terway()],
  invalid: [{code: terway().replace('podVSwitches: [pv]', 'podVSwitches: [n]'), errors: [{line: 10, message: /pod vSwitch n is also a node vSwitch/}]}],
})

ruleTester('terway-pod-networking', {
  valid: [terway({mode: 'trunk', workloads: [workload('b', 1, 'podNetworking: {vswitches: [pv]}')]})],
  invalid: [{code: terway({mode: 'shared', workloads: [workload('b', 1, 'podNetworking: {vswitches: [pv]}')]}), errors: [{line: 15, message: /podNetworking needs Terway trunk mode; cluster c uses shared mode/}]}],
})

ruleTester('vswitch-capacity', {
  // a /29 has 8 − 4 = 4 usable addresses
  valid: [vpc('10.0.0.0/16', ['{name: s, zone: z, cidr: 10.0.0.0/29}'], 'instances:\n' + [1, 2, 3, 4].map((i) => `  - {name: i${i}, vswitch: s}`).join('\n') + '\n')],
  invalid: [{code: vpc('10.0.0.0/16', ['{name: s, zone: z, cidr: 10.0.0.0/29}'], 'instances:\n' + [1, 2, 3, 4, 5].map((i) => `  - {name: i${i}, vswitch: s}`).join('\n') + '\n'), errors: [{line: 5, message: /has 4 usable addresses but needs 5 \(including 5 ECS instances\)/}]}],
})

ruleTester('vpc-ip-quota', {
  valid: [
    {name: '59,999 ACS pods + 1 ECS = 60,000 addresses', code: acsPods(59_999)},
    {name: 'Flannel pods are not VPC addresses', code: flannel({workloads: [workload('a', 100)]})},
  ],
  invalid: [{name: '60,000 ACS pods + 1 ECS = 60,001', code: acsPods(60_000), errors: [{line: 2, message: 'VPC p uses 60,001 private addresses (ECS 1, Terway/ACS pods 60,000); a VPC holds at most 60,000, a quota that cannot be raised'}]}],
})

function acsPods(replicas: number): string {
  return `vpcs:
  - name: p
    cidr: 10.0.0.0/8
    vswitches: [{name: a, zone: z, cidr: 10.0.0.0/16}, {name: b, zone: z, cidr: 10.1.0.0/16}, {name: e, zone: z, cidr: 10.2.0.0/24}]
instances: [{name: db, vswitch: e}]
clusters:
  - name: s
    type: acs
    vpc: p
    network: {podVSwitches: [a, b]}
    serviceCidr: 172.21.0.0/20
    workloads:
      - {name: w, namespace: web, kind: Deployment, replicas: ${replicas}, labels: {app: w}}
`
}

// ---------------------------------------------------------------------------------------------
// CIDR rules (SPEC §3)

ruleTester('vpc-cidr', {
  valid: [vpc('10.0.0.0/8', []), vpc('10.0.0.0/28', []), vpc('8.8.0.0/16', [])],
  invalid: [
    {code: vpc('10.0.0.0/7', []).replace('10.0.0.0/7', '8.0.0.0/7'), errors: [{line: 3, message: /needs a \/8–\/28 mask, got \/7/}]},
    {code: vpc('10.0.0.0/29', []), errors: [{line: 3, message: /needs a \/8–\/28 mask, got \/29/}]},
    {code: vpc('100.64.0.0/16', []), errors: [{line: 3, message: /overlaps 100\.64\.0\.0\/10/}]},
  ],
})

ruleTester('vswitch-cidr', {
  valid: [vpc('10.0.0.0/8', ['{name: a, zone: z, cidr: 10.0.0.0/16}', '{name: b, zone: z, cidr: 10.1.0.0/29}'])],
  invalid: [
    {code: vpc('10.0.0.0/8', ['{name: a, zone: z, cidr: 10.0.0.0/15}']), errors: [{line: 5, message: /needs a \/16–\/29 mask, got \/15/}]},
    {code: vpc('10.0.0.0/8', ['{name: a, zone: z, cidr: 10.0.0.0/30}']), errors: [{line: 5, message: /needs a \/16–\/29 mask, got \/30/}]},
    {code: vpc('10.0.0.0/16', ['{name: a, zone: z, cidr: 10.1.0.0/24}']), errors: [{line: 5, message: /is not inside VPC p/}]},
  ],
})

ruleTester('vswitch-overlap', {
  valid: [vpc('10.0.0.0/16', ['{name: a, zone: z, cidr: 10.0.0.0/24}', '{name: b, zone: z, cidr: 10.0.1.0/24}'])],
  invalid: [
    {code: vpc('10.0.0.0/16', ['{name: a, zone: z, cidr: 10.0.0.0/23}', '{name: b, zone: z, cidr: 10.0.1.0/24}']), errors: [{line: 6, message: 'vSwitch b (10.0.1.0/24) overlaps vSwitch a (10.0.0.0/23)'}]},
    {name: 'a duplicate-named vSwitch is still checked for overlap', code: vpc('10.0.0.0/16', ['{name: a, zone: z, cidr: 10.0.0.0/24}', '{name: a, zone: z, cidr: 10.0.0.0/25}']), errors: [{line: 6, message: 'vSwitch a (10.0.0.0/25) overlaps vSwitch a (10.0.0.0/24)'}]},
  ],
})

ruleTester('node-cidr-mask', {
  valid: [flannel({mask: 24}), flannel({mask: 28})],
  invalid: [
    {code: flannel({mask: 23}), errors: [{line: 7, message: /node mask \/23 is outside \/24–\/28/}]},
    {code: flannel({mask: 29}), errors: [{line: 7, message: /node mask \/29 is outside \/24–\/28/}]},
    {code: flannel({podCidr: '172.20.0.0/25', mask: 24}), errors: [{line: 7, message: /a \/24 node range does not fit in the pod CIDR 172\.20\.0\.0\/25/}]},
  ],
})

ruleTester('pod-cidr', {
  valid: [flannel(), flannel({podCidr: '10.0.0.0/8', mask: 24})],
  invalid: [
    {code: flannel({podCidr: '192.168.0.0/16'}), errors: [{line: 7, message: /overlaps VPC p/}]},
    {code: flannel({podCidr: '11.0.0.0/16'}), errors: [{line: 7, message: /is not valid/}]},
    {code: flannel({service: '172.20.0.0/20'}), errors: [{line: 7, message: /overlaps its Service CIDR 172\.20\.0\.0\/20/}]},
  ],
})

ruleTester('service-cidr', {
  valid: [flannel({service: '172.21.0.0/16'}), flannel({service: '172.21.0.0/24'}), {name: 'two clusters sharing a Service CIDR is not a service-cidr error', code: twoClusters('172.21.0.0/20')}],
  invalid: [
    {code: flannel({service: '172.22.0.0/15'}), errors: [{line: 8, message: /needs a \/16–\/24 mask, got \/15/}]},
    {code: flannel({service: '172.21.0.0/25'}), errors: [{line: 8, message: /needs a \/16–\/24 mask, got \/25/}]},
    {code: flannel({service: '192.168.0.0/20'}), errors: [{line: 8, message: /overlaps VPC p/}]},
  ],
})

function twoClusters(serviceB: string): string {
  return `vpcs: [{name: p, cidr: 192.168.0.0/16}]
clusters:
  - {name: a, vpc: p, network: {plugin: flannel, podCidr: 172.20.0.0/16}, serviceCidr: 172.21.0.0/20}
  - {name: b, vpc: p, network: {plugin: flannel, podCidr: 172.22.0.0/16}, serviceCidr: ${serviceB}}
`
}

ruleTester('service-cidr-shared', {
  valid: [twoClusters('172.21.16.0/20')],
  invalid: [
    {code: twoClusters('172.21.0.0/20'), errors: [{line: 4, message: /cluster b: Service CIDR 172\.21\.0\.0\/20 is the same as the Service CIDR of cluster a \(172\.21\.0\.0\/20\) in VPC p; allowed/}]},
    {code: twoClusters('172.21.15.0/24'), errors: [{line: 4, message: /172\.21\.15\.0\/24 overlaps the Service CIDR of cluster a/}]},
  ],
})

ruleTester('service-cluster-ip', {
  valid: [terway({services: [service('s', '{clusterIP: 172.21.15.254, ports: [{port: 80}]}')]}), terway({services: [service('s', '{clusterIP: None, ports: [{port: 80}]}')]})],
  invalid: [{code: terway({services: [service('s', '{clusterIP: 172.21.16.1, ports: [{port: 80}]}')]}), errors: [{line: 15, message: 'Service web/s: clusterIP 172.21.16.1 is outside the Service CIDR 172.21.0.0/20 of cluster c'}]}],
})

// ---------------------------------------------------------------------------------------------
// routes

const routes = (quota: number | undefined, count: number, extraRoute = '') => `${quota === undefined ? '' : `settings: {routeEntriesPerTable: ${quota}}\n`}vpcs:
  - name: p
    cidr: 10.0.0.0/16
    vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24}]
    routeTables:
      - name: system
        routes:
${Array.from({length: count}, (_, i) => `          - {destination: 172.${16 + i}.0.0/16, nextHop: blackhole}`).join('\n')}
${extraRoute}`

ruleTester('route-quota', {
  valid: [routes(3, 3), flannel({count: 2, extra: 'settings: {routeEntriesPerTable: 2}\n'})],
  invalid: [
    {code: routes(3, 4), errors: [{line: 12, message: 'route table system of VPC p has 4 custom routes; the quota is 3'}]},
    {name: 'Flannel: 3 nodes, quota 2', code: flannel({count: 3, extra: 'settings: {routeEntriesPerTable: 2}\n'}), errors: [{line: 10, message: /route table system of VPC p is full: 1 node of cluster c \(pool np\) get no route entry \(quota 2: 0 custom \+ 2 Flannel node routes\)/}]},
  ],
})

ruleTester('route-destination', {
  valid: [routes(undefined, 0, '          - {destination: 10.0.0.0/23, nextHop: blackhole}\n')],
  invalid: [
    {code: routes(undefined, 0, '          - {destination: 10.0.0.0/24, nextHop: blackhole}\n'), errors: [{line: 9, message: /equals the CIDR of vSwitch s/}]},
    {code: routes(undefined, 0, '          - {destination: 10.0.0.128/25, nextHop: blackhole}\n'), errors: [{line: 9, message: /lies inside the CIDR of vSwitch s/}]},
    {code: routes(undefined, 1, '          - {destination: 172.16.0.0/16, nextHop: blackhole}\n'), errors: [{line: 9, message: /appears twice in table system \(first as routes\[0\]\)/}]},
    {code: routes(undefined, 0, '          - {destination: 100.64.1.0/24, nextHop: blackhole}\n'), errors: [{line: 9, message: /lies in 100\.64\.0\.0\/10/}]},
  ],
})

ruleTester('nat-snat-coverage', {
  valid: [natTopology('{source: "vswitch:s"}')],
  invalid: [{code: natTopology('{source: 10.0.0.0/25}'), errors: [{line: 4, message: /its SNAT entries cover only part of it/}]}],
})

function natTopology(snat: string): string {
  return `vpcs:
  - name: p
    cidr: 10.0.0.0/16
    vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24}]
    routeTables: [{name: system, routes: [{destination: 0.0.0.0/0, nextHop: "nat:g"}]}]
natGateways: [{name: g, vpc: p, vswitch: s, eips: [203.0.113.1], snat: [${snat}]}]
instances: [{name: i, vswitch: s}]
`
}

// ---------------------------------------------------------------------------------------------
// addresses

const instanceAt = (ip: string, more = '') => vpc('10.0.0.0/16', ['{name: s, zone: z, cidr: 10.0.0.0/24}'], `instances:\n  - {name: a, vswitch: s, ip: ${ip}}\n${more}`)

ruleTester('ip-address', {
  valid: [instanceAt('10.0.0.1'), instanceAt('10.0.0.252')],
  invalid: [
    {code: instanceAt('10.0.0.0'), errors: [{line: 7, message: /10\.0\.0\.0 is reserved in vSwitch s/}]},
    {code: instanceAt('10.0.0.253'), errors: [{line: 7, message: /10\.0\.0\.253 is reserved/}]},
    {code: instanceAt('10.0.1.1'), errors: [{line: 7, message: /10\.0\.1\.1 is outside its vSwitch s/}]},
    {code: instanceAt('10.0.0.9', '  - {name: b, vswitch: s, ip: 10.0.0.9}\n'), errors: [{line: 8, message: /instance b: 10\.0\.0\.9 is already used by instance a/}]},
  ],
})

ruleTester('vswitch-count', {
  valid: [vpc('10.0.0.0/8', Array.from({length: 150}, (_, i) => `{name: v${i}, zone: z, cidr: 10.0.${i}.0/24}`))],
  invalid: [{code: vpc('10.0.0.0/8', Array.from({length: 151}, (_, i) => `{name: v${i}, zone: z, cidr: 10.0.${i}.0/24}`)), errors: [{line: 155, message: /151 vSwitches; the quota is 150 \(this is number 151\)/}]}],
})

// ---------------------------------------------------------------------------------------------
// security groups

const sg = (rules: string[], settings = '', type = 'basic') => `${settings}vpcs: [{name: p, cidr: 10.0.0.0/16}]
securityGroups:
  - name: g
    vpc: p
    type: ${type}
    rules:
${rules.map((rule) => `      - ${rule}`).join('\n')}
`

ruleTester('sg-open-admin-port', {
  valid: [
    sg(['{direction: ingress, protocol: tcp, ports: "21/21", peer: 0.0.0.0/0}', '{direction: ingress, protocol: tcp, ports: "23/23", peer: 0.0.0.0/0}']),
    sg(['{direction: ingress, protocol: tcp, ports: "2381/2381", peer: 0.0.0.0/0}']),
    {name: 'an equal-priority drop wins over the accept', code: sg(['{direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0, priority: 5}', '{direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0, action: drop, priority: 5}'])},
    sg(['{direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.1/32}']),
  ],
  invalid: [
    {code: sg(['{direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0}']), errors: [{line: 7, message: 'security group g accepts tcp from 0.0.0.0/0 to 22 (SSH)'}]},
    {code: sg(['{direction: ingress, protocol: tcp, ports: "2380/2380", peer: 0.0.0.0/0}']), errors: [{line: 7, message: /to 2379-2380 \(etcd\)/}]},
    {name: 'a lower-priority drop (larger number) does not shadow the accept', code: sg(['{direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0, priority: 5}', '{direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0, action: drop, priority: 6}']), errors: [{line: 7, message: /22 \(SSH\)/}]},
    {name: 'a drop that covers only part of the range does not shadow it', code: sg(['{direction: ingress, protocol: tcp, ports: "2379/2380", peer: 0.0.0.0/0}', '{direction: ingress, protocol: tcp, ports: "2379/2379", peer: 0.0.0.0/0, action: drop}']), errors: [{line: 7, message: /2379-2380 \(etcd\)/}]},
  ],
})

ruleTester('sg-rule-count', {
  valid: [sg(['{direction: ingress, protocol: icmp}', '{direction: egress, protocol: all}'], 'settings: {rulesPerSecurityGroup: 2}\n')],
  invalid: [{code: sg(['{direction: ingress, protocol: icmp}', '{direction: egress, protocol: all}', '{direction: egress, protocol: udp}'], 'settings: {rulesPerSecurityGroup: 2}\n'), errors: [{line: 10, message: /has 3 rules; the limit is 2 \(this is rule 3\)/}]}],
})

const basicCapacity = (instances: number) => `settings: {basicSecurityGroupMaxIps: 2}
vpcs: [{name: p, cidr: 10.0.0.0/16, vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24}]}]
securityGroups: [{name: g, vpc: p}]
instances:
${Array.from({length: instances}, (_, i) => `  - {name: i${i}, vswitch: s, securityGroups: [g]}`).join('\n')}
`

ruleTester('sg-basic-capacity', {
  valid: [basicCapacity(2)],
  invalid: [{code: basicCapacity(3), errors: [{line: 3, message: /basic security group g covers 3 addresses.*at most 2/}]}],
})

const twoGroups = (typeA: string, typeB: string) => `vpcs: [{name: p, cidr: 10.0.0.0/16, vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24}]}]
securityGroups: [{name: a, vpc: p, type: ${typeA}}, {name: b, vpc: p, type: ${typeB}}]
instances:
  - {name: i, vswitch: s, securityGroups: [a, b]}
`

ruleTester('sg-mixed-types', {
  valid: [twoGroups('basic', 'basic'), twoGroups('enterprise', 'enterprise')],
  invalid: [{code: twoGroups('basic', 'enterprise'), errors: [{line: 4, message: 'instance i mixes basic group a and enterprise group b on one ENI'}]}],
})

ruleTester('sg-enterprise-reference', {
  valid: [`vpcs: [{name: p, cidr: 10.0.0.0/16}]\nsecurityGroups:\n  - {name: a, vpc: p, rules: [{direction: ingress, protocol: all, peer: "sg:b"}]}\n  - {name: b, vpc: p}\n`],
  invalid: [
    {code: `vpcs: [{name: p, cidr: 10.0.0.0/16}]\nsecurityGroups:\n  - {name: a, vpc: p, rules: [{direction: ingress, protocol: all, peer: "sg:b"}]}\n  - {name: b, vpc: p, type: enterprise}\n`, errors: [{line: 3, message: /references enterprise group b/}]},
    {code: `vpcs: [{name: p, cidr: 10.0.0.0/16}]\nsecurityGroups:\n  - {name: a, vpc: p, type: enterprise, rules: [{direction: ingress, protocol: all, peer: "sg:b"}]}\n  - {name: b, vpc: p}\n`, errors: [{line: 3, message: /enterprise security group a cannot use a group/}]},
  ],
})

// ---------------------------------------------------------------------------------------------
// Services, policies, features

ruleTester('node-port-range', {
  valid: [terway({services: [service('a', '{type: NodePort, ports: [{port: 80, nodePort: 30000}]}'), service('b', '{type: NodePort, ports: [{port: 80, nodePort: 32767}]}')]})],
  invalid: [
    {code: terway({services: [service('a', '{type: NodePort, ports: [{port: 80, nodePort: 29999}]}')]}), errors: [{line: 15, message: /nodePort 29999 is outside cluster c's range 30000-32767/}]},
    {code: terway({services: [service('a', '{type: NodePort, ports: [{port: 80, nodePort: 32768}]}')]}), errors: [{line: 15, message: /nodePort 32768 is outside/}]},
    {code: terway({services: [service('a', '{type: NodePort, ports: [{port: 80, nodePort: 30001}]}'), service('b', '{type: NodePort, ports: [{port: 80, nodePort: 30001}]}')]}), errors: [{line: 16, message: /nodePort 30001 is already used by Service web\/a/}]},
  ],
})

ruleTester('service-no-endpoints', {
  valid: [terway({workloads: [workload('a', 1)], services: [service('s', '{selector: {app: a}, ports: [{port: 80}]}')]}), terway({services: [service('s', '{ports: [{port: 80}]}')]})],
  invalid: [{code: terway({workloads: [workload('a', 1)], services: [service('s', '{selector: {app: b}, ports: [{port: 80}]}')]}), errors: [{line: 17, message: /selector app=b matches no workload in namespace web/}]}],
})

ruleTester('service-target-port', {
  valid: [terway({workloads: [workload('a', 1, 'ports: [{name: http, containerPort: 8080}]')], services: [service('s', '{selector: {app: a}, ports: [{port: 80, targetPort: http}]}')]})],
  invalid: [{code: terway({workloads: [workload('a', 1, 'ports: [{name: http, containerPort: 8080}]')], services: [service('s', '{selector: {app: a}, ports: [{port: 80, targetPort: web}]}')]}), errors: [{line: 17, message: /targetPort "web" is not a container port name of a/}]}],
})

const policy = (selector: string) => `\n    networkPolicies:\n      - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: np1, namespace: web}, spec: {podSelector: ${selector}}}\n`

ruleTester('netpol-selects-nothing', {
  valid: [terway({workloads: [workload('a', 1)]}).trimEnd() + policy('{matchLabels: {app: a}}'), terway({workloads: [workload('a', 1)]}).trimEnd() + policy('{}')],
  invalid: [{code: terway({workloads: [workload('a', 1)]}).trimEnd() + policy('{matchLabels: {app: b}}'), errors: [{line: 17, message: /podSelector app=b matches no workload in namespace web/}]}],
})

ruleTester('flannel-network-policy', {
  valid: [terway({workloads: [workload('a', 1)]}).trimEnd() + policy('{}')],
  invalid: [
    {code: flannel({workloads: [workload('a', 1)]}).trimEnd() + policy('{}'), errors: [{line: 14, message: /cluster c: Flannel does not enforce NetworkPolicy/}]},
    {code: terway({mode: 'exclusive', type: 'ecs.g7.4xlarge', workloads: [workload('a', 1)]}).trimEnd() + policy('{}'), errors: [{line: 17, message: /exclusive ENI mode skips NetworkPolicy/}]},
  ],
})

ruleTester('flannel-unsupported', {
  valid: [
    flannel({workloads: [workload('a', 1)]}),
    {name: 'PreferDualStack falls back to single stack: no finding', code: flannel({extra: `    services:\n      ${service('s', '{ipFamilyPolicy: PreferDualStack, ipFamilies: [IPv4, IPv6], ports: [{port: 80}]}')}\n`})},
  ],
  invalid: [
    {code: flannel({workloads: [workload('a', 1, 'podNetworking: {vswitches: [n]}')]}), errors: [{line: 12, message: /uses podNetworking \(per-pod vSwitch\/security group\), which Flannel cluster c does not support/}]},
    {code: flannel({extra: `    services:\n      ${service('s', '{ipFamilyPolicy: RequireDualStack, ports: [{port: 80}]}')}\n`}), errors: [{line: 12, message: /asks for RequireDualStack/}]},
  ],
})

ruleTester('service-ip-family', {
  valid: [
    {name: 'PreferDualStack in an IPv4-only cluster is no finding', code: terway({services: [service('s', '{ipFamilyPolicy: PreferDualStack, ipFamilies: [IPv4, IPv6], ports: [{port: 80}]}')]})},
    terway({services: [service('s', '{ipFamilyPolicy: SingleStack, ipFamilies: [IPv4], ports: [{port: 80}]}')]}),
  ],
  invalid: [
    {code: terway({services: [service('s', '{ipFamilyPolicy: RequireDualStack, ports: [{port: 80}]}')]}), errors: [{line: 15, message: /ipFamilyPolicy RequireDualStack in cluster c, which is IPv4 only; the API server rejects it/}]},
    {code: terway({services: [service('s', '{ipFamilies: [IPv6], ports: [{port: 80}]}')]}), errors: [{line: 15, message: /an IPv6-only Service \(ipFamilies \[IPv6\]\) in cluster c/}]},
  ],
})

const acs = (spec: string) => `vpcs: [{name: p, cidr: 10.0.0.0/16, vswitches: [{name: a, zone: z, cidr: 10.0.0.0/24}]}]
clusters:
  - name: s
    type: acs
    vpc: p
    network: {podVSwitches: [a]}
    serviceCidr: 172.21.0.0/20
    services:
      ${service('svc', spec)}
`

ruleTester('acs-unsupported', {
  valid: [acs('{type: ClusterIP, ports: [{port: 80}]}'), acs('{type: LoadBalancer, ports: [{port: 80}]}')],
  invalid: [{code: acs('{type: NodePort, ports: [{port: 80}]}'), errors: [{line: 9, message: 'Service web/svc: ACS cluster s has no nodes, so a NodePort Service is not supported; use ClusterIP or LoadBalancer'}]}],
})

// prefix mode: a /26 pod vSwitch holds 2^(28−26) − 2 = 2 whole /28 prefixes
const prefixCluster = (replicas: number, count: number) => terway({mode: 'prefix', count, workloads: [workload('a', replicas)]}).replace('cidr: 192.168.32.0/19', 'cidr: 192.168.32.0/26')
ruleTester('vswitch-capacity', {
  valid: [{name: 'prefix mode: 2 nodes × 16 pods need 2 prefixes of the 2 a /26 holds', code: prefixCluster(32, 2)}],
  invalid: [{name: 'prefix mode: 2 nodes × 17 pods need 4 prefixes', code: prefixCluster(34, 2), errors: [{line: 6, message: 'vSwitch pv (192.168.32.0/26) holds 2 whole /28 prefixes (2^(28−26) − 2), but the prefix-mode pods on 2 nodes need 4; 2 prefixes short'}]}],
})
