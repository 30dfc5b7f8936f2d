import {closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * Corpus inputs too big or too deep to commit. Each generator writes one file into `dir` (a
 * temp dir the test removes afterwards) and returns its path. Deterministic: same bytes every run.
 */

const FILES = fileURLToPath(new URL('./files/', import.meta.url))

/** mulberry32: a tiny seeded PRNG, so the "random" garbage is the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const write = (dir: string, name: string, content: string | Uint8Array): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** valid-base.yaml with `manifests:` for its cluster, written into its own directory below `dir`. */
const withManifests = (dir: string, name: string, manifests: string[]): string => {
  const home = join(dir, name)
  mkdirSync(join(home, 'k8s'), {recursive: true})
  const text = readFileSync(join(FILES, 'valid-base.yaml'), 'utf8').replace('    serviceCidr: 172.21.0.0/20\n', `    serviceCidr: 172.21.0.0/20\n    manifests: ${JSON.stringify(manifests)}\n`)
  return write(home, `${name}.yaml`, text)
}

/** A Service manifest whose name must never be printed (it stands for a secret outside the tree). */
export const LEAKED_NAME = 'leaked-secret-4711'

export const GENERATORS: Record<string, (dir: string) => string> = {
  deepFlowSequence: (dir) => write(dir, 'deep-flow-sequence.yaml', '['.repeat(20_000) + ']'.repeat(20_000) + '\n'),
  deepFlowMapping: (dir) => write(dir, 'deep-flow-mapping.yaml', '{a: '.repeat(20_000) + '1' + '}'.repeat(20_000) + '\n'),
  deepBlockSequence: (dir) => write(dir, 'deep-block-sequence.yaml', '- '.repeat(20_000) + 'x\n'),
  deepBlockMapping: (dir) => {
    const lines = ['apiVersion: acknet/v1', 'kind: Topology', 'metadata:']
    for (let depth = 1; depth < 5_000; depth++) lines.push(' '.repeat(depth) + 'a:')
    return write(dir, 'deep-block-mapping.yaml', lines.join('\n') + ' 1\n')
  },
  binaryGarbage: (dir) => {
    const random = prng(9)
    const bytes = new Uint8Array(64 * 1024)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256)
    return write(dir, 'binary-garbage.yaml', bytes)
  },
  controlCharacters: (dir) => {
    const random = prng(11)
    let text = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: { name: "'
    for (let i = 0; i < 4096; i++) text += String.fromCharCode(1 + Math.floor(random() * 31))
    return write(dir, 'control-characters.yaml', text + '" }\n')
  },
  big100Mb: (dir) => {
    // streamed in 1 MB blocks: 100 MB never sits in the test's memory
    const path = join(dir, 'big-100mb.yaml')
    const fd = openSync(path, 'w')
    try {
      writeSync(fd, 'apiVersion: acknet/v1\nkind: Topology\nmetadata: { name: big }\n')
      const block = ('# ' + 'x'.repeat(97) + '\n').repeat(10_000)
      for (let i = 0; i < 100; i++) writeSync(fd, block)
    } finally {
      closeSync(fd)
    }
    return path
  },
  denseNodes: (dir) => write(dir, 'dense-nodes.yaml', 'apiVersion: acknet/v1\nkind: Topology\nx: [' + '1,'.repeat(7_800_000) + '1]\n'),
  longScalar: (dir) => write(dir, 'long-scalar.yaml', `apiVersion: acknet/v1\nkind: Topology\nmetadata: { name: shop }\nvpcs: [{ name: prod, cidr: "${'x'.repeat(15 * 1024 * 1024)}", vswitches: [] }]\n`),
  longKey: (dir) => {
    const huge = 'y'.repeat(4 * 1024 * 1024)
    return write(dir, 'long-key.yaml', `apiVersion: acknet/v1\nkind: Topology\nmetadata: { name: shop }\n${huge}: 1\nvpcs: [{ name: prod, cidr: 10.0.0.0/16, vswitches: [{ name: a, zone: z, cidr: 10.0.0.0/24, routeTable: ${huge} }] }]\n`)
  },
  // import inputs (issue #15): nesting that a recursive reader would overflow the stack on
  deepJsonArray: (dir) => write(dir, 'deep-array.json', '['.repeat(5_000) + ']'.repeat(5_000) + '\n'),
  deepJsonObject: (dir) => write(dir, 'deep-object.json', '{"format_version": "1.2", "values": ' + '{"a": '.repeat(5_000) + '1' + '}'.repeat(5_000) + '}\n'),
  deepJsonKubectl: (dir) => write(dir, 'deep-kubectl.json', '{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Service", "metadata": {"name": "s"}, "spec": ' + '{"x": '.repeat(5_000) + '1' + '}'.repeat(5_000) + '}]}\n'),
  deepYamlKubectl: (dir) => {
    const lines = ['apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec:']
    for (let depth = 1; depth < 5_000; depth++) lines.push(' '.repeat(depth) + 'a:')
    return write(dir, 'deep-kubectl.yaml', lines.join('\n') + ' 1\n')
  },
  manifestGlobBacktracking: (dir) => {
    // one 200-character file name; as a RegExp, the glob backtracked for minutes (issue #15)
    const file = withManifests(dir, 'manifest-glob', [`k8s/${'*a'.repeat(16)}*c`])
    write(join(dir, 'manifest-glob', 'k8s'), `${'a'.repeat(200)}.yaml`, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n')
    return file
  },
  manifestSymlinkOut: (dir) => {
    // k8s/evil.yaml links to a file outside the topology's directory (think ~/.kube/config)
    write(dir, 'outside-secret.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: ${LEAKED_NAME}, namespace: "${LEAKED_NAME}\\n"}\nspec: {ports: [{port: "${LEAKED_NAME}"}]}\n`)
    const file = withManifests(dir, 'manifest-link', ['k8s/*.yaml'])
    symlinkSync(join(dir, 'outside-secret.yaml'), join(dir, 'manifest-link', 'k8s', 'evil.yaml'))
    return file
  },
  vpcSecondaryCidrs60000: (dir) => {
    // 60,000 distinct /28 secondary CIDRs: the pairwise overlap check made 1.8 billion comparisons
    const lines = ['apiVersion: acknet/v1', 'kind: Topology', 'metadata: { name: many-cidrs }', 'vpcs:', '  - name: prod', '    cidr: 192.168.0.0/16', '    secondaryCidrs:']
    for (let i = 0; i < 60_000; i++) lines.push(`      - 10.${(i >> 12) & 255}.${(i >> 4) & 255}.${(i & 15) << 4}/28`)
    lines.push('    vswitches: [{ name: a, zone: cn-hangzhou-i, cidr: 192.168.0.0/24 }]')
    return write(dir, 'vpc-secondary-60000.yaml', lines.join('\n') + '\n')
  },
  hugeCounts: (dir) => {
    // huge-numbers.yaml without the fields the schema rejects, so the counts reach the resolver
    const text = readFileSync(join(FILES, 'huge-numbers.yaml'), 'utf8').replace(/^settings:.*\n/m, '# (settings removed)\n').replace('replicas: 1e400', 'replicas: 3')
    return write(dir, 'huge-counts.yaml', text)
  },

  // issue #15: replicas × replicas must not drive time or memory (equivalence classes)
  replicas2x1200: (dir) => write(dir, 'replicas-2x1200.yaml', replicaTopology({a: 1200, b: 1200}, 100, ['  - {from: pod:ns/a, to: pod:ns/b, port: 80, expect: allowed}'])),
  replicas2x2400: (dir) => write(dir, 'replicas-2x2400.yaml', replicaTopology({a: 2400, b: 2400}, 200, [])),
  matrix100x100: (dir) => {
    const workloads: Record<string, number> = {}
    for (let i = 0; i < 100; i++) workloads[`w${i}`] = 12
    return write(dir, 'matrix-100x100.yaml', replicaTopology(workloads, 40, []))
  },
  expectations1000on250k: (dir) => {
    const expectations: string[] = []
    // the Service exposes 80 only; the pods answer on any port (undeclared ones with a warning)
    for (let i = 0; i < 1000; i++) {
      const port = 80 + (i % 5)
      expectations.push(`  - {from: pod:ns/big, to: ${i % 2 ? 'pod:ns/small' : 'svc:ns/small'}, port: ${port}, expect: ${i % 2 || port === 80 ? 'allowed' : 'denied'}}`)
    }
    return write(dir, 'expectations-1000-on-250k.yaml', replicaTopology({big: 249_990, small: 10}, 1250, expectations))
  },
}

/**
 * One Terway cluster with open security groups: the workloads (name → replicas) on one node pool
 * of `nodes` ecs.g7.16xlarge (210 pods each), pod vSwitches large enough for every replica.
 */
function replicaTopology(workloads: Record<string, number>, nodes: number, expectations: string[]): string {
  const lines = [
    'apiVersion: acknet/v1',
    'kind: Topology',
    'metadata: {name: replicas}',
    'vpcs:',
    '  - name: v',
    '    cidr: 10.0.0.0/8',
    '    vswitches:',
    '      - {name: nodes, zone: z, cidr: 10.0.0.0/16}',
    '      - {name: p1, zone: z, cidr: 10.1.0.0/16}',
    '      - {name: p2, zone: z, cidr: 10.2.0.0/16}',
    '      - {name: p3, zone: z, cidr: 10.3.0.0/16}',
    '      - {name: p4, zone: z, cidr: 10.4.0.0/16}',
    'securityGroups:',
    '  - {name: open, vpc: v, type: enterprise, rules: [{direction: ingress, protocol: all, peer: 0.0.0.0/0}, {direction: egress, protocol: all, peer: 0.0.0.0/0}]}',
    'clusters:',
    '  - name: c',
    '    vpc: v',
    '    network: {plugin: terway, podVSwitches: [p1, p2, p3, p4], podSecurityGroups: [open]}',
    '    serviceCidr: 172.16.0.0/16',
    `    nodePools: [{name: pool, instanceType: ecs.g7.16xlarge, count: ${nodes}, vswitches: [nodes], securityGroups: [open]}]`,
    '    workloads:',
  ]
  for (const [name, replicas] of Object.entries(workloads)) {
    lines.push(`      - {name: ${name}, namespace: ns, replicas: ${replicas}, labels: {app: ${name}}, ports: [{containerPort: 80, protocol: TCP}]}`)
  }
  lines.push('    services:')
  for (const name of Object.keys(workloads)) {
    lines.push(`      - {apiVersion: v1, kind: Service, metadata: {name: ${name}, namespace: ns}, spec: {selector: {app: ${name}}, ports: [{port: 80}]}}`)
  }
  if (expectations.length > 0) lines.push('expectations:', ...expectations)
  return lines.join('\n') + '\n'
}
