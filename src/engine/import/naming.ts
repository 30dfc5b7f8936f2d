/**
 * Names for imported objects: the resource's own name when it has one, else its id (the
 * rule every importer follows). Names are unique per kind (SPEC §2), so a second resource
 * with the same name gets `NAME-ID` and a warning says so.
 */
export class NameBook {
  private readonly byId = new Map<string, string>()
  private readonly taken = new Set<string>()

  constructor(private readonly kind: string, private readonly warnings: string[]) {}

  assign(id: string, preferred: string | undefined): string {
    const existing = this.byId.get(id)
    if (existing) return existing
    let name = sanitize(preferred) || id
    if (this.taken.has(name)) {
      const unique = `${name}-${id}`
      this.warnings.push(`two ${this.kind}s are named "${name}"; ${id} is named "${unique}" instead`)
      name = unique
    }
    this.byId.set(id, name)
    this.taken.add(name)
    return name
  }

  /** The name given to an id, if that resource was imported. */
  get(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.byId.get(id)
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.byId.has(id)
  }
}

/** Names are used in references like `instance:NAME:PORT`, so whitespace and colons cannot stay. */
export function sanitize(name: string | undefined): string {
  return (name ?? '').trim().replace(/[\s:]+/g, '-')
}
