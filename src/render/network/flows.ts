import type {ChalkInstance} from 'chalk'
import type {ExposedFlow, OpenFlow} from '../../engine/network/queries.js'
import {colours} from '../colors.js'
import {escapeStrings, markdownText} from '../escape.js'
import {renderColumns} from '../table.js'

/** `acknet inbound` / `outbound`: flows grouped under the objects that admit them. */
export function renderOpenFlows(raw: readonly OpenFlow[], direction: 'inbound' | 'outbound', rawSubject: string, c: ChalkInstance = colours): string {
  // names from the topology: escaped for the terminal (issue #15)
  const flows = escapeStrings(raw)
  const subject = escapeStrings(rawSubject)
  if (flows.length === 0) return `nothing ${direction === 'inbound' ? 'reaches' : 'is reachable from'} ${subject}`
  const lines: string[] = []
  let group: string | undefined
  let rows: string[][] = []
  const flush = () => {
    if (group === undefined) return
    lines.push(c.bold(`via ${group || '(no rule: nothing in the way)'}`), indentBlock(renderColumns([direction === 'inbound' ? 'from' : 'to', 'protocol', 'ports', 'verdict'], rows)), '')
    rows = []
  }
  for (const flow of flows) {
    const key = flow.via.join(', ')
    if (key !== group) {
      flush()
      group = key
    }
    rows.push([direction === 'inbound' ? flow.from : flow.to, flow.protocol, flow.ports, verdictText(flow.verdict, c)])
  }
  flush()
  const pairs = new Set(flows.map((f) => (direction === 'inbound' ? f.from : f.to))).size
  lines.push(`${flows.length} flow${flows.length === 1 ? '' : 's'}, ${pairs} ${direction === 'inbound' ? 'source' : 'destination'}${pairs === 1 ? '' : 's'}`)
  return lines.join('\n')
}

/** `acknet exposure`: the most open first. */
export function renderExposure(raw: readonly ExposedFlow[], c: ChalkInstance = colours): string {
  const flows = escapeStrings(raw) // names from the topology: escaped for the terminal (issue #15)
  if (flows.length === 0) return 'nothing is reachable from the internet'
  const rows = flows.map((f) => [f.to, `${f.protocol}/${f.ports}`, verdictText(f.verdict, c) + (f.admitted ? ` (from ${f.admitted.join(', ')})` : ''), f.via.join(', ')])
  const targets = new Set(flows.map((f) => f.to)).size
  return `${renderColumns(['exposed', 'port', 'verdict', 'via'], rows)}\n\n${flows.length} exposed flow${flows.length === 1 ? '' : 's'} on ${targets} endpoint${targets === 1 ? '' : 's'}`
}

export function renderExposureMarkdown(flows: readonly ExposedFlow[]): string {
  const lines = ['| exposed | port | verdict | via |', '|---|---|---|---|']
  const md = markdownText
  for (const f of flows) lines.push(`| ${md(f.to)} | ${f.protocol}/${md(f.ports)} | ${f.verdict}${f.admitted ? ` (from ${md(f.admitted.join(', '))})` : ''} | ${f.via.map(md).join(', ')} |`)
  return lines.join('\n')
}

function verdictText(verdict: 'allowed' | 'partial', c: ChalkInstance): string {
  return verdict === 'allowed' ? c.green('allowed') : c.yellow('partial')
}

function indentBlock(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n')
}
