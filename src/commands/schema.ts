import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {zodSide} from '../engine/topology/lazy-zod.js'
import {writeFileAtomically} from '../cli/write-file.js'
import {toJson} from '../render/json.js'

export default class SchemaCommand extends BaseCommand {
  static override summary = 'Print the JSON Schema of the topology file (for editors and CI validators)'
  static override description = `The schema is generated from the same definition acknet validates with. Point your editor at it for completion and inline errors, e.g. with the YAML language server (VS Code, Neovim, JetBrains):

  # yaml-language-server: $schema=./acknet-topology.schema.json

The package also ships it as schema/acknet-topology.schema.json. The schema checks shape only; \`acknet lint\` also checks references, CIDRs and platform rules.`

  static override examples = [
    '<%= config.bin %> schema > acknet-topology.schema.json',
    '<%= config.bin %> schema --output .vscode/acknet-topology.schema.json',
    '<%= config.bin %> schema --output schema.json --force',
  ]

  static override flags = {
    output: Flags.string({char: 'o', description: 'Write the schema to this file instead of stdout (refuses to overwrite without --force).'}),
    force: Flags.boolean({description: 'Overwrite the --output file if it exists.', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SchemaCommand)
    const text = toJson(zodSide().topologyJsonSchema())
    if (!flags.output) {
      this.print(text)
      return
    }
    writeFileAtomically(flags.output, text, {force: flags.force})
    process.stderr.write(`wrote ${flags.output}\n`)
  }
}
