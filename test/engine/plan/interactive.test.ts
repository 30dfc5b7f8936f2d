import {describe, expect, it} from 'vitest'
import {askPlanInputs, assertInteractiveAllowed, type PromptFunctions} from '../../../src/cli/plan-interactive.js'
import {toPlanInput} from '../../../src/commands/plan.js'
import {planCluster} from '../../../src/engine/plan/planner.js'

/** Scripted prompts: answers by message prefix; records each question and checks validators. */
function scripted(answers: Record<string, string>, rejected: Record<string, string[]> = {}) {
  const asked: Array<{message: string; default?: string}> = []
  const answer = (message: string): string => {
    const key = Object.keys(answers).find((prefix) => message.startsWith(prefix))
    if (key === undefined) throw new Error(`unexpected question: ${message}`)
    return answers[key]!
  }
  const prompts: PromptFunctions = {
    async input({message, default: def, validate}) {
      asked.push({message, default: def})
      const key = Object.keys(rejected).find((prefix) => message.startsWith(prefix))
      for (const bad of key ? rejected[key]! : []) expect(validate?.(bad), `${message} should reject ${bad}`).not.toBe(true)
      const value = answer(message) === '' && def !== undefined ? def : answer(message)
      if (validate) expect(validate(value)).toBe(true)
      return value
    },
    async select({message, choices, default: def}) {
      asked.push({message, default: def})
      const value = answer(message)
      expect(choices.map((choice) => choice.value)).toContain(value)
      return value
    },
  }
  return {prompts, asked}
}

