import {Flags} from '@oclif/core'
import type {ImportResult} from '../engine/import/document.js'
import {safeLine} from '../engine/import/escape.js'
import {finishImport, loadMergeTarget} from '../engine/import/finish.js'
import {writeFileAtomically} from './write-file.js'
import {stderrColours} from '../render/colors.js'
import {BaseCommand} from './base-command.js'

/**
 * Shared by `acknet import aliyun|kubectl|terraform`: output flags, merge, warnings on
 * stderr, and the write (stdout, or --output through a temporary file and a rename).
 */
export abstract class ImportCommand extends BaseCommand {
  static outputFlags = {
    output: Flags.string({char: 'o', description: 'Write the topology to this file instead of stdout (refuses to overwrite without --force).', helpValue: 'FILE'}),
    force: Flags.boolean({description: 'Overwrite the --output file if it exists.', default: false}),
    merge: Flags.string({description: 'Merge into this existing topology: objects are added, or updated field by field when the name exists (named lists inside, such as workloads or node pools, item by item); nothing the input does not cover is removed, and every object replaced is listed on stderr.', helpValue: 'EXISTING'}),
    name: Flags.string({description: 'metadata.name of a new topology (default: the VPC or cluster name).'}),
  }

  protected loadMergeTarget(file: string | undefined) {
    return loadMergeTarget(file)
  }

  protected emit(result: ImportResult, flags: {output?: string; force: boolean; merge?: string}, mergeTarget = this.loadMergeTarget(flags.merge)): void {
    const text = finishImport(result, mergeTarget, flags.merge)
    // Names in warnings come from the input: escaped, so none can forge a line (a CI annotation) or a terminal sequence.
    for (const warning of result.warnings) process.stderr.write(`${stderrColours.yellow('warning')} ${safeLine(warning)}\n`)
    for (const line of result.mergeReport ?? []) process.stderr.write(`${stderrColours.yellow('merge')} ${safeLine(line)}\n`)
    if (flags.output) {
      writeFileAtomically(flags.output, text, {force: flags.force})
      process.stderr.write(`wrote ${flags.output} (${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'})\n`)
    } else this.print(text)
  }
}
