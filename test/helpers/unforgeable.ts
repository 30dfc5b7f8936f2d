/**
 * What "unforgeable output" means in the tests (issue #15), in one place: the characters that
 * could move a terminal's cursor, restyle it or reorder text, the lines the GitHub runner reads as
 * workflow commands, and an RFC 4180 record reader to check that CSV keeps its cells.
 */

/** C0 (but tab and newline), DEL, C1 (ESC, CSI, OSC…), U+2028/2029 and the bidi controls. */
export const FORGING_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

/** After trimming (.NET Trim: Unicode white space and U+0085), as the GitHub runner reads a line: `::command` or the legacy `##[command]`. */
export const WORKFLOW_COMMAND = /^[\s\u0085]*(::|##\[)/

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