describe('acknet plan -i (interactive)', () => {
  it('asks for every input, shows defaults, validates inline, and yields a valid plan', async () => {
    const {prompts, asked} = scripted(
      {'Network plugin': 'terway', 'IP stack': 'ipv4', Zones: 'cn-hangzhou-h,cn-hangzhou-i', Nodes: '400', 'Node instance type': 'ecs.g7.xlarge', Services: '', 'Growth': '', 'CIDRs to avoid': '10.0.0.0/8'},
      {Nodes: ['0', 'many', '-3'], 'Node instance type': ['ecs.g7.xlarg', 'ecs.g6.large'], 'CIDRs to avoid': ['10.0.0.1/8'], Zones: ['cn hangzhou', '0']},
    )
    const answers = await askPlanInputs({}, prompts)
    expect(asked.map((q) => q.message.split(' (')[0])).toEqual(['Network plugin', 'IP stack', 'Zones', 'Nodes', 'Node instance type', 'Services', 'Growth headroom multiplier', 'CIDRs to avoid'])
    expect(asked.find((q) => q.message === 'IP stack')!.default).toBe('ipv4')
    expect(asked.find((q) => q.message.startsWith('Services'))!.default).toBe('4096')
    expect(asked.find((q) => q.message.startsWith('Growth'))!.default).toBe('1.5')
    expect(answers).toMatchObject({plugin: 'terway', zones: 'cn-hangzhou-h,cn-hangzhou-i', nodes: 400, 'instance-type': 'ecs.g7.xlarge', services: 4096, growth: '1.5', avoid: '10.0.0.0/8'})
    const {plan} = planCluster(toPlanInput(answers, 'cn-hangzhou', 'demo').input)
    expect(plan.zones.map((zone) => zone.podVSwitch)).toEqual(['192.168.0.0/18', '192.168.64.0/18'])
  })

  it('flannel asks pods per node as the console choices and the route quota (not the IP stack: dual is Terway only); flags are not asked again', async () => {
    const {prompts, asked} = scripted({'Pods per node': '64', Services: '', Growth: '', 'CIDRs to avoid': '', 'Route entries': ''})
    const answers = await askPlanInputs({plugin: 'flannel', zones: '3', nodes: 150}, prompts)
    expect(asked.map((q) => q.message.split(' (')[0])).toEqual(['Pods per node', 'Services', 'Growth headroom multiplier', 'CIDRs to avoid', 'Route entries per route table'])
    expect(answers).toMatchObject({'pods-per-node': 64, 'route-quota': 200})
  })

  it('dual stack: asked for Terway, the instance type must give pods IPv6 in shared mode, the plan is dual', async () => {
    const {prompts} = scripted(
      {'IP stack': 'dual', 'Node instance type': 'ecs.g7.xlarge', Services: '', Growth: '', 'CIDRs to avoid': '', 'VPC IPv6': ''},
      {'Node instance type': ['ecs.g6.xlarge', 'ecs.d1.2xlarge', 'ecs.g6.large'], 'VPC IPv6': ['2001:db8::/56', '2408:4005:3de:8000::/52', 'fd00::/56', '2408::1/56']},
    )
    const answers = await askPlanInputs({plugin: 'terway', zones: '2', nodes: 20}, prompts)
    expect(answers['ip-stack']).toBe('dual')
    expect(answers).not.toHaveProperty('vpc-ipv6-cidr')
    const {plan} = planCluster(toPlanInput(answers, 'cn-hangzhou', 'demo').input)
    expect(plan).toMatchObject({ipStack: 'dual', vpcIpv6Cidr: '2001:db8::/56', vpcIpv6CidrPlaceholder: true})
    expect(plan.zones.map((zone) => zone.podVSwitchIpv6)).toEqual(['2001:db8:0:1::/64', '2001:db8:0:3::/64'])
  })

  it('dual stack: the assigned /56 when known (asked after the CIDRs to avoid), not asked when given as a flag', async () => {
    const {prompts, asked} = scripted({'IP stack': 'dual', 'Node instance type': 'ecs.g7.xlarge', Services: '', Growth: '', 'CIDRs to avoid': '', 'VPC IPv6': '2408:4005:3de:8500::/56'})
    const answers = await askPlanInputs({plugin: 'terway', zones: '2', nodes: 20}, prompts)
    expect(asked.map((q) => q.message.split(' (')[0]).slice(-2)).toEqual(['CIDRs to avoid', 'VPC IPv6 /56 assigned by Alibaba Cloud'])
    expect(planCluster(toPlanInput(answers, 'cn-hangzhou', 'demo').input).plan.zones[1]!.podVSwitchIpv6).toBe('2408:4005:3de:8503::/64')
    const flagged = scripted({'Node instance type': 'ecs.g7.xlarge', Services: '', Growth: '', 'CIDRs to avoid': ''})
    await askPlanInputs({plugin: 'terway', zones: '2', nodes: 20, 'ip-stack': 'dual', 'vpc-ipv6-cidr': '2408:4005:3de:8500::/56'}, flagged.prompts)
    expect(flagged.asked.some((q) => q.message.startsWith('VPC IPv6') || q.message === 'IP stack')).toBe(false)
  })

  it('dual stack: the validator says why a type is refused', async () => {
    const seen: string[] = []
    const prompts: PromptFunctions = {
      async select() {
        return 'dual'
      },
      async input({message, validate, default: def}) {
        if (message.startsWith('Node instance type')) for (const bad of ['ecs.g6.xlarge', 'ecs.d1.2xlarge']) seen.push(String(validate!(bad)))
        return def ?? ''
      },
    }
    await askPlanInputs({plugin: 'terway', zones: '2', nodes: 20}, prompts)
    expect(seen).toEqual([expect.stringMatching(/^ecs\.g6\.xlarge cannot run dual stack: .*1 IPv6 and 10 IPv4 per ENI/), 'ecs.d1.2xlarge has no published IPv6-per-ENI figure; pick another type'])
  })

  it('refuses without a TTY or with CI set, naming the flags to pass', () => {
    expect(() => assertInteractiveAllowed(false, {})).toThrow(expect.objectContaining({exitCode: 2, hints: [expect.stringMatching(/--plugin .*--zones .*--nodes .*--instance-type/)]}))
    expect(() => assertInteractiveAllowed(true, {CI: 'true'})).toThrow(/CI is set/)
    expect(() => assertInteractiveAllowed(true, {})).not.toThrow()
  })
})
