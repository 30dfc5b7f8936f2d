import type {ChalkInstance} from 'chalk'
import type {ReasonCodeInfo} from '../../engine/reach/codes.js'
import {colours} from '../colors.js'

/** One block per code: name and step, what it means, the usual fix (long text wraps better than a table). */
export function renderCodes(codes: readonly ReasonCodeInfo[], c: ChalkInstance = colours): string {
  const width = Math.max(...codes.map((info) => info.code.length))
  return codes
    .map((info) => [`${c.bold(info.code.padEnd(width))}  ${c.dim(`step ${info.step} · object ${info.object}`)}`, `  ${info.meaning}`, `  ${c.green('fix:')} ${info.fix}`].join('\n'))
    .join('\n\n')
}

/** docs/codes.md, generated from the same catalogue. */
export function renderCodesMarkdown(codes: readonly ReasonCodeInfo[]): string {
  const lines = ['# Reachability reason codes', '', 'Generated from `src/engine/reach/codes.ts` (same text as `acknet codes`). Codes are listed in the order of SPEC §4.3, then the warning codes (a warning never denies); `step` is the path step (SPEC §4.2) that reports them.', '']
  for (const info of codes) {
    lines.push(`## \`${info.code}\``, '', `- **step**: \`${info.step}\``, `- **object**: \`${info.object}\``, `- **meaning**: ${info.meaning}`, `- **usual fix**: ${info.fix}`, '')
  }
  return lines.join('\n')
}
