/**
 * Aligned plain tables for terminals and logs: one-space margin, three spaces between
 * columns, no borders, so tables stay readable when piped and diff cleanly. Built by plain
 * padding (cli-table3 took minutes for 65,536 rows); widths are measured without ANSI colour.
 */
export type Align = 'left' | 'right'

/** Rows handed out one at a time, so a million-row table never exists as one array. */
export interface RowSource {
  readonly length: number
  at(index: number): readonly string[]
}

export const ROWS_PER_CHUNK = 4096

/**
 * The same look as renderTable (one-space margin, three spaces between columns, no borders),
 * built by plain padding: cli-table3 needs minutes for the 65,536 rows of a /8 → /24 split.
 * Yields the table in chunks of lines (each ending in a newline) so the command can stream it.
 * Cells may carry ANSI colour; widths are measured without it.
 */
export function* columnChunks(head: readonly string[], rows: RowSource, align: readonly Align[] = []): Generator<string> {
  const widths = head.map((title) => visibleLength(title))
  for (let r = 0; r < rows.length; r++) {
    const row = rows.at(r)
    for (let i = 0; i < row.length; i++) {
      const length = visibleLength(row[i]!)
      if (length > widths[i]!) widths[i] = length
    }
  }
  const line = (cells: readonly string[]): string => {
    let text = ''
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!
      const padding = ' '.repeat(widths[i]! - visibleLength(cell))
      text += (i === 0 ? ' ' : '   ') + (align[i] === 'right' ? padding + cell : cell + padding)
    }
    return text.trimEnd() + '\n'
  }
  let chunk = line(head)
  for (let r = 0; r < rows.length; r++) {
    chunk += line(rows.at(r))
    if (r % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}

/** A whole table as one string (no trailing newline), for small tables. */
export function renderColumns(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  return [...columnChunks(head, {length: rows.length, at: (index) => rows[index]!}, align)].join('').slice(0, -1)
}


// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;]*m/g

export function visibleLength(text: string): number {
  return text.includes('\u001B') ? text.replace(ANSI, '').length : text.length
}

export function renderTable(head: string[], rows: Array<Array<string | number>>, options: {align?: Array<'left' | 'right' | 'center'>} = {}): string {
  const align = (options.align ?? []).map((value): Align => (value === 'right' ? 'right' : 'left'))
  return renderColumns(head, rows.map((row) => row.map(String)), align)
}

/** Two-column "key  value" listing, keys padded to one width. */
export function renderKeyValues(pairs: Array<[string, string | number]>): string {
  const width = Math.max(...pairs.map(([key]) => key.length))
  return pairs.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n')
}
