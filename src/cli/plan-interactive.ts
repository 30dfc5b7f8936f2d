/**
 * `acknet plan -i`: asks for every plan input the flags did not give, with defaults shown and
 * validation inline. The prompt functions are injected so that tests can drive the dialogue
 * without a terminal; the command passes @inquirer/prompts.
 */
import {parseCidr} from '../engine/cidr/cidr.js'
import {parseIpv6Cidr} from '../engine/cidr/cidr6.js'
import {vpcIpv6CidrProblem} from '../engine/plan/ipv6-layout.js'
import {terwayDualStack, terwayEligibility, terwayMaxPods} from '../engine/capacity/terway.js'
import {closestInstanceTypes, lookupInstanceType} from '../engine/platform/catalog.js'
import {DEFAULT_ROUTE_ENTRIES_PER_TABLE} from '../engine/platform/rules.js'
import {AcknetError} from '../errors.js'

export interface PlanAnswers {
  plugin?: string
  zones?: string
  nodes?: number
  'pods-per-node'?: number
  'instance-type'?: string
  services?: number
  growth?: string
  avoid?: string
  'route-quota'?: number
  'vpc-cidr'?: string
  'ip-stack'?: string
  'vpc-ipv6-cidr'?: string
}

type Validate = (value: string) => true | string
export interface PromptFunctions {
  input(options: {message: string; default?: string; validate?: Validate}): Promise<string>
  select(options: {message: string; choices: Array<{name: string; value: string; description?: string}>; default?: string}): Promise<string>
}

/** The flags to pass instead, for the refusal message when there is no terminal. */
export const PLAN_FLAGS_HINT = 'pass the inputs as flags instead: --plugin flannel|terway --zones N|ID,ID --nodes N (--pods-per-node N | --instance-type T) [--services N --growth F --avoid CIDR,... --route-quota N --vpc-cidr CIDR --ip-stack ipv4|dual --vpc-ipv6-cidr CIDR]'

/** Prompts need a person at a terminal: stdin must be a TTY and CI unset (SPEC §1). */
export function assertInteractiveAllowed(stdinIsTty: boolean, env: NodeJS.ProcessEnv): void {
  if (!stdinIsTty || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0')) {
    throw new AcknetError(`--interactive needs a terminal (stdin is not a TTY${env.CI ? ' or CI is set' : ''})`, {hints: [PLAN_FLAGS_HINT]})
  }
}

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER): Validate => (value) => {
  if (!/^\d+$/.test(value.trim())) return 'enter a whole number'
  const n = Number(value)
  return n >= min && n <= max ? true : `enter a number from ${min} to ${max.toLocaleString('en-US')}`
}

const cidrList: Validate = (value) => {
  for (const text of value.split(',').map((t) => t.trim()).filter((t) => t !== '')) {
    const parsed = parseCidr(text)
    if (!parsed.ok) return parsed.message
  }
  return true
}

const zonesAnswer: Validate = (value) => {
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) >= 1 && Number(text) <= 26 ? true : 'enter 1–26 zones, or zone ids'
  return text.split(',').every((zone) => /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(zone.trim())) ? true : 'enter a count or zone ids such as cn-hangzhou-h,cn-hangzhou-i'
}

const terwayType: Validate = (value) => {
  const limits = lookupInstanceType(value.trim())
  if (!limits) return `unknown type; did you mean ${closestInstanceTypes(value, 3).join(', ')}?`
  if (!terwayMaxPods(limits, 'shared').ok) return `${limits.name} has no published IPv4-per-ENI figure; pick another type`
  const eligible = terwayEligibility(limits, 'shared')
  return eligible.eligible === true ? true : `${limits.name} cannot join a Terway cluster (${'reason' in eligible ? eligible.reason : 'unknown'})`
}

const vpcIpv6Answer: Validate = (value) => {
  if (value.trim() === '') return true
  const parsed = parseIpv6Cidr(value.trim())
  if (!parsed.ok) return parsed.message
  return vpcIpv6CidrProblem(parsed.cidr) ?? true
}

