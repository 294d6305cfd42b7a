/**
 * The `lanchat` executable: chat with everyone on your network from the terminal, find lanchat servers
 * with mDNS, and script rooms (`send`, `tail`). See docs/guides/cli.md.
 *
 * @example
 * ```sh
 * lanchat 192.168.1.20:5000 --name Maria
 * tail -f app.log | lanchat send --room ops
 * ```
 *
 * @module
 */
import type { Writable } from 'node:stream'
import { processContext, type CommandContext } from './commands/context.js'
import { CliError, ExitCode } from './errors.js'
import { createProgram } from './program.js'

function waitForDrain(stream: Writable): Promise<void> {
  return stream.writableNeedDrain ? new Promise((resolve) => stream.once('drain', () => resolve())) : Promise.resolve()
}

function report(error: unknown): number {
  if (error instanceof CliError) {
    process.stderr.write(`lanchat: ${error.message}\n`)
    return error.exitCode
  }
  const detail = process.env.LANCHAT_DEBUG ? (error instanceof Error ? (error.stack ?? error.message) : String(error)) : String(error instanceof Error ? error.message : error)
  process.stderr.write(`lanchat: unexpected error: ${detail}\n`)
  return ExitCode.Usage
}

/** Runs one command's work and ends the process with its exit code (sockets or timers left open cannot hold it). */
async function run(work: (context: CommandContext) => Promise<number>): Promise<void> {
  let code: number
  try {
    code = await work(await processContext())
  } catch (error) {
    code = report(error)
  }
  await Promise.all([waitForDrain(process.stdout), waitForDrain(process.stderr)])
  process.exit(code)
}

process.on('unhandledRejection', (error) => {
  process.exit(report(error))
})

await createProgram(run).parseAsync(process.argv)
