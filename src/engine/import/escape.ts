import {oneLine} from '../findings.js'

/**
 * Text from an import input (a name, an id, a file name) made safe for one line of stderr or
 * one YAML comment line. Control characters (newline, ESC, the C1 OSC introducer) are escaped by
 * `oneLine`; bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and U+0085
 * are escaped too, so a name cannot forge a GitHub annotation (`\n::error file=…`), rewrite the
 * terminal, or reorder what a reviewer reads.
 */
const BIDI_AND_NEL = /[\u0085\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export function safeLine(text: string): string {
  return oneLine(text).replace(BIDI_AND_NEL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** A value quoted inside a warning: escaped and clipped, so a 4 MB id stays a short line. */
export function quoted(value: unknown, max = 200): string {
  const text = safeLine(String(value))
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
