import picocolors from 'picocolors'
import { nameColour } from '@lanchat/client'

/** The picocolors formatters of this module's colour decision. */
export type Colours = ReturnType<typeof picocolors.createColors>

type Environment = Readonly<Record<string, string | undefined>>

/**
 * Whether to colour output: picocolors' own rule (a TTY that is not `dumb`, or FORCE_COLOR/CI, and never
 * with NO_COLOR), plus `FORCE_COLOR=0`/`false`, which means "no colour" by the usual convention.
 *
 * @example
 * ```ts
 * const colours = picocolors.createColors(colourEnabled(process.env, process.stdout.isTTY === true))
 * ```
 */
export function colourEnabled(environment: Environment, isTty: boolean): boolean {
  if (environment.NO_COLOR !== undefined && environment.NO_COLOR !== '') return false
  const force = environment.FORCE_COLOR
  if (force === '0' || force === 'false') return false
  if (force !== undefined) return true
  return isTty && environment.TERM !== 'dumb'
}

/** The colour formatters for a stream, or plain strings when colour is off. */
export function coloursFor(environment: Environment, isTty: boolean): Colours {
  return picocolors.createColors(colourEnabled(environment, isTty))
}

/**
 * Whether the terminal background is light, from `COLORFGBG` ("fg;bg", set by rxvt, Konsole, iTerm2 and
 * others). Terminals that do not say are assumed dark, the common default.
 */
export function prefersLightBackground(environment: Environment): boolean {
  const background = environment.COLORFGBG?.split(';').at(-1)
  return background === '7' || background === '15'
}

/** Which palette variant to use on this terminal. */
export function nameColourHex(userId: string, light: boolean): string {
  const colour = nameColour(userId)
  return light ? colour.light : colour.dark
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16)
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]
}

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255]

function nearestCubeLevel(channel: number): number {
  let best = 0
  for (let index = 1; index < CUBE_LEVELS.length; index++) {
    if (Math.abs((CUBE_LEVELS[index] as number) - channel) < Math.abs((CUBE_LEVELS[best] as number) - channel)) best = index
  }
  return best
}

/**
 * The xterm 256-colour index nearest to a hex colour (from the 6×6×6 cube), for terminals without 24-bit colour.
 *
 * @example
 * ```ts
 * xterm256('#ff0000') // 196
 * ```
 */
export function xterm256(hex: string): number {
  const [red, green, blue] = rgb(hex)
  return 16 + 36 * nearestCubeLevel(red) + 6 * nearestCubeLevel(green) + nearestCubeLevel(blue)
}

/**
 * Paints text in a hex colour: 24-bit when `COLORTERM` says the terminal has it, else the nearest of 256.
 * Returns the text unchanged when colours are off.
 *
 * @example
 * ```ts
 * paintHex('Maria', '#f87171', colours, process.env)
 * ```
 */
export function paintHex(text: string, hex: string, colours: Colours, environment: Environment): string {
  if (!colours.isColorSupported) return text
  const trueColour = environment.COLORTERM === 'truecolor' || environment.COLORTERM === '24bit'
  const [red, green, blue] = rgb(hex)
  const open = trueColour ? `\x1b[38;2;${red};${green};${blue}m` : `\x1b[38;5;${xterm256(hex)}m`
  return `${open}${text}\x1b[39m`
}
