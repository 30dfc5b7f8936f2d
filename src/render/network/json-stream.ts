/**
 * A JSON document written piece by piece: `{ "KEY": [ item, item, ... ], ...tail }`, formatted
 * exactly as toJson (two-space indent) would format the whole object, without ever holding it.
 */
export function* jsonDocument(key: string, items: Iterable<unknown>, tail: () => Record<string, unknown> = () => ({})): Generator<string> {
  yield `{\n  ${JSON.stringify(key)}: [`
  let first = true
  for (const item of items) {
    yield `${first ? '\n' : ',\n'}${indent(JSON.stringify(item, null, 2))}`
    first = false
  }
  yield first ? ']' : '\n  ]'
  for (const [name, value] of Object.entries(tail())) yield `,\n  ${JSON.stringify(name)}: ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}`
  yield '\n}\n'
}

function indent(text: string): string {
  return '    ' + text.replaceAll('\n', '\n    ')
}
