/** One JSON document for scripts: stable two-space indentation and a trailing newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}
