import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {refuseOverwrite, writeFileAtomically} from '../cli/write-file.js'
import {neutralizeWorkflowCommands} from '../render/escape.js'
import {emptyConfig, type LintConfig, mergeConfigs, parseRuleFlag} from '../engine/lint/config.js'
import {ConfigResolver, discoverInputs, type LintInput} from '../engine/lint/files.js'
import {RULE_IDS, RULES} from '../engine/lint/registry.js'
import {lintFailed, lintInternalError} from '../engine/lint/report.js'
import {lintInputs} from '../engine/lint/run.js'
import {colours, makeColours} from '../render/colors.js'
import {LINT_FORMATS, type LintFormat, renderLintReport} from '../render/lint/index.js'
import {renderTable} from '../render/table.js'

const FALLBACK_HOMEPAGE = 'https://www.npmjs.com/package/acknet'

export default class LintCommand extends BaseCommand {
  static override summary = 'Check topology files against ACK/VPC platform rules, with file:line:column findings for CI'

  static override description = `Loads each topology file, resolves it and runs every rule (acknet lint --list-rules). Findings point at the offending key or value, in formats CI systems read: stylish (default), json, sarif (GitHub code scanning), junit (GitLab, Jenkins) and github (workflow annotations).

FILE may be a topology file, a directory (every *.yaml, *.yml and *.json below it that declares apiVersion: acknet/v1; other files are skipped) or - for stdin. With no FILE the current directory is linted.

Settings: .acknetrc.yaml (the nearest one from the current directory upward, plus one next to a linted file) sets rule severities (off | info | warning | error), maxWarnings and ignore globs; --rule ID=SEVERITY wins over both. Suppress one finding with a YAML comment on the line before it: # acknet-disable-next-line RULE_ID (or # acknet-disable-line RULE_ID at the end of the line).

Exit status: 0 no error findings; 1 error findings or more warnings than --max-warnings; 2 a file or directory is missing, or a flag or .acknetrc.yaml is invalid. A broken topology file is reported as findings (yaml-syntax, schema), not as exit 2.`

  static override examples = [
    {description: 'Lint one file', command: '<%= config.bin %> lint fixtures/production.yaml'},
    {description: 'Lint every topology below infra/ for GitHub code scanning', command: '<%= config.bin %> lint infra/ --format sarif --output acknet.sarif'},
    {description: 'Annotations on a pull request, failing on any warning', command: '<%= config.bin %> lint infra/ --format github --max-warnings 0'},
    {description: 'Turn a rule off and make another an error', command: '<%= config.bin %> lint topology.yaml --rule sg-open-admin-port=off --rule pod-capacity=error'},
    {description: 'Lint stdin and print JSON', command: 'cat topology.yaml | <%= config.bin %> lint - --format json'},
    {description: 'List the rules', command: '<%= config.bin %> lint --list-rules'},
  ]

  static override strict = false

  static override args = {
    file: Args.string({description: 'topology file, directory, or - for stdin (repeatable; default: .)'}),
  }

  static override flags = {
    file: Flags.string({char: 'f', description: 'topology file or directory (repeatable; same as a FILE argument)', multiple: true}),
    format: Flags.string({char: 'F', description: 'output format', options: [...LINT_FORMATS], default: 'stylish'}),
    rule: Flags.string({description: 'set a rule: ID=off|info|warning|error (repeatable; wins over .acknetrc.yaml)', multiple: true}),
    'max-warnings': Flags.integer({description: 'exit 1 when there are more warnings than this', min: 0}),
    'list-rules': Flags.boolean({description: 'list every rule with its severity and description, then exit', default: false}),
    config: Flags.string({char: 'c', description: 'use this config file instead of the nearest .acknetrc.yaml'}),
    quiet: Flags.boolean({char: 'q', description: 'report errors only (warnings and infos are dropped)', default: false}),
    output: Flags.string({char: 'o', description: 'write the report to this file instead of stdout (refuses to overwrite without --force)'}),
    force: Flags.boolean({description: 'allow --output to replace an existing file', default: false}),
    json: Flags.boolean({description: 'same as --format json', default: false}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(LintCommand)
    const cwd = process.cwd()
    const format: LintFormat = flags.json ? 'json' : (flags.format as LintFormat)
    const ruleFlags = new Map((flags.rule ?? []).map((text) => parseRuleFlag(text, RULE_IDS)))
    const flagConfig: LintConfig = {...emptyConfig(), rules: ruleFlags}
    const resolver = new ConfigResolver(cwd, RULE_IDS, flags.config)
    const project = mergeConfigs(resolver.project, flagConfig)

    if (flags['list-rules']) {
      this.listRules(project, format === 'json')
      return
    }

    const targets = [...(argv as string[]), ...(flags.file ?? [])]
    const inputs = discoverInputs(targets.length > 0 ? targets : ['.'], {cwd, ignore: project.ignore})
    if (flags.output) refuseOverwrite(flags.output, flags.force)
    const configFor = (input: LintInput) => mergeConfigs(resolver.forDirectory(input.dir), flagConfig)
    const report = lintInputs(inputs, configFor, project, flags['max-warnings'])
    if (flags.quiet) {
      report.findings = report.findings.filter((finding) => finding.severity === 'error')
      report.summary = {...report.summary, warnings: 0, infos: 0}
    }

    const homepage = (this.config.pjson as {homepage?: string}).homepage ?? FALLBACK_HOMEPAGE
    const text = renderLintReport(report, format, {
      toolVersion: this.config.version,
      informationUri: homepage,
      rulesDocUri: homepage.startsWith('https://github.com/') ? `${homepage.replace(/\/$/, '')}/blob/main/docs/lint.md` : homepage,
      colours: flags.output ? makeColours(false) : colours,
    })
    if (flags.output) writeFileAtomically(flags.output, text, {force: flags.force})
    // only the github format means to write workflow commands (issue #15)
    else if (text !== '') process.stdout.write(format === 'github' ? text : neutralizeWorkflowCommands(text))
    if (lintInternalError(report)) this.setExitCode(2)
    else if (lintFailed(report)) this.setExitCode(1)
  }

  private listRules(config: LintConfig, json: boolean): void {
    const rules = RULES.map((rule) => ({id: rule.id, severity: config.rules.get(rule.id) ?? rule.severity, defaultSeverity: rule.severity, description: rule.description}))
    if (json) {
      this.printJson({rules})
      return
    }
    const c = colours
    const paint = (severity: string) => (severity === 'error' ? c.red(severity) : severity === 'warning' ? c.yellow(severity) : severity === 'info' ? c.blue(severity) : c.dim(severity))
    this.print(renderTable(['rule', 'severity', 'description'], rules.map((rule) => [rule.id, paint(rule.severity), rule.description])))
  }
}

