import type {ClusterDoc, InstanceDoc, Ipv6GatewayDoc, LoadBalancerDoc, NatGatewayDoc, RouteTableDoc, SecurityGroupDoc, VpcDoc} from '../document.js'
import {quoted} from '../escape.js'
import {NameBook} from '../naming.js'
import type {Resource} from './input.js'

export type Obj = Record<string, any>

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined
}

export interface Hit {
  resource: Resource
  attribute: string
}

/**
 * What the per-resource mappers share: the resources, reference resolution (by id value in a
 * state, through the configuration's expressions in a plan, where ids are unknown until apply),
 * the names given so far and the objects built so far.
 */
export class TerraformContext {
  readonly warnings: string[] = []
  readonly notes = new Set<string>()
  readonly sources = new Map<object, string>()
  readonly names = new Map<Resource, string>()
  private readonly books = new Map<string, NameBook>()
  private readonly labels = new Map<Resource, string>()
  private readonly byValue = new Map<string, Hit>()
  private readonly byBase = new Map<string, Resource>()

  readonly vpcs: VpcDoc[] = []
  readonly vswitchVpc = new Map<Resource, VpcDoc>()
  readonly tables = new Map<Resource, {vpc: VpcDoc; doc: RouteTableDoc}>()
  readonly groups: SecurityGroupDoc[] = []
  readonly eipsOf = new Map<Resource, string[]>()
  readonly instances: InstanceDoc[] = []
  readonly nats: NatGatewayDoc[] = []
  readonly ipv6Gateways = new Map<Resource, Ipv6GatewayDoc>()
  readonly loadBalancers = new Map<Resource, LoadBalancerDoc>()
  readonly clusters: ClusterDoc[] = []
  readonly clusterByResource = new Map<Resource, ClusterDoc>()

  constructor(readonly resources: Resource[], readonly isPlan: boolean) {
    for (const r of resources) {
      for (const attribute of ['id', 'route_table_id', 'snat_table_ids', 'forward_table_ids', 'ip_address', 'private_ip']) {
        const value = str(r.values[attribute])
        if (value && !this.byValue.has(value)) this.byValue.set(value, {resource: r, attribute})
      }
      if (!this.byBase.has(r.base)) this.byBase.set(r.base, r)
    }
  }

  get where(): string {
    return this.isPlan ? 'plan' : 'state'
  }

  ofType(...types: string[]): Resource[] {
    return this.resources.filter((r) => types.includes(r.type))
  }

  note(message: string): void {
    this.warnings.push(message)
    this.notes.add(message)
  }

  byId(value: string): Resource | undefined {
    return this.byValue.get(value)?.resource
  }

  private refsFromConfig(r: Resource, attribute: string): Hit[] {
    const prefix = r.base.includes('module.') ? r.base.slice(0, r.base.lastIndexOf('module.')) + r.base.slice(r.base.lastIndexOf('module.')).split('.').slice(0, 2).join('.') + '.' : ''
    const found: Hit[] = []
    const expression = r.expressions[attribute]
    const references: string[] = Array.isArray(expression?.references) ? expression.references : []
    for (const reference of references) {
      const parts = reference.replace(/\[[^\]]*\]/g, '').split('.')
      for (let cut = parts.length; cut >= 2; cut--) {
        const target = this.byBase.get(prefix + parts.slice(0, cut).join('.')) ?? this.byBase.get(parts.slice(0, cut).join('.'))
        if (target) {
          if (!found.some((f) => f.resource === target)) found.push({resource: target, attribute: parts[cut] ?? 'id'})
          break
        }
      }
    }
    return found
  }

  /** The values of an attribute (one or a list) of `r`. */
  values(r: Resource, attribute: string): string[] {
    const value = r.values[attribute]
    return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(str).filter((v): v is string => v !== undefined)
  }

  /** Every resource an attribute refers to: by id value, else through the configuration. */
  refs(r: Resource, attribute: string): Hit[] {
    const values = this.values(r, attribute)
    const byId = values.map((v) => this.byValue.get(v)).filter((hit): hit is Hit => hit !== undefined)
    if (byId.length > 0 && byId.length === values.length) return byId
    const fromConfig = this.refsFromConfig(r, attribute)
    return fromConfig.length > 0 ? fromConfig : byId
  }

  ref(r: Resource, attribute: string): Hit | undefined {
    return this.refs(r, attribute)[0]
  }

  name(r: Resource | undefined): string | undefined {
    return r ? this.names.get(r) : undefined
  }

  /** Names: the `*_name` attribute, else the id, else the Terraform resource name. */
  nameOf(r: Resource, kind: string, ...attributes: string[]): string {
    if (!this.books.has(kind)) this.books.set(kind, new NameBook(kind, this.warnings, this.notes))
    const preferred = attributes.map((a) => str(r.values[a])).find(Boolean) ?? str(r.values.id) ?? r.address.replace(/^.*?\.([^.]+)$/, '$1').replace(/\["?([^"\]]+)"?\]$/, '-$1')
    const name = this.books.get(kind)!.assign(r.address, preferred)
    this.names.set(r, name)
    const original = this.books.get(kind)!.originalOf(r.address)
    this.labels.set(r, original === undefined ? r.address : `${r.address} ${JSON.stringify(original)}`)
    return name
  }

  /** The source comment of a resource's object: its address, and its original name when rewritten. */
  sourceOf(r: Resource, extra = ''): string {
    return `${this.labels.get(r) ?? r.address}${extra}`
  }

  /** A reference that resolves to nothing in the file is kept by its value, with a note. */
  unresolved(r: Resource, attribute: string, what: string, value = str(r.values[attribute])): string {
    this.note(`${r.address}: ${attribute} ${quoted(value ?? '(unknown)')} does not resolve to a ${what} in this ${this.where}; kept by its id (merge into a file that names it, or import it too)`)
    return value ?? '(unknown)'
  }

  /**
   * Every value of a list attribute as a name: resolved, or kept by its id with a note (never
   * dropped). In a plan the values are unknown ids: the configuration's references name them.
   */
  resolveAll(r: Resource, attribute: string, what: string): string[] {
    const values = this.values(r, attribute)
    const resolved = this.refs(r, attribute).map((hit) => this.name(hit.resource)).filter((name): name is string => name !== undefined)
    if (values.length === 0 || (values.every((value) => !this.byId(value)) && resolved.length === values.length)) return resolved
    return values.map((value) => {
      const hit = this.byId(value)
      return (hit ? this.name(hit) : undefined) ?? this.unresolved(r, attribute, what, value)
    })
  }

  vpcDoc(name: string | undefined): VpcDoc | undefined {
    return this.vpcs.find((v) => v.name === name)
  }

  vswitchName(r: Resource, attribute: string): string {
    return this.name(this.ref(r, attribute)?.resource) ?? this.unresolved(r, attribute, 'vSwitch')
  }
}
