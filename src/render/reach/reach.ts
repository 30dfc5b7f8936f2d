import type {ChalkInstance} from 'chalk'
import type {Hop, ReachPath, ReachResult} from '../../engine/reach/result.js'
import {colours} from '../colors.js'
import {escapeStrings} from '../escape.js'
import {renderTable} from '../table.js'

/**
 * `acknet reach` for people: a header, one hop table per distinct path (the denying hop
 * highlighted), and a one-line verdict with the reason and a concrete fix.
 */
export function renderReach(answer: ReachResult, c: ChalkInstance = colours): string {
  const result = escapeStrings(answer) // every name made safe for a terminal (issue #15)
  const lines: string[] = []
  const where = (e: ReachResult['from']) => (e.address ? `${e.ref} (${e.address})` : e.ref)
  const what = result.protocol === 'icmp' ? 'icmp' : `${result.protocol}/${result.port}`
  lines.push(`${c.bold(where(result.from))} → ${c.bold(where(result.to))}  ${what}${result.family === 6 ? '  over IPv6' : ''}`)
  const total = result.paths.length
  result.paths.forEach((path, index) => {
    lines.push('')
    lines.push(pathHeading(path, index, total, c))
    lines.push(hopTable(path.hops, c))
    if (path.considered && path.considered.length > 0) {
      lines.push(c.dim('  considered, not applied:'))
      for (const item of path.considered) lines.push(c.dim(`    ${item.step}  ${item.object}: ${item.detail}`))
    }
  })
  if (result.unplaced && result.unplaced.length > 0) {
    lines.push('')
    lines.push(c.yellow(`unplaced: ${result.unplaced.length} ${result.unplaced.length === 1 ? 'replica cannot' : 'replicas cannot'} run; the verdict covers the placed ones`))
    for (const item of result.unplaced) lines.push(`  - ${item.replica}${item.node ? ` on ${item.node}` : ''}: ${item.reason}`)
  }
  if (result.missing && result.missing.length > 0) {
    lines.push('')
    lines.push(c.yellow('missing input:'))
    for (const item of result.missing) lines.push(`  - ${item}`)
  }
  lines.push('')
  lines.push(verdictLine(result, c))
  if (result.fix) lines.push(`  ${c.bold('fix:')} ${result.fix}`)
  for (const item of result.warnings ?? []) lines.push(`${c.yellow('warning')} ${c.bold(item.code)} at ${item.object} — ${item.message}`)
  return lines.join('\n')
}

function pathHeading(path: ReachPath, index: number, total: number, c: ChalkInstance): string {
  const verdict = path.verdict === 'allowed' ? c.green('allowed') : c.red('denied')
  const pairs = `${path.count} ${path.count === 1 ? 'pair' : 'pairs'}`
  const from = listNames(path.from, path.count)
  const to = listNames(path.to, path.count)
  return `${c.bold(`path ${index + 1}/${total}`)} · ${verdict} · ${pairs}: ${from} → ${to}`
}

function listNames(names: string[], count: number): string {
  return names.length >= 5 && count > 5 ? `${names.join(', ')}, …` : names.join(', ')
}

function hopTable(hops: Hop[], c: ChalkInstance): string {
  const rows = hops.map((hop, index) => {
    const result = hop.result === 'pass' ? c.green('pass') : hop.result === 'deny' ? c.red.bold('DENY') : c.dim('skip')
    const why = hop.code ? `${hop.code}: ${hop.detail}` : hop.detail
    const row = [String(index + 1), hop.step, hop.object, result, why]
    return hop.result === 'deny' ? row.map((cell, i) => (i === 3 ? cell : c.red(cell))) : row
  })
  return renderTable(['#', 'step', 'object', 'result', 'why'], rows, {align: ['right', 'left', 'left', 'left', 'left']})
}

export function verdictSymbol(verdict: ReachResult['verdict'], c: ChalkInstance = colours): string {
  return verdict === 'allowed' ? c.green('✓') : verdict === 'partial' ? c.yellow('◐') : c.red('✗')
}

function verdictLine(result: ReachResult, c: ChalkInstance): string {
  const label = result.verdict === 'allowed' ? c.green.bold('allowed') : result.verdict === 'partial' ? c.yellow.bold('partial') : c.red.bold('denied')
  const counts = result.paths.reduce((acc, p) => ({ok: acc.ok + (p.verdict === 'allowed' ? p.count : 0), all: acc.all + p.count}), {ok: 0, all: 0})
  const share = result.verdict === 'partial' ? ` (${counts.ok} of ${counts.all} pairs reachable)` : ''
  if (!result.reason) return `${verdictSymbol(result.verdict, c)} ${label}${share}`
  return `${verdictSymbol(result.verdict, c)} ${label}${share}: ${c.bold(result.reason.code)} at ${result.reason.object} — ${result.reason.message}`
}
