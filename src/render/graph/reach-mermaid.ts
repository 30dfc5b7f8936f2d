import type {ReachResult} from '../../engine/reach/result.js'
import {mermaidLabel} from './mermaid.js'

/**
 * `acknet reach --format mermaid`: the hop path of a reach answer as a left-to-right
 * flowchart. One lane per distinct path (replicas that took the same hops share a lane),
 * each hop a box (blue: pass, red: deny, grey: skipped), the endpoints as rounded boxes.
 */
export function renderReachMermaid(result: ReachResult): string {
  const lines = ['flowchart LR']
  const port = result.port === null ? result.protocol : `${result.protocol}/${result.port}`
  lines.push(`  from(${mermaidLabel([result.from.ref, result.from.address ?? ''].filter(Boolean))})`)
  lines.push(`  to(${mermaidLabel([result.to.ref, result.to.address ?? ''].filter(Boolean))})`)
  const classes: Record<'pass' | 'deny' | 'skip', string[]> = {pass: [], deny: [], skip: []}
  const linkStyles: string[] = []
  let edges = 0
  result.paths.forEach((path, p) => {
    const title = `path ${p + 1}: ${path.verdict}${path.count > 1 ? ` (${path.count} pairs)` : ''}`
    lines.push(`  subgraph path${p}[${mermaidLabel([title])}]`)
    lines.push('    direction LR')
    path.hops.forEach((hop, h) => {
      const id = `p${p}h${h}`
      const label = [hop.step, hop.object, hop.detail]
      if (hop.code) label.push(hop.code)
      lines.push(`    ${id}[${mermaidLabel(label)}]`)
      classes[hop.result].push(id)
    })
    lines.push('  end')
    const ids = path.hops.map((_, h) => `p${p}h${h}`)
    const denyIndex = path.hops.findIndex((hop) => hop.result === 'deny')
    const chain = ['from', ...ids, ...(denyIndex < 0 ? ['to'] : [])]
    for (let i = 0; i + 1 < chain.length; i++) {
      const deny = chain[i + 1] === ids[denyIndex]
      const label = i === 0 ? `|${mermaidLabel([port])}|` : ''
      lines.push(`  ${chain[i]} -->${label} ${chain[i + 1]}`)
      if (deny) linkStyles.push(`  linkStyle ${edges} stroke:#cf222e,stroke-width:3px`)
      edges++
    }
    if (denyIndex >= 0) {
      lines.push(`  ${ids[denyIndex]} -.-x to`)
      linkStyles.push(`  linkStyle ${edges} stroke:#cf222e`)
      edges++
    }
  })
  if (result.paths.length === 0) {
    lines.push(`  from -.-x|${mermaidLabel([result.reason?.code ?? result.verdict])}| to`)
    edges++
  }
  lines.push(...linkStyles)
  lines.push('  classDef pass fill:#eef6ff,stroke:#1f6feb', '  classDef deny fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#cf222e', '  classDef skip fill:#f6f6f6,stroke:#999999,color:#777777')
  for (const [name, ids] of Object.entries(classes)) if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${name}`)
  const verdictClass = result.verdict === 'allowed' ? 'pass' : 'deny'
  lines.push(`  class to ${verdictClass}`)
  return lines.join('\n') + '\n'
}
