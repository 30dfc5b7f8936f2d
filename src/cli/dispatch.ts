/**
 * Which command an argument list names, the way oclif reads it with the space topic separator
 * (`cidr info 10.0.0.0/8` → `cidr:info`): the longest run of leading words that is a command id.
 * Anything that needs oclif's own handling — help, no command, an unknown one, a bare topic —
 * gives undefined, and the caller hands the whole argument list to oclif.
 */
export function findCommand(argv: readonly string[], ids: ReadonlySet<string>): {id: string; argv: string[]} | undefined {
  if (argv.length === 0 || wantsHelp(argv)) return undefined
  let found: {id: string; argv: string[]} | undefined
  const words: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!
    if (word.startsWith('-') || word.includes(':')) break
    words.push(word)
    const id = words.join(':')
    if (ids.has(id)) found = {id, argv: argv.slice(i + 1)}
  }
  return found
}

/** oclif shows help for `--help` anywhere before `--` (main.js helpAddition). */
function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false
    if (arg === '--help') return true
  }
  return false
}
