import {AcknetError} from '../../../errors.js'
import type {Obj} from './context.js'

/** One managed resource instance, as the mappers see it whatever file it came from. */
export interface Resource {
  address: string
  /** address without the `[index]` part: how the configuration refers to it */
  base: string
  type: string
  name: string
  values: Obj
  expressions: Obj
}

export interface TerraformInput {
  resources: Resource[]
  isPlan: boolean
  kind: string
  /** the provider's region, when the configuration sets it */
  region?: string
}

function walkModule(module: Obj | undefined, into: Obj[]): void {
  if (!module) return
  for (const resource of module.resources ?? []) into.push(resource)
  for (const child of module.child_modules ?? []) walkModule(child, into)
}

function walkConfig(module: Obj | undefined, prefix: string, into: Map<string, Obj>): void {
  if (!module) return
  for (const resource of module.resources ?? []) into.set(`${prefix}${resource.address}`, resource.expressions ?? {})
  for (const [name, call] of Object.entries<Obj>(module.module_calls ?? {})) walkConfig(call.module, `${prefix}module.${name}.`, into)
}

function stripIndex(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '')
}

/**
 * A raw `terraform.tfstate` (format version 4, what `terraform state pull` prints and a
 * backend stores): resources with `instances[].attributes`, addressed as `show -json` would.
 */
function fromRawState(root: Obj): Obj[] {
  const out: Obj[] = []
  for (const resource of Array.isArray(root.resources) ? root.resources : []) {
    const prefix = typeof resource.module === 'string' && resource.module !== '' ? `${resource.module}.` : ''
    const base = `${prefix}${resource.mode === 'data' ? 'data.' : ''}${resource.type}.${resource.name}`
    for (const instance of Array.isArray(resource.instances) ? resource.instances : []) {
      const key = instance.index_key
      const address = key === undefined ? base : `${base}[${typeof key === 'number' ? key : JSON.stringify(key)}]`
      out.push({address, mode: resource.mode, type: resource.type, name: resource.name, values: instance.attributes ?? {}})
    }
  }
  return out
}

/** `terraform show -json` of a state or a plan, or a raw terraform.tfstate v4 → resources. */
export function readTerraform(data: unknown, file: string): TerraformInput {
  const root = data as Obj
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new AcknetError('is not `terraform show -json` output or a terraform.tfstate (expected a JSON object)', {position: {file}})
  let raw: Obj[]
  let isPlan = false
  let kind: string
  if ('format_version' in root) {
    isPlan = 'planned_values' in root
    const module = isPlan ? root.planned_values?.root_module : root.values?.root_module
    if (!module) throw new AcknetError(`has no ${isPlan ? 'planned_values' : 'values'}.root_module (empty state?)`, {position: {file}})
    raw = []
    walkModule(module, raw)
    kind = `terraform show -json (${isPlan ? 'plan' : 'state'})`
  } else if ('version' in root && 'resources' in root) {
    if (root.version !== 4) throw new AcknetError(`is a terraform.tfstate of format version ${JSON.stringify(root.version)}; acknet reads version 4 (Terraform 0.12 and later) — run \`terraform show -json\` instead`, {position: {file}})
    raw = fromRawState(root)
    kind = 'terraform.tfstate v4'
  } else throw new AcknetError('is not `terraform show -json` output (no format_version) nor a terraform.tfstate (no version and resources)', {position: {file}})
  const config = new Map<string, Obj>()
  walkConfig(root.configuration?.root_module, '', config)
  const resources = raw.filter((r) => r.mode !== 'data').map((r) => {
    const base = stripIndex(String(r.address))
    return {address: String(r.address), base, type: String(r.type), name: String(r.name), values: r.values ?? {}, expressions: config.get(base) ?? {}}
  })
  const region = root.configuration?.provider_config?.alicloud?.expressions?.region?.constant_value
  return {resources, isPlan, kind, region: typeof region === 'string' ? region : undefined}
}
