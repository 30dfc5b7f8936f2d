import {BaseCommand} from '../cli/base-command.js'
import {ALL_CODE_INFO} from '../engine/reach/codes.js'
import {renderCodes} from '../render/reach/codes.js'

export default class CodesCommand extends BaseCommand {
  static override summary = 'Every reachability reason code with its meaning and the usual fix'
  static override description = 'The codes `acknet reach`, `acknet matrix` and the lint `expectation` rule report when a connection is denied, each with the path step that reports it, and the warning codes a result can carry (PORT_NOT_DECLARED). --json gives the same as data: {codes: [{code, step, object, meaning, fix}]}.'
  static override examples = ['<%= config.bin %> codes', '<%= config.bin %> codes --json']
  static override flags = {...BaseCommand.jsonFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(CodesCommand)
    const codes = ALL_CODE_INFO
    if (flags.json) this.printJson({codes})
    else this.print(renderCodes(codes))
  }
}
