/**
 * What "unforgeable output" means in the tests (issue #15), in one place: the characters that
 * could move a terminal's cursor, restyle it or reorder text, the lines the GitHub runner reads as
 * workflow commands, and an RFC 4180 record reader to check that CSV keeps its cells.
 */

/** C0 (but tab and newline), DEL, C1 (ESC, CSI, OSC…), U+2028/2029 and the bidi controls. */
export const FORGING_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

/**
 * The commands the GitHub runner registers (actions/runner ActionCommandManager: every command
 * extension plus `stop-commands`); names compared ignoring case, to be strict.
 */
const REGISTERED_COMMANDS = new Set(['set-env', 'set-output', 'save-state', 'add-mask', 'add-path', 'add-matcher', 'remove-matcher', 'debug', 'warning', 'error', 'notice', 'group', 'endgroup', 'echo', 'stop-commands', 'internal-set-repo-path'])

/**
 * Whether the GitHub runner would run `line` (one line as its StreamReader splits them: at CR, LF,
 * CRLF) as a workflow command: a port of actions/runner ActionCommand.TryParseV2 (`::name …::data`
 * at the start of the line after .NET TrimStart) and TryParse (the legacy `##[name …]data`,
 * anywhere in the line). `stopToken` counts as a name too (a paused runner resumes on it).
 */
export function isWorkflowCommand(line: string, stopToken?: string): boolean {
  const known = (info: string) => {
    const space = info.indexOf(' ')
    const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
    return REGISTERED_COMMANDS.has(name) || (stopToken !== undefined && name === stopToken.toLowerCase())
  }
  const trimmed = line.replace(/^[\s\u0085\u180e]+/, '')
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2)
    if (end >= 0 && known(trimmed.slice(2, end))) return true
  }
  const prefix = line.indexOf('##[')
  if (prefix >= 0) {
    const bracket = line.indexOf(']', prefix)
    if (bracket >= 0 && known(line.slice(prefix + 3, bracket))) return true
  }
  return false
}

/** The lines of a text as the runner reads them. */
export function runnerLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/)
}

/** The cells of one RFC 4180 record (quoted cells may hold commas and doubled quotes); throws on a bad quote. */
export function csvRecord(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') (cell += '"'), i++
      else if (char === '"') quoted = false
      else cell += char
    } else if (char === '"' && cell === '') quoted = true
    else if (char === '"') throw new Error(`a quote inside an unquoted cell: ${line}`)
    else if (char === ',') cells.push(cell), (cell = '')
    else cell += char
  }
  if (quoted) throw new Error(`unterminated quote: ${line}`)
  cells.push(cell)
  return cells
}
