/**
 * A small well-formedness checker for the Mermaid flowchart subset acknet writes: header,
 * balanced subgraph/end, node shapes with quoted labels (no raw quote inside), edges between
 * defined ids with optional quoted labels, linkStyle indices in range, class/classDef
 * consistency. Returns the problems found (empty = well-formed).
 */
const ID = '[A-Za-z_][A-Za-z0-9_]*'
const QUOTED = '"[^"\\n]*"'
const SHAPES: Array<[string, string]> = [['((', '))'], ['[[', ']]'], ['[(', ')]'], ['([', '])'], ['[/', '/]'], ['[\\', '\\]'], ['{{', '}}'], ['>', ']'], ['[', ']'], ['(', ')']]
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const NODE = new RegExp(`^(${ID})(?:${SHAPES.map(([o, c]) => `${esc(o)}${QUOTED}${esc(c)}`).join('|')})$`)
const SUBGRAPH = new RegExp(`^subgraph (${ID})(?:\\[${QUOTED}\\])?$`)
const EDGE = new RegExp(`^(${ID}) (?:-->|==>|-\\.->|-\\.-x)(?:\\|${QUOTED}\\|)? (${ID})$`)
const LINK_STYLE = /^linkStyle (\d+) [a-z-]+:[^,\n]+(,[a-z-]+:[^,\n]+)*$/
const CLASS_DEF = new RegExp(`^classDef (${ID}) [a-z-]+:[^,\\n]+(,[a-z-]+:[^,\\n]+)*$`)
const CLASS = new RegExp(`^class (${ID}(?:,${ID})*) (${ID})$`)
const RESERVED = new Set(['end', 'subgraph', 'graph', 'flowchart', 'class', 'classDef', 'linkStyle', 'style', 'click', 'direction'])

export function checkMermaid(text: string): string[] {
  const problems: string[] = []
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('%%'))
  if (!/^flowchart (LR|RL|TB|TD|BT)$/.test(lines[0] ?? '')) problems.push(`line 1: expected "flowchart LR|TB|…", got ${JSON.stringify(lines[0])}`)
  const defined = new Set<string>()
  const referenced: Array<[string, number]> = []
  const classesUsed: Array<[string, number]> = []
  const classesDefined = new Set<string>()
  let depth = 0
  let edges = 0
  const linkStyles: Array<[number, number]> = []
  lines.slice(1).forEach((line, i) => {
    const n = i + 2
    let m: RegExpExecArray | null
    const define = (id: string) => {
      if (RESERVED.has(id)) problems.push(`line ${n}: id "${id}" is a reserved word`)
      if (defined.has(id)) problems.push(`line ${n}: "${id}" defined twice`)
      defined.add(id)
    }
    if ((m = SUBGRAPH.exec(line))) {
      define(m[1]!)
      depth++
    } else if (line === 'end') {
      depth--
      if (depth < 0) problems.push(`line ${n}: "end" without subgraph`)
    } else if (/^direction (LR|RL|TB|TD|BT)$/.test(line)) {
      if (depth === 0) problems.push(`line ${n}: direction outside a subgraph`)
    } else if ((m = EDGE.exec(line))) {
      referenced.push([m[1]!, n], [m[2]!, n])
      edges++
    } else if ((m = LINK_STYLE.exec(line))) linkStyles.push([Number(m[1]), n])
    else if ((m = CLASS_DEF.exec(line))) classesDefined.add(m[1]!)
    else if ((m = CLASS.exec(line))) {
      for (const id of m[1]!.split(',')) referenced.push([id, n])
      classesUsed.push([m[2]!, n])
    } else if ((m = NODE.exec(line))) define(m[1]!)
    else problems.push(`line ${n}: not a flowchart statement: ${line}`)
  })
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed with "end"`)
  for (const [id, n] of referenced) if (!defined.has(id)) problems.push(`line ${n}: "${id}" is used but never defined`)
  for (const [index, n] of linkStyles) if (index >= edges) problems.push(`line ${n}: linkStyle ${index} but only ${edges} edges`)
  for (const [name, n] of classesUsed) if (!classesDefined.has(name)) problems.push(`line ${n}: class "${name}" has no classDef`)
  return problems
}
