import yaml from 'js-yaml'
import {safeLine} from './escape.js'

/**
 * A small block-style YAML writer that can put a comment above any object in a list
 * (js-yaml's `dump` cannot emit comments). Scalars and short leaf objects go through
 * js-yaml, so quoting follows its rules; the result always loads back to the same data.
 */
export interface EmitOptions {
  /** Comment lines to put above an object wherever it appears in a list. */
  comments?: Map<object, string[]>
  /** Short all-scalar mappings and scalar lists in lists print as one flow line up to this width. */
  flowWidth?: number
}

const DUMP = {lineWidth: -1, noRefs: true} as const

export function emitYaml(value: unknown, options: EmitOptions = {}): string {
  const lines: string[] = []
  const writer = new Writer(lines, options.comments ?? new Map(), options.flowWidth ?? 110)
  if (isMapping(value)) writer.mapping(value, 0)
  else if (Array.isArray(value)) writer.sequence(value, 0)
  else lines.push(scalar(value))
  return lines.join('\n') + '\n'
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object'
}

/** Characters that must never reach the file raw: line breaks YAML or a terminal honours, controls, bidi overrides. */
const UNSAFE_IN_SCALAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/

function scalar(value: unknown): string {
  // Such strings as JSON with every unsafe character as \uXXXX: a valid YAML double-quoted
  // scalar on one line, so an id holding a newline can never add a line (or an object) to the file.
  if (typeof value === 'string' && UNSAFE_IN_SCALAR.test(value)) return JSON.stringify(value).replace(new RegExp(UNSAFE_IN_SCALAR.source, 'g'), (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return yaml.dump(value, DUMP).trimEnd()
}

function key(name: string): string {
  return scalar(name)
}

class Writer {
  constructor(private readonly lines: string[], private readonly comments: Map<object, string[]>, private readonly flowWidth: number) {}

  mapping(map: Record<string, unknown>, indent: number, firstPrefix?: string): void {
    const pad = ' '.repeat(indent)
    let first = true
    const entries = Object.entries(map).filter(([, v]) => v !== undefined)
    if (entries.length === 0) {
      this.lines.push((firstPrefix ?? pad) + '{}')
      return
    }
    for (const [name, value] of entries) {
      const prefix = first && firstPrefix !== undefined ? firstPrefix : pad
      first = false
      const head = `${prefix}${key(name)}:`
      if (isScalar(value)) this.lines.push(`${head} ${scalar(value)}`)
      else if (Array.isArray(value)) {
        const flow = value.length === 0 ? '[]' : this.flow(value, head.length + 1)
        if (flow) this.lines.push(`${head} ${flow}`)
        else {
          this.lines.push(head)
          this.sequence(value, indent + 2)
        }
      } else {
        const inner = value as Record<string, unknown>
        const flow = Object.keys(inner).length === 0 ? '{}' : this.flow(inner, head.length + 1)
        if (flow) this.lines.push(`${head} ${flow}`)
        else {
          this.lines.push(head)
          this.mapping(inner, indent + 2)
        }
      }
    }
  }

  sequence(items: unknown[], indent: number): void {
    const pad = ' '.repeat(indent)
    for (const item of items) {
      if (typeof item === 'object' && item !== null) for (const comment of this.comments.get(item) ?? []) this.lines.push(`${pad}# ${safeLine(comment)}`)
      if (isScalar(item)) this.lines.push(`${pad}- ${scalar(item)}`)
      else {
        const flow = this.flow(item, indent + 2)
        if (flow) this.lines.push(`${pad}- ${flow}`)
        else if (Array.isArray(item)) {
          this.lines.push(`${pad}-`)
          this.sequence(item, indent + 2)
        } else this.mapping(item as Record<string, unknown>, indent + 2, `${pad}- `)
      }
    }
  }

  /** One flow line for a list of scalars or a mapping of scalars, when it is short enough. */
  private flow(value: unknown, column: number): string | undefined {
    if (Array.isArray(value)) {
      if (!value.every(isScalar)) return undefined
    } else if (isMapping(value)) {
      const values = Object.values(value).filter((v) => v !== undefined)
      if (values.length === 0 || !values.every((v) => isScalar(v) || (Array.isArray(v) && v.every(isScalar)))) return undefined
    } else return undefined
    if ([...Object.keys(value), ...Object.values(value)].some((v) => (Array.isArray(v) ? v : [v]).some((item) => typeof item === 'string' && UNSAFE_IN_SCALAR.test(item)))) return undefined
    const text = yaml.dump(value, {...DUMP, flowLevel: 0}).trimEnd()
    if (text.includes('\n') || column + text.length > this.flowWidth) return undefined
    // js-yaml's flow writer does not quote every key flow context needs quoted (e.g. "(:{"):
    // keep the flow line only when it reads back identically, else use block style.
    if (!readsBackAs(text, value)) return undefined
    // js-yaml writes `{a: 1}`; the spaces inside braces match the SPEC examples.
    return text.startsWith('{') ? `{ ${text.slice(1, -1)} }` : text
  }
}

function readsBackAs(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(yaml.load(text)) === JSON.stringify(value)
  } catch {
    return false
  }
}
