#!/usr/bin/env node
// A NetworkPolicy-only edit of an xl topology (issue #16), for timing `diff`: the first ingress
// rule of the first `allow-…` policy is removed (its `ingress:` list becomes empty; the policy
// still selects its pods, which now refuse what that rule let in). Nothing else changes.
// With --delete, the first `default-deny-…` policy is deleted instead (its namespace opens up).
//   node bench/netpol-edit.js bench/out/xl-1.yaml bench/out/xl-1-netpol.yaml [--delete]
import {readFileSync, writeFileSync} from 'node:fs'

const [input, output, mode] = process.argv.slice(2)
if (!input || !output) throw new Error('usage: netpol-edit.js IN.yaml OUT.yaml [--delete]')
const lines = readFileSync(input, 'utf8').split('\n')
if (mode === '--delete') {
  const named = lines.findIndex((line) => /metadata: \{ name: default-deny-[^,]+, namespace:/.test(line))
  if (named < 0) throw new Error('no default-deny-… NetworkPolicy')
  // the list item starts two lines up (`- apiVersion`, `kind`) and ends before the next item
  const start = named - 2
  const itemIndent = lines[start].search(/\S/)
  let end = start + 1
  while (end < lines.length && lines[end].search(/\S/) > itemIndent) end++
  const policy = lines[named].trim()
  lines.splice(start, end - start)
  writeFileSync(output, lines.join('\n'))
  console.log(`${output}: ${policy} deleted (${input} lines ${start + 1}-${end})`)
  process.exit(0)
}
const named = lines.findIndex((line) => /metadata: \{ name: allow-[^,]+, namespace:/.test(line))
if (named < 0) throw new Error('no allow-… NetworkPolicy')
const ingress = lines.findIndex((line, i) => i > named && /^\s+ingress:\s*$/.test(line))
const indent = lines[ingress].search(/\S/)
// the rule runs from its `- ` line to the next line at its own indent (or less)
const start = ingress + 1
const ruleIndent = lines[start].search(/\S/)
let end = start + 1
while (end < lines.length && lines[end].search(/\S/) > ruleIndent) end++
const only = end >= lines.length || lines[end].search(/\S/) < ruleIndent
const policy = lines[named].trim()
if (only) lines.splice(ingress, end - ingress, `${' '.repeat(indent)}ingress: []`)
else lines.splice(start, end - start)
writeFileSync(output, lines.join('\n'))
console.log(`${output}: the first ingress rule of ${policy} removed (${input} lines ${start + 1}-${end}${only ? ', its only rule: ingress: []' : ''})`)
