import {quoted} from './escape.js'

/**
 * Names for imported objects: the resource's own name when it has one, else its id (the
 * rule every importer follows). Names are unique per kind (SPEC §2), so a second resource
 * with the same name gets `NAME-ID` and a note says so. A name that cannot stay as it is
 * (spaces, colons, control characters) is rewritten with a note, and the original is kept
 * for the object's source comment (`originalOf`).
 */
export class NameBook {
  private readonly byId = new Map<string, string>()
  private readonly taken = new Set<string>()
  private readonly originals = new Map<string, string>()

  constructor(private readonly kind: string, private readonly warnings: string[], private readonly notes?: Set<string>) {}

  private note(message: string): void {
    this.warnings.push(message)
    this.notes?.add(message)
  }

  assign(id: string, preferred: string | undefined): string {
    const existing = this.byId.get(id)
    if (existing) return existing
    const cleaned = sanitize(preferred)
    if (preferred !== undefined && cleaned !== '' && cleaned !== preferred.trim()) {
      this.originals.set(id, preferred)
      this.note(`${this.kind} ${quoted(id)} is named ${quoted(JSON.stringify(preferred))}, which a reference cannot hold; named "${quoted(cleaned)}" (the original is in its source comment)`)
    }
    let name = cleaned || sanitize(id) || 'unnamed'
    if (this.taken.has(name)) {
      const unique = `${name}-${sanitize(id)}`
      this.note(`two ${this.kind}s are named "${quoted(name)}"; ${quoted(id)} is named "${quoted(unique)}" instead`)
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

  /** The resource's own name when `assign` had to rewrite it. */
  originalOf(id: string): string | undefined {
    return this.originals.get(id)
  }
}

/**
 * Names are used in references like `instance:NAME:PORT` and must match the topology's name
 * pattern (letters, marks, digits, ".", "_", "-"): everything else — whitespace, colons, control
 * characters, and what Alibaba Cloud allows in some names but a reference cannot hold (an SLB's
 * "/", an instance's ",", Terraform's `web["key"]` index) — becomes "-"; a leading "." or "-" goes.
 */
export function sanitize(name: string | undefined): string {
  return (name ?? '').trim().replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-').replace(/^[.-]+/, '')
}
