import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { onTestFinished } from 'vitest'
import { assertBuilt, CLI_PATH, waitFor } from './harness.js'

const run = promisify(execFile)

/** Where Debian puts tmux; PATH is the fallback. */
const TMUX = process.env.TMUX_BINARY ?? '/usr/bin/tmux'

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * The full-screen CLI in a real terminal: a tmux server of its own (`-L <unique socket>`, no user config),
 * one 120×40 window running the built binary. Keys go in with send-keys; the screen comes back with
 * capture-pane. The tmux server is killed when the test ends.
 */
export class TmuxTerminal {
  readonly socket = `lanchat-test-${process.pid}-${randomBytes(4).toString('hex')}`

  private constructor() {}

  /** Starts `lanchat …args` in a detached 120×40 tmux session with these environment variables. */
  static async start(args: readonly string[], environment: Record<string, string>): Promise<TmuxTerminal> {
    assertBuilt()
    const terminal = new TmuxTerminal()
    onTestFinished(() => terminal.kill())
    const assignments = Object.entries(environment).map(([key, value]) => `${key}=${shellQuote(value)}`)
    const command = ['exec', 'env', ...assignments, shellQuote(process.execPath), shellQuote(CLI_PATH), ...args.map(shellQuote)].join(' ')
    await terminal.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', '120', '-y', '40', command)
    // Keep the pane after the program exits, so a test can read its exit status.
    await terminal.tmux('set-option', '-t', 'main', 'remain-on-exit', 'on')
    return terminal
  }

  async tmux(...args: string[]): Promise<string> {
    const { stdout } = await run(TMUX, ['-L', this.socket, ...args])
    return stdout
  }

  /** The visible screen, one line per row. */
  screen(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-t', 'main')
  }

  /** Waits until the screen matches; on timeout the error shows the screen. */
  async waitForScreen(pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
    let last = ''
    const matches = async () => {
      last = await this.screen()
      return typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)
    }
    try {
      await waitFor(matches, `the screen to show ${String(pattern)}`, timeoutMs)
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- screen ---\n${last}`)
    }
    return last
  }

  /** Types text literally (no key names). */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', '-l', text)
  }

  /** Presses named keys: Enter, Tab, PageUp, C-c, M-1, … */
  async press(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', ...keys)
  }

  /** A pane format variable, such as `#{pane_title}`. */
  async display(format: string): Promise<string> {
    return (await this.tmux('display-message', '-p', '-t', 'main', format)).trim()
  }

  /** Resolves with the program's exit status once it has exited. */
  async exitStatus(timeoutMs = 10_000): Promise<number> {
    await waitFor(async () => (await this.display('#{pane_dead}')) === '1', 'the program to exit', timeoutMs)
    return Number(await this.display('#{pane_dead_status}'))
  }

  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined)
  }
}
