import Table from 'cli-table3'

/**
 * Aligned plain tables for terminals and logs. Borders are light so tables stay readable
 * when piped; cli-table3 measures ANSI colour codes correctly, so coloured cells align.
 */
export function renderTable(head: string[], rows: Array<Array<string | number>>, options: {align?: Array<'left' | 'right' | 'center'>} = {}): string {
  const table = new Table({
    head,
    style: {head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1},
    colAligns: options.align ?? [],
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '',
      right: '', 'right-mid': '', middle: ' ',
    },
  })
  for (const row of rows) table.push(row.map(String))
  return table.toString().split('\n').map((line) => line.replace(/\s+$/, '')).join('\n')
}

/** Two-column "key  value" listing, keys padded to one width. */
export function renderKeyValues(pairs: Array<[string, string | number]>): string {
  const width = Math.max(...pairs.map(([key]) => key.length))
  return pairs.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n')
}
