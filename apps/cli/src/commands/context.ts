import type { Readable, Writable } from 'node:stream'
import { configPath } from '../config/config-file.js'
import { withEnvFile } from '../config/env-file.js'
import { coloursFor, prefersLightBackground, type Colours } from '../render/terminal-colours.js'

/** Where a command reads and writes, and what it knows of its surroundings. */
export interface CommandContext {
  stdin: Readable & { isTTY?: boolean }
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  /** process.env with the LANCHAT_ variables of ./.env added under it. */
  environment: Record<string, string | undefined>
  configPath: string
  /** Formatters for stdout. */
  colours: Colours
  /** Formatters for stderr. */
  errorColours: Colours
  light: boolean
}

/** The context of this process: its streams, its environment plus ./.env, and the config file's path. */
export async function processContext(): Promise<CommandContext> {
  const environment = await withEnvFile(process.env, process.cwd())
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    environment,
    configPath: configPath(environment),
    colours: coloursFor(environment, process.stdout.isTTY === true),
    errorColours: coloursFor(environment, process.stderr.isTTY === true),
    light: prefersLightBackground(environment),
  }
}

/** A one-line message on stderr: `lanchat: …`. */
export function note(context: CommandContext, message: string): void {
  context.stderr.write(`${context.errorColours.dim('lanchat:')} ${message}\n`)
}
