import {Args, Flags} from '@oclif/core'
import {ImportCommand} from '../../cli/import-command.js'
import {AcknetError} from '../../errors.js'
import {readDocuments} from '../../engine/import/io.js'
import {importKubectlLive} from '../../cli/live-kubectl.js'
import {importKubectl} from '../../engine/import/kubectl.js'

const list = (value: string | undefined) => value?.split(',').map((item) => item.trim()).filter(Boolean)

export default class ImportKubectlCommand extends ImportCommand {
  static override summary = 'Build a cluster from `kubectl get ... -o json`: node pools, namespaces, workloads, Services, NetworkPolicies, Ingresses'
  static override description = `Reads the v1 List printed by
  kubectl get nodes,deploy,sts,ds,svc,netpol,ingress,ns -A -o json
and writes one cluster. Nodes are grouped into node pools by the ACK label alibabacloud.com/nodepool-id and node.kubernetes.io/instance-type, with counts (5,000 nodes become a few pools, never 5,000 entries). Workloads pinned to a pool with a nodeSelector or node affinity on that label keep their pool.

kubectl cannot know the VPC side: name the cluster and VPC with flags, or --merge into a topology that has them — then node IPs place each pool on its vSwitches, and the cluster's network settings (plugin, pod vSwitches, CIDRs) are kept from that file. The plugin is recognised from the terway/flannel DaemonSet; a missing Service CIDR is inferred from the cluster IPs (with a warning).`

  static override examples = [
    {description: 'Import into the topology made by `import aliyun`', command: 'kubectl get nodes,deploy,sts,ds,svc,netpol,ingress,ns -A -o json > shop.json\n<%= config.bin %> import kubectl shop.json --cluster shop --pod-vswitches pod-i,pod-j --service-cidr 172.21.0.0/20 --merge prod.yaml -o prod.yaml --force'},
    '<%= config.bin %> import kubectl shop.json --cluster shop --vpc prod --plugin flannel --pod-cidr 172.20.0.0/16 --node-vswitches node-i',
    '<%= config.bin %> import kubectl shop.json --cluster shop --vpc prod --pool-name np1f6779297c44=default --pool-name np8a1b=gpu',
    {description: 'Read the cluster directly with kubectl', command: '<%= config.bin %> import kubectl --live --context shop-prod --cluster shop --merge prod.yaml -o prod.yaml --force'},
  ]

  static override args = {
    file: Args.string({description: 'kubectl JSON or YAML output (a List, or several --- documents); - reads stdin. Not with --live.'}),
  }

  static override flags = {
    cluster: Flags.string({description: 'Cluster name in the topology.', required: true}),
    vpc: Flags.string({description: 'VPC the cluster is in (default: from --merge).'}),
    type: Flags.string({description: 'ack (default) or acs (serverless).', options: ['ack', 'acs']}),
    plugin: Flags.string({description: 'Network plugin (default: recognised from the DaemonSets).', options: ['terway', 'flannel']}),
    'terway-mode': Flags.string({description: 'Terway mode (default shared).', options: ['shared', 'exclusive', 'trunk', 'prefix']}),
    'pod-vswitches': Flags.string({description: 'Terway pod vSwitches, comma-separated.'}),
    'pod-cidr': Flags.string({description: 'Flannel pod CIDR (default: from the kube-flannel-cfg ConfigMap when included).'}),
    'service-cidr': Flags.string({description: 'Service CIDR (default: from --merge, else inferred from the cluster IPs).'}),
    'node-vswitches': Flags.string({description: 'vSwitches of every node pool, comma-separated (default: found from node IPs in the --merge file).'}),
    'node-security-groups': Flags.string({description: 'Security groups of every node pool, comma-separated.'}),
    'pool-name': Flags.string({description: 'Name a node pool: NODEPOOL_ID=NAME (repeatable; default: the pool id).', multiple: true}),
    live: Flags.boolean({description: 'Run `kubectl get … -A -o json` on the current (or --context) cluster instead of reading FILE.', default: false}),
    context: Flags.string({description: 'With --live: the kubeconfig context to read.', dependsOn: ['live']}),
    ...ImportCommand.outputFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ImportKubectlCommand)
    const poolNames: Record<string, string> = {}
    for (const pair of flags['pool-name'] ?? []) {
      const [id, name] = pair.split('=')
      if (!id || !name) throw new AcknetError(`--pool-name ${pair}: expected NODEPOOL_ID=NAME, e.g. np1f6779297c44=default`)
      poolNames[id.trim()] = name.trim()
    }
    const context = this.loadMergeTarget(flags.merge)
    if (flags.live && args.file) throw new AcknetError('give FILE or --live, not both')
    if (!flags.live && !args.file) throw new AcknetError('give the kubectl output FILE (or - for stdin), or --live to run kubectl')
    const live = flags.live ? importKubectlLive({context: flags.context}) : undefined
    const result = importKubectl(live ? live.data : readDocuments(args.file!), {
      file: live ? live.label : args.file!,
      cluster: flags.cluster,
      vpc: flags.vpc,
      type: flags.type as 'ack' | 'acs' | undefined,
      plugin: flags.plugin as 'terway' | 'flannel' | undefined,
      mode: flags['terway-mode'] as 'shared' | 'exclusive' | 'trunk' | 'prefix' | undefined,
      podCidr: flags['pod-cidr'],
      serviceCidr: flags['service-cidr'],
      podVSwitches: list(flags['pod-vswitches']),
      nodeVSwitches: list(flags['node-vswitches']),
      nodeSecurityGroups: list(flags['node-security-groups']),
      poolNames,
      context,
    })
    if (flags.name) result.document.metadata.name = flags.name
    this.emit(result, flags, context)
  }
}
