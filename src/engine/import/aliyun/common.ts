import type {InstanceDoc, Ipv6GatewayDoc, LoadBalancerDoc, NatGatewayDoc, RouteTableDoc, SecurityGroupDoc, TopologyDoc, VpcDoc} from '../document.js'
import {quoted} from '../escape.js'
import {NameBook} from '../naming.js'

/** One object of an aliyun CLI response. */
export type Obj = Record<string, any>

/**
 * `{Vpcs: {Vpc: [...]}}` → the array (the aliyun CLI wraps every list this way). A one-item
 * list is sometimes printed as the bare item (`"ForwardTableIds": {"ForwardTableId": "ftb-…"}`
 * in the DescribeNatGateways reference): it counts as a list of one.
 */
function unwrap(value: unknown, outer: string, inner: string): unknown[] {
  const wrapper = (value as Obj | undefined)?.[outer]
  const items: unknown = Array.isArray(wrapper) ? wrapper : wrapper && typeof wrapper === 'object' ? wrapper[inner] : undefined
  return Array.isArray(items) ? items : items === undefined || items === null ? [] : [items]
}

export function list(value: unknown, outer: string, inner: string): Obj[] {
  return unwrap(value, outer, inner).filter((item): item is Obj => Boolean(item) && typeof item === 'object' && !Array.isArray(item))
}

export function strings(value: unknown, outer: string, inner: string): string[] {
  return unwrap(value, outer, inner).filter((item): item is string => typeof item === 'string' && item !== '')
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined
}

export function tags(resource: Obj): Map<string, string> {
  return new Map(list(resource, 'Tags', 'Tag').map((tag) => [String(tag.TagKey ?? tag.Key), String(tag.TagValue ?? tag.Value ?? '')]))
}

/** Every response, sorted by kind (shapes.ts fills it). */
export interface Responses {
  vpcs: Obj[]
  vswitches: Obj[]
  groups: Obj[]
  groupAttributes: Obj[]
  routeTables: Obj[]
  routeEntries: Obj[]
  instances: Obj[]
  natGateways: Obj[]
  snatEntries: Obj[]
  forwardEntries: Obj[]
  loadBalancers: Obj[]
  loadBalancerAttributes: Obj[]
  listenerAttributes: Obj[]
  vServerGroups: Obj[]
  acls: Obj[]
  ipv6Gateways: Obj[]
  ipv6Addresses: Obj[]
}

export function emptyResponses(): Responses {
  return {vpcs: [], vswitches: [], groups: [], groupAttributes: [], routeTables: [], routeEntries: [], instances: [], natGateways: [], snatEntries: [], forwardEntries: [], loadBalancers: [], loadBalancerAttributes: [], listenerAttributes: [], vServerGroups: [], acls: [], ipv6Gateways: [], ipv6Addresses: []}
}

export interface AliyunOptions {
  name?: string
  /** `--listener-slb ID`: the SLB that listener attribute responses without a LoadBalancerId belong to */
  listenerSlb?: string
}

/** What the mappers share: the responses, the names given so far, the objects built so far. */
export class AliyunContext {
  readonly warnings: string[] = []
  readonly notes = new Set<string>()
  readonly sources = new Map<object, string>()
  readonly names = {
    vpc: new NameBook('VPC', this.warnings, this.notes),
    vswitch: new NameBook('vSwitch', this.warnings, this.notes),
    group: new NameBook('security group', this.warnings, this.notes),
    instance: new NameBook('instance', this.warnings, this.notes),
    nat: new NameBook('NAT gateway', this.warnings, this.notes),
    lb: new NameBook('load balancer', this.warnings, this.notes),
    table: new NameBook('route table', this.warnings, this.notes),
    ipv6gw: new NameBook('IPv6 gateway', this.warnings, this.notes),
  }
  readonly vpcById = new Map<string, VpcDoc>()
  /** DescribeVpcs gives each VPC's VRouterId: the older DescribeRouteTables names tables by router only */
  readonly vpcByRouter = new Map<string, VpcDoc>()
  readonly tableById = new Map<string, {vpc: VpcDoc; doc: RouteTableDoc; system: boolean}>()
  readonly ackNodeIds = new Set<string>()
  readonly instances: InstanceDoc[] = []
  readonly groups: SecurityGroupDoc[] = []
  readonly natById = new Map<string, NatGatewayDoc>()
  readonly loadBalancers: LoadBalancerDoc[] = []
  readonly ipv6GatewayById = new Map<string, Ipv6GatewayDoc>()

  constructor(readonly r: Responses, readonly document: TopologyDoc, readonly options: AliyunOptions) {}

  /** A warning that drops nothing (a rename, an assumption, a reference kept by id). */
  note(message: string): void {
    this.warnings.push(message)
    this.notes.add(message)
  }

  /** The name of a referenced resource; one that is not imported is kept by its id, with a note. */
  ref(book: NameBook, id: string, what: string): string {
    const name = book.get(id)
    if (name) return name
    this.note(`${what} ${quoted(id)} is referenced but not in the imported files; referenced by its id (merge into a file that names it ${quoted(id)}, or import it too)`)
    return book.assign(id, undefined)
  }

  /** `ID "Original Name" (API)`: the source comment, with the original name when the name was rewritten. */
  source(book: NameBook, id: string, api: string): string {
    const original = book.originalOf(id)
    return `${id}${original !== undefined ? ` ${JSON.stringify(original)}` : ''} (${api})`
  }
}
