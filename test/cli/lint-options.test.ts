import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

interface Finding {
  ruleId: string
  severity: string
  line: number
  column: number
  file: string
}
type Report = {findings: Finding[]; summary: {files: number; errors: number; warnings: number; infos: number}}

// A small topology with one warning (sg-open-admin-port, line 14) and one error (vswitch-cidr, line 9).
const TOPOLOGY = `apiVersion: acknet/v1
kind: Topology
metadata: {name: small}
vpcs:
  - name: prod
    cidr: 192.168.0.0/16
    vswitches:
      - {name: a, zone: cn-hangzhou-i, cidr: 192.168.0.0/24}
      - {name: b, zone: cn-hangzhou-i, cidr: 10.0.0.0/24}
securityGroups:
  - name: web
    vpc: prod
    rules:
      - {direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0}
`

const work = mkdtempSync(path.join(tmpdir(), 'acknet-lint-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    writeFileSync(path.join(dir, file), text)
  }
  return dir
}

const rules = (report: Report) => report.findings.map((finding) => `${finding.ruleId}:${finding.severity}@${finding.line}`)

describe('acknet lint options', () => {
  it('baseline: one error and one warning, exit 1', () => {
    const dir = project('baseline', {'topo.yaml': TOPOLOGY})
    const {code, json} = runJson<Report>(['lint', 'topo.yaml', '--format', 'json'], {cwd: dir})
    expect(code).toBe(1)
    expect(rules(json)).toEqual(['vswitch-cidr:error@9', 'sg-open-admin-port:warning@14'])
  })

  it('--rule ID=off|warning|error changes severities; exit follows', () => {
    const dir = project('rule-flag', {'topo.yaml': TOPOLOGY})
    const {code, json} = runJson<Report>(['lint', 'topo.yaml', '--json', '--rule', 'vswitch-cidr=warning', '--rule', 'sg-open-admin-port=off'], {cwd: dir})
    expect(code).toBe(0)
    expect(rules(json)).toEqual(['vswitch-cidr:warning@9'])
    expect(json.summary).toEqual({files: 1, errors: 0, warnings: 1, infos: 0})
  })

  it('--rule with an unknown id or value is exit 2 with a suggestion', () => {
    const dir = project('rule-bad', {'topo.yaml': TOPOLOGY})
    const unknown = runCli(['lint', 'topo.yaml', '--rule', 'vswitch-cdr=off'], {cwd: dir})
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown rule id "vswitch-cdr"; did you mean vswitch-cidr\?/)
    const value = runCli(['lint', 'topo.yaml', '--rule', 'vswitch-cidr=loud'], {cwd: dir})
    expect(value.code).toBe(2)
    expect(value.stderr).toMatch(/expected off \| info \| warning \| error/)
  })

  it('--max-warnings N fails on more than N warnings', () => {
    const dir = project('max-warnings', {'topo.yaml': TOPOLOGY})
    const ok = runCli(['lint', 'topo.yaml', '--rule', 'vswitch-cidr=off', '--max-warnings', '1'], {cwd: dir})
    expect(ok.code).toBe(0)
    const tooMany = runCli(['lint', 'topo.yaml', '--rule', 'vswitch-cidr=off', '--max-warnings', '0'], {cwd: dir})
    expect(tooMany.code).toBe(1)
    expect(tooMany.stdout).toMatch(/too many warnings: 1 \(maximum 0\)/)
  })

  it('.acknetrc.yaml is found from the cwd upward and next to the linted file; the local one wins', () => {
    const dir = project('rc', {
      '.acknetrc.yaml': 'rules:\n  sg-open-admin-port: off\n  vswitch-cidr: warning\n',
      'infra/topo.yaml': TOPOLOGY,
      'infra/sub/.acknetrc.yaml': 'rules:\n  vswitch-cidr: error\n',
      'infra/sub/topo.yaml': TOPOLOGY,
    })
    // from a subdirectory: the project config is found upward
    const upward = runJson<Report>(['lint', 'topo.yaml', '--json'], {cwd: path.join(dir, 'infra')})
    expect(upward.code).toBe(0)
    expect(rules(upward.json)).toEqual(['vswitch-cidr:warning@9'])
    // next to the file: infra/sub/.acknetrc.yaml overrides one rule, keeps the other
    const local = runJson<Report>(['lint', 'infra/sub/topo.yaml', '--json'], {cwd: dir})
    expect(local.code).toBe(1)
    expect(rules(local.json)).toEqual(['vswitch-cidr:error@9'])
    // --rule beats both
    const flag = runJson<Report>(['lint', 'infra/sub/topo.yaml', '--json', '--rule', 'vswitch-cidr=off'], {cwd: dir})
    expect(flag.json.findings).toEqual([])
  })

  it('a bad .acknetrc.yaml is exit 2 naming file:line:column', () => {
    const dir = project('rc-bad', {'.acknetrc.yaml': '# settings\nrules:\n  vswitch-overlaps: off\n', 'topo.yaml': TOPOLOGY})
    const {code, stdout, stderr} = runCli(['lint', 'topo.yaml'], {cwd: dir})
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/\.acknetrc\.yaml:3:3: unknown rule id "vswitch-overlaps"; did you mean vswitch-overlap\?/)
  })

  it('maxWarnings and ignore in .acknetrc.yaml', () => {
    const dir = project('rc-more', {
      '.acknetrc.yaml': 'maxWarnings: 0\nignore: [generated/**]\nrules: {vswitch-cidr: off}\n',
      'topo.yaml': TOPOLOGY,
      'generated/topo.yaml': TOPOLOGY.replace('192.168.0.0/16', '999.0.0.0/16'),
    })
    const {code, json} = runJson<Report>(['lint', '.', '--json'], {cwd: dir})
    expect(json.summary.files).toBe(1)
    expect(code).toBe(1) // one warning > maxWarnings 0
  })

  it('# acknet-disable-next-line RULE and # acknet-disable-line RULE suppress one finding', () => {
    const suppressed = TOPOLOGY.replace('      - {name: b,', '      # acknet-disable-next-line vswitch-cidr -- migrating this block\n      - {name: b,').replace('peer: 0.0.0.0/0}', 'peer: 0.0.0.0/0}  # acknet-disable-line sg-open-admin-port')
    const dir = project('suppress', {'topo.yaml': suppressed})
    const {code, json} = runJson<Report>(['lint', 'topo.yaml', '--json'], {cwd: dir})
    expect(code).toBe(0)
    expect(json.findings).toEqual([])
    // a directive for another rule does not hide this one
    const other = project('suppress-other', {'topo.yaml': TOPOLOGY.replace('      - {name: b,', '      # acknet-disable-next-line vswitch-overlap\n      - {name: b,')})
    expect(rules(runJson<Report>(['lint', 'topo.yaml', '--json'], {cwd: other}).json)).toEqual(['vswitch-cidr:error@10', 'sg-open-admin-port:warning@15'])
  })

  it('walks directories: every *.yaml/*.yml/*.json with apiVersion acknet/v1, others skipped silently', () => {
    const dir = project('walk', {
      'a/topo.yaml': TOPOLOGY,
      'b/other.yml': TOPOLOGY.replace('name: small', 'name: other'),
      'b/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n',
      'c/topo.json': JSON.stringify({apiVersion: 'acknet/v1', kind: 'Topology', metadata: {name: 'json'}}),
      'c/package.json': '{"name": "x"}',
      'notes.txt': 'apiVersion: acknet/v1',
      'node_modules/x/topo.yaml': TOPOLOGY,
    })
    const {json} = runJson<Report>(['lint', '.', '--json'], {cwd: dir})
    expect(json.summary.files).toBe(3)
    expect([...new Set(json.findings.map((finding) => finding.file))]).toEqual(['a/topo.yaml', 'b/other.yml'])
    // a file named explicitly is linted whatever it holds
    const explicit = runJson<Report>(['lint', 'b/deploy.yaml', '--json'], {cwd: dir})
    expect(explicit.code).toBe(1)
    expect(explicit.json.findings[0]).toMatchObject({ruleId: 'schema', file: 'b/deploy.yaml'})
  })

  it('reads stdin with -', () => {
    const {code, json} = runJson<Report>(['lint', '-', '--json'], {input: TOPOLOGY})
    expect(code).toBe(1)
    expect(json.findings.map((finding) => finding.file)).toEqual(['<stdin>', '<stdin>'])
  })

  it('invalid UTF-8 on stdin is a located yaml-syntax finding (stdin read once)', () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: "a'), Buffer.from([0xc3, 0x28]), Buffer.from('b"}\n')])
    const {code, json} = runJson<Report>(['lint', '-', '--json'], {input: bytes as unknown as string})
    expect(code).toBe(1)
    expect(json.findings).toEqual([expect.objectContaining({ruleId: 'yaml-syntax', file: '<stdin>', line: 3, column: 20})])
  })

  it('a missing file is exit 2 with one line on stderr', () => {
    const {code, stdout, stderr} = runCli(['lint', 'no/such/file.yaml'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/no\/such\/file\.yaml: no such file or directory/)
  })

  it('--output writes the report and refuses to overwrite without --force', () => {
    const dir = project('output', {'topo.yaml': TOPOLOGY})
    const first = runCli(['lint', 'topo.yaml', '--format', 'sarif', '--output', 'out.sarif'], {cwd: dir})
    expect(first.code).toBe(1)
    expect(first.stdout).toBe('')
    expect(JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0')
    const again = runCli(['lint', 'topo.yaml', '--output', 'out.sarif'], {cwd: dir})
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/out\.sarif already exists; pass --force/)
    const forced = runCli(['lint', 'topo.yaml', '--output', 'out.sarif', '--force'], {cwd: dir})
    expect(forced.code).toBe(1)
    expect(readFileSync(path.join(dir, 'out.sarif'), 'utf8')).toMatch(/^topo\.yaml\n/)
    expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([])
  })

  it('--list-rules lists every rule with severity and description', () => {
    const {code, json} = runJson<{rules: Array<{id: string; severity: string; description: string}>}>(['lint', '--list-rules', '--json'])
    expect(code).toBe(0)
    const ids = json.rules.map((rule) => rule.id)
    expect(ids).toContain('yaml-syntax')
    expect(ids).toContain('netpol-selects-nothing')
    expect(json.rules.find((rule) => rule.id === 'sg-open-admin-port')).toMatchObject({severity: 'warning'})
    const text = runCli(['lint', '--list-rules'])
    expect(text.stdout).toMatch(/^ *rule +severity +description/m)
    expect(text.stdout).toMatch(/vswitch-overlap +error +Two vSwitches of one VPC overlap/)
  })
})
