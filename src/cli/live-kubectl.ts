import {Progress, runToolJson, runToolText, type ToolCall} from './run-tool.js'
import {parseDocuments} from '../engine/import/io.js'

/**
 * `acknet import kubectl --live`: runs `kubectl get … -A -o json` for every kind the importer
 * reads, and the Flannel ConfigMap in whichever namespace holds it (`kube-system` on ACK and older
 * Flannel, `kube-flannel` since upstream Flannel 0.20; none on Terway: an empty list).
 */
export const LIVE_KINDS = 'nodes,namespaces,deployments,statefulsets,daemonsets,replicasets,pods,jobs,cronjobs,services,networkpolicies,ingresses'
const INSTALL = 'install kubectl and point it at the cluster (KUBECONFIG, --context), or pass the output of `kubectl get … -o json` as FILE'

export function importKubectlLive(options: {context?: string}): {label: string; data: unknown[]} {
  const progress = new Progress('kubectl')
  const context = options.context ? ['--context', options.context] : []
  const list: ToolCall = {bin: 'kubectl', args: ['get', LIVE_KINDS, '-A', '-o', 'json', ...context], install: INSTALL}
  progress.step('get')
  const objects = runToolJson(list)
  const flannel: ToolCall = {bin: 'kubectl', args: ['get', 'configmaps', '-A', '--field-selector', 'metadata.name=kube-flannel-cfg', '-o', 'json', ...context], install: INSTALL}
  progress.step('get configmap kube-flannel-cfg')
  const text = runToolText(flannel)
  const data = [objects, ...(text.trim() === '' ? [] : parseDocuments(text, 'kubectl get configmap kube-flannel-cfg', false))]
  progress.done()
  return {label: `kubectl get ${LIVE_KINDS} -A${options.context ? ` --context ${options.context}` : ''} (live)`, data}
}
