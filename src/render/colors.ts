import {Chalk, type ChalkInstance} from 'chalk'

/**
 * Colour only when stdout is a TTY, never with NO_COLOR, always with FORCE_COLOR (non-zero).
 * Renderers take this instance instead of importing chalk directly so tests can force it off.
 */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  return Boolean(stream.isTTY)
}

export function makeColours(enabled = colourEnabled()): ChalkInstance {
  return new Chalk({level: enabled ? 1 : 0})
}

export const colours = makeColours()
export const stderrColours = makeColours(colourEnabled(process.stderr))
