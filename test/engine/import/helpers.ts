import {readFileSync} from 'node:fs'
import yaml from 'js-yaml'
import {importAliyun, type AliyunInputs} from '../../../src/engine/import/aliyun.js'
import type {TopologyDoc} from '../../../src/engine/import/document.js'
import {readDocuments, readStructured} from '../../../src/engine/import/io.js'
import {importKubectl} from '../../../src/engine/import/kubectl.js'
import {finishImport} from '../../../src/engine/import/finish.js'
import {sortRules} from '../../../src/engine/import/rules.js'
import {importTerraform} from '../../../src/engine/import/terraform.js'

export const FIXTURES = 'fixtures/import'
const A = `${FIXTURES}/aliyun`
const load = (...files: string[]) => files.map((file) => ({file: `${A}/${file}`, data: readStructured(`${A}/${file}`)}))

export function aliyunInputs(): AliyunInputs {
  return {
    vpc: load('vpcs.json'),
    vswitches: load('vswitches.json'),
    securityGroups: load('security-groups.json', 'security-group-attributes.json'),
    routeTables: load('route-tables.json', 'route-entries.json'),
    instances: load('instances.json'),
    nat: load('nat-gateways.json'),
    slb: load('load-balancers.json'),
  }
}

export const KUBECTL_FILE = `${FIXTURES}/kubectl-shop.json`
export const TERRAFORM_FILE = `${FIXTURES}/terraform-state.json`
export const EQUIVALENT_FILE = `${FIXTURES}/equivalent.yaml`

/** What kubectl cannot know, as the docs tell users to pass it. */
export const KUBECTL_FLAGS = {cluster: 'shop', podVSwitches: ['pod-i', 'pod-j'], serviceCidr: '172.21.0.0/20', nodeSecurityGroups: ['nodes'], poolNames: {np0default0000000000000001: 'default', np0big000000000000000000002: 'big'}}

/** The YAML text of `import <first>` followed by `import kubectl --merge`, exactly as the CLI builds it. */
export function importedYaml(first: 'aliyun' | 'terraform'): {first: string; merged: string} {
  const base = first === 'aliyun' ? importAliyun(aliyunInputs(), {name: 'shop-prod'}) : importTerraform(readStructured(TERRAFORM_FILE), {file: TERRAFORM_FILE, name: 'shop-prod'})
  const firstText = finishImport(base)
  const context = yaml.load(firstText) as TopologyDoc
  const kubectl = importKubectl(readStructured(KUBECTL_FILE), {file: KUBECTL_FILE, ...KUBECTL_FLAGS, context})
  return {first: firstText, merged: finishImport(kubectl, context, 'first.yaml')}
}

type Any = any

/** Order-insensitive form: named lists sorted by name, Kubernetes objects by namespace/name, rules canonically. */
export function normalise(value: Any, key = ''): Any {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalise(item))
    if (key === 'rules') return sortRules(items)
    if (items.every((item) => item && typeof item === 'object' && 'name' in item)) return items.sort((a, b) => `${a.namespace ?? ''}/${a.name}`.localeCompare(`${b.namespace ?? ''}/${b.name}`))
    if (items.every((item) => item && typeof item === 'object' && item.metadata)) return items.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
    if (key === 'snat') return items.sort((a, b) => a.source.localeCompare(b.source))
    return items
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]))
  return value
}

export function equivalentDocument(): Any {
  const document = yaml.load(readFileSync(EQUIVALENT_FILE, 'utf8')) as Any
  delete document.expectations
  return document
}
