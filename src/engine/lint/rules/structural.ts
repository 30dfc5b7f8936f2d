import type {LintRule} from '../rule.js'

/**
 * The structural rule ids. The topology loader and resolver produce these findings (they are
 * what makes a file unusable for reach/matrix/routes/graph); they are registered here so that
 * --list-rules, --rule, .acknetrc.yaml, suppression and SARIF rule metadata know them.
 */
function structural(id: string, description: string, help: string, producedBy: 'loader' | 'resolver'): LintRule {
  return {id, severity: 'error', description, help, producedBy, check: () => []}
}

export const yamlSyntax = structural(
  'yaml-syntax',
  'The file is not valid YAML (duplicate keys included)',
  'Fix the YAML at the reported line and column: indentation, an unclosed quote or bracket, a tab, or a key given twice in one mapping (YAML forbids it; most tools silently keep the last one).',
  'loader',
)

export const schema = structural(
  'schema',
  'A field is unknown, missing or of the wrong type',
  'The topology format is strict so that a typo never silently changes an answer. Rename the field to the suggested one, add the missing field, or fix the type. `acknet schema` prints the JSON Schema for editor completion.',
  'loader',
)

export const unknownReference = structural(
  'unknown-reference',
  'A name refers to nothing (vSwitch, security group, VPC, node pool, NAT gateway, ...)',
  'References are by name and must name an object of the right kind in the same file. The message lists the closest existing names.',
  'resolver',
)

export const duplicateName = structural(
  'duplicate-name',
  'Two objects of one kind share a name (reported on each later one)',
  'Names are unique per kind (per VPC for route tables, per cluster for namespaced objects). Rename or remove the later object.',
  'resolver',
)

export const cidrSyntax = structural(
  'cidr-syntax',
  'Not a CIDR block, or host bits set (the message gives the network form)',
  'Write a.b.c.d/n with the host bits clear: 10.0.1.5/24 is not a network, 10.0.1.0/24 is. Alibaba Cloud refuses blocks with host bits set.',
  'resolver',
)

export const internal = structural(
  'internal',
  'A lint rule failed with an internal error (a bug in acknet; lint exits 2)',
  'A rule threw instead of returning findings. The finding names the rule and the error; the other rules still ran. Please report it with the file. It cannot be suppressed or turned off: a rule that did not run must not look like a clean result.',
  'loader',
)

export const fileUnreadable = structural(
  'file-unreadable',
  'A file in a linted directory could not be read (permissions, a broken link)',
  'lint walks a directory for *.yaml/*.yml/*.json topology files; one it cannot open is reported rather than skipped, since it may be a topology nobody checked. Fix its permissions, or exclude it with `ignore:` in .acknetrc.yaml.',
  'loader',
)
