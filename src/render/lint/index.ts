import type {ChalkInstance} from 'chalk'
import type {LintReport} from '../../engine/lint/report.js'
import {toJson} from '../json.js'
import {renderGithub} from './github.js'
import {lintJson} from './json.js'
import {renderJunit} from './junit.js'
import {renderSarif, type SarifOptions} from './sarif.js'
import {renderStylish} from './stylish.js'

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const
export type LintFormat = (typeof LINT_FORMATS)[number]

/** The whole output document for a format, ending in one newline (or empty for github with no findings). */
export function renderLintReport(report: LintReport, format: LintFormat, options: SarifOptions & {colours: ChalkInstance}): string {
  switch (format) {
    case 'stylish':
      return renderStylish(report, options.colours) + '\n'
    case 'json':
      return toJson(lintJson(report))
    case 'sarif':
      return toJson(renderSarif(report, options))
    case 'junit':
      return renderJunit(report)
    case 'github': {
      const text = renderGithub(report)
      return text === '' ? '' : text + '\n'
    }
  }
}
