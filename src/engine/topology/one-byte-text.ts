import {isAscii, isUtf8} from 'node:buffer'

/**
 * A file's text one byte per character, for the fast YAML reader (fast-yaml.ts): a JS string
 * holding one character above U+00FF is stored two bytes per character, and every scan and slice
 * of it is slower.
 */

/** A file's text stored one byte per character (see oneByteTextOf). */
export interface OneByteText {
  text: string
  /** Whether `text` is the decoded text itself, or holds stand-ins. */
  exact: boolean
  /** The decoded text (`text` itself when exact), made on first call. */
  decoded(): string
}

/** What oneByteTextOf puts for each UTF-16 unit above U+00FF: non-printable, so never in a text the reader accepts. */
export const STAND_IN = '\x01'
const STAND_IN_CODE = 1
/** A `#` that starts a comment, with no quote before it on the line (a quoted `#` is no comment). */
const COMMENT_BEFORE = /^[^'"#\n]*(?:^| )#/
/** Runs of bytes above ASCII a file may have for a one-byte text (each costs a few native scans to find). */
const MAX_NON_ASCII_RUNS = 256
/** Below this many bytes, a range is scanned byte by byte instead of halved. */
const SCAN_BYTES = 64

/**
 * perf (issue #18): a JS string holding one character above U+00FF is stored two bytes per
 * character, and every scan and slice of it is slower: the xl file, whose header comment holds a
 * `—`, reads ≈ 30 ms faster one byte per character, and the 6 MB two-byte copy is never made.
 * This is the text of `bytes` (BOM removed; undefined when not UTF-8) one byte per character: exact when every
 * character is at most U+00FF, else with a stand-in for each UTF-16 unit above it, so offsets stay
 * the decoded text's. A stand-in never reaches a value (the reader refuses keys and values holding
 * one). Undefined when not worth it: a character above U+00FF that seems to be outside a comment
 * (the reader would stop there), characters js-yaml refuses (a real \x01, U+FFFE, U+FFFF), or
 * more than MAX_NON_ASCII_RUNS runs of them.
 *
 * `bytes` is consumed when a text is returned: the one-byte text is written over it (no second
 * 3 MB copy, whose fresh memory costs page faults); read the file's text through `decoded()`.
 */
export function oneByteTextOf(bytes: Uint8Array): OneByteText | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const runs: NonAsciiRun[] = []
  if (!findNonAsciiRuns(buffer, 0, buffer.length, runs)) return undefined
  if (runs.length === 0) {
    const text = buffer.toString('latin1')
    return {text, exact: true, decoded: () => text}
  }
  if (buffer.indexOf(STAND_IN_CODE) !== -1) return undefined
  // ASCII is UTF-8, and every multi-byte sequence lies within one run: the runs decide validity
  for (const run of runs) if (!isUtf8(buffer.subarray(run.start, run.end))) return undefined
  let exact = true
  for (const run of runs) {
    run.chars = buffer.toString('utf8', run.start, run.end)
    let wide = false
    for (let i = 0; i < run.chars.length; i++) {
      const code = run.chars.charCodeAt(i)
      if (code === 0xfffe || code === 0xffff) return undefined
      if (code > 0xff) wide = true
    }
    if (!wide) continue
    // a run holds no line break: it is in a comment when its start is
    const lineStart = buffer.lastIndexOf(0x0a, run.start) + 1
    if (!COMMENT_BEFORE.test(buffer.toString('latin1', lineStart, run.start))) return undefined
    exact = false
  }
  // every check passed: write the text over the bytes (it is never longer than they are)
  let written = 0
  let read = 0
  for (const run of runs) {
    buffer.copy(buffer, written, read, run.start)
    written += run.start - read
    run.at = written
    for (let i = 0; i < run.chars.length; i++) {
      const code = run.chars.charCodeAt(i)
      buffer[written++] = code <= 0xff ? code : STAND_IN_CODE
    }
    read = run.end
  }
  buffer.copy(buffer, written, read)
  written += buffer.length - read
  const text = buffer.toString('latin1', 0, written)
  if (exact) return {text, exact, decoded: () => text}
  let decoded: string | undefined
  return {
    text,
    exact,
    decoded: () => {
      if (decoded === undefined) {
        decoded = ''
        let from = 0
        for (const run of runs) {
          decoded += text.slice(from, run.at) + run.chars
          from = run.at + run.chars.length
        }
        decoded += text.slice(from)
      }
      return decoded
    },
  }
}

/** Bytes above ASCII in a row, [start, end): their characters, and where they begin in the one-byte text. */
interface NonAsciiRun {
  start: number
  end: number
  chars: string
  at: number
}

/** Appends the runs of bytes above ASCII in [from, to) to `runs`, in order; false when there are too many. */
function findNonAsciiRuns(buffer: Buffer, from: number, to: number, runs: NonAsciiRun[]): boolean {
  if (isAscii(buffer.subarray(from, to))) return true
  if (to - from > SCAN_BYTES) {
    const middle = (from + to) >>> 1
    return findNonAsciiRuns(buffer, from, middle, runs) && findNonAsciiRuns(buffer, middle, to, runs)
  }
  for (let i = from; i < to; i++) {
    if (buffer[i]! < 0x80) continue
    const last = runs.at(-1)
    if (last && last.end === i) last.end = i + 1
    else runs.push({start: i, end: i + 1, chars: '', at: 0})
  }
  return runs.length <= MAX_NON_ASCII_RUNS
}