/** A Terway type that also gives pods IPv6 in shared ENI mode (the mode the plan writes). */
const dualStackTerwayType: Validate = (value) => {
  const valid = terwayType(value)
  if (valid !== true) return valid
  const limits = lookupInstanceType(value.trim())!
  const dual = terwayDualStack(limits, 'shared')
  if (dual.supported === true) return true
  if (dual.supported === 'unknown') return `${limits.name} has no published IPv6-per-ENI figure; pick another type`
  return `${limits.name} cannot run dual stack: ${dual.reason}`
}

/** Returns the given answers completed by prompts, in the order an operator thinks about them. */
export async function askPlanInputs(given: PlanAnswers, prompts: PromptFunctions): Promise<Required<Pick<PlanAnswers, 'plugin' | 'zones' | 'nodes'>> & PlanAnswers> {
  const answers: PlanAnswers = {...given}
  answers.plugin ??= await prompts.select({
    message: 'Network plugin',
    default: 'terway',
    choices: [
      {name: 'Terway (pods get VPC addresses from pod vSwitches)', value: 'terway'},
      {name: 'Flannel (overlay pod CIDR, one VPC route per node)', value: 'flannel'},
    ],
  })
  // dual stack is Terway only (facts §10 V4): Flannel plans are not asked
  if (answers.plugin === 'terway') {
    answers['ip-stack'] ??= await prompts.select({
      message: 'IP stack',
      default: 'ipv4',
      choices: [
        {name: 'IPv4', value: 'ipv4'},
        {name: 'Dual stack (pods get IPv4 and IPv6)', value: 'dual'},
      ],
    })
  }
  answers.zones ??= (await prompts.input({message: 'Zones (a count or zone ids, comma separated)', default: '3', validate: zonesAnswer})).trim()
  answers.nodes ??= Number(await prompts.input({message: 'Nodes (cluster-wide target)', validate: wholeNumber(1)}))
  if (answers['pods-per-node'] === undefined && answers['instance-type'] === undefined) {
    if (answers.plugin === 'terway') {
      const validate = answers['ip-stack'] === 'dual' ? dualStackTerwayType : terwayType
      answers['instance-type'] = (await prompts.input({message: 'Node instance type (pods per node come from its ENIs)', default: 'ecs.g7.xlarge', validate})).trim()
    } else {
      answers['pods-per-node'] = Number(await prompts.select({
        message: 'Pods per node (node CIDR mask)',
        default: '64',
        choices: [256, 128, 64, 32, 16].map((n) => ({name: `${n} addresses (/${32 - Math.log2(n)}, ${n - 1} pods)`, value: String(n)})),
      }))
    }
  }
  answers.services ??= Number(await prompts.input({message: 'Services (ClusterIP addresses)', default: '4096', validate: wholeNumber(1, 65_536)}))
  answers.growth ??= (await prompts.input({
    message: 'Growth headroom multiplier',
    default: '1.5',
    validate: (value) => (/^\d+(\.\d+)?$/.test(value.trim()) && Number(value) >= 1 ? true : 'enter a number of at least 1, e.g. 1.5'),
  })).trim()
  answers.avoid ??= (await prompts.input({message: 'CIDRs to avoid (other VPCs, IDC, peers; comma separated)', default: '', validate: cidrList})).trim()
  if (answers['ip-stack'] === 'dual' && answers['vpc-ipv6-cidr'] === undefined) {
    const block = (await prompts.input({message: 'VPC IPv6 /56 assigned by Alibaba Cloud (empty: a placeholder until it is)', default: '', validate: vpcIpv6Answer})).trim()
    if (block !== '') answers['vpc-ipv6-cidr'] = block
  }
  if (answers.plugin === 'flannel') {
    answers['route-quota'] ??= Number(await prompts.input({message: 'Route entries per route table (quota)', default: String(DEFAULT_ROUTE_ENTRIES_PER_TABLE), validate: wholeNumber(1)}))
  }
  return answers as Required<Pick<PlanAnswers, 'plugin' | 'zones' | 'nodes'>> & PlanAnswers
}
