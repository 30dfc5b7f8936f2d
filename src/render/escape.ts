import {oneLine} from '../engine/findings.js'

/**
 * One escaping layer per output format (issue #15). Every name in a topology, manifest, import
 * input or file name reaches the output through one of these; renderers never print input text
 * raw. Names come from pull requests, and acknet's output goes to terminals, CI logs (where a
 * line starting with `::` or `##[` is a GitHub workflow command), spreadsheets and Markdown.
 * docs/security.md lists what each one guarantees; test/render/escape.test.ts holds them.
 */

/**
 * Terminal and log text: control characters (C0, DEL, C1: newline, CR, ESC, OSC), the Unicode
 * line separators and the bidirectional overrides (U+202A–202E, U+2066–2069, …) become visible
 * escapes (`\n`, `\u001b`, `\u202e`), so a name can neither start a new line nor move the
 * cursor, clear the screen, set a hyperlink or reverse the text around it.
 */
export function terminalText(text: string): string {
  return oneLine(text)
}

/**
 * The GitHub runner reads a log line as a workflow command in two forms (actions/runner,
 * src/Runner.Common/ActionCommand.cs, TryParseV2 then TryParse):
 * - `::name props::data`: the line, trimmed at its start (.NET TrimStart: Unicode white space,
 *   U+0085 included), starts with `::` and holds a second `::`; the name runs to the first space.
 * - the legacy `##[name props]data`, found ANYWHERE in the line.
 * Command names are words (`error`, `add-mask`, `stop-commands`, a stop token): a line like
 * `::/0 → ipv6gw:gw` (an IPv6 route) has no second `::` or no word before it, so it is printed
 * as it is.
 */
const V2_COMMAND_LINE = /^([\s\u0085]*)::(?=([^ \n\r]*?)(?: [^\n\r]*?)?::)/gm
const LEGACY_PREFIX = /##\[/g
const COMMAND_NAME = /^[\w-]*$/

/**
 * Output lines the tool did not mean as workflow commands cannot become one: a line that would
 * read as `::name …::` gets its first `:` escaped (`\u003a:`), and every `##[` its `#`
 * (`\u0023#[`). BaseCommand.print applies it to every human-readable output except
 * `lint --format github`.
 */
export function neutralizeWorkflowCommands(text: string): string {
  return text
    .replace(V2_COMMAND_LINE, (whole, space: string, name: string) => (COMMAND_NAME.test(name) ? `${space}\\u003a:` : whole))
    .replace(LEGACY_PREFIX, '\\u0023#[')
}

/**
 * GitHub workflow command data (after `::error …::`), as @actions/core escapes it: `%`, CR and
 * LF, so the message stays on its command's line. Other control characters are made visible.
 */
export function githubData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => oneLine(char))
}

/** A workflow command property value (`file=…`, `title=…`): also `:` and `,`. */
export function githubProperty(value: string): string {
  return githubData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * A CSV cell (RFC 4180): quoted when it holds `"`, `,` or a line break, quotes doubled. Control
 * characters are made visible first (a quoted line break would still start a new line in a CI
 * log). Formula-safe: a text cell starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`,
 * so a spreadsheet shows it instead of evaluating it (OWASP CSV injection). Numbers stay numbers.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value)
  let text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  text = oneLine(text)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * Text inside a Markdown table cell (GitHub-flavoured): visible control characters, HTML
 * entities for `&`, `<`, `>` (no tags, no comments), and a backslash before the characters that
 * start Markdown syntax (`|` ends the cell; `` ` ``, `*`, `_`, `[`, `]`, `~`, `#`, `!`, `\`). `@`
 * becomes `&#64;` so a name cannot mention (notify) a GitHub user or team.
 */
export function markdownText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]~#|!]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
}

/**
 * Text inside a quoted Mermaid label. Entity escapes for the characters that end or restyle a
 * label (`"`, `<`, `>`, `|`, `` ` ``, `#` first since the escapes start with it) and `%`, so
 * `%%{init: …}%%` directives and `%%` comments cannot be formed; control characters visible.
 */
export function mermaidText(text: string): string {
  return oneLine(text).replace(/#/g, '#35;').replace(/%/g, '#37;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;').replace(/`/g, '#96;')
}

/** A Graphviz DOT quoted string: `\` and `"` escaped, control characters visible. */
export function dotText(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')
}

/**
 * A copy of a result object (reach, routes) with every string run through `escape`: the text
 * renderers then build their lines from it without having to remember which fields hold names.
 */
export function escapeStrings<T>(value: T, escape: (text: string) => string = terminalText): T {
  if (typeof value === 'string') return escape(value) as T
  if (Array.isArray(value)) return value.map((item) => escapeStrings(item, escape)) as T
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = escapeStrings(item, escape)
    return out as T
  }
  return value
}
