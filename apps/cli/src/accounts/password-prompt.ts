import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { CliError, ExitCode } from '../errors.js'
import type { CommandContext } from '../commands/context.js'

/** Where passwords come from: a no-echo prompt on a terminal, or lines of stdin (`--password-stdin`). */
export interface PasswordReader {
  /** One password: the current one, or the one to sign in with. */
  ask(question: string): Promise<string>
  /** A new password: asked twice on a terminal, until both match. */
  askNew(): Promise<string>
  /** Stops reading stdin. */
  close(): void
}

type RawInput = Readable & { isTTY?: boolean; isRaw?: boolean; setRawMode?: (mode: boolean) => unknown }

const CTRL_C = '\u0003'
const CTRL_D = '\u0004'
const CTRL_U = '\u0015'
const ESCAPE = '\u001b'

/**
 * Asks for a secret on the terminal without echoing it: raw mode, nothing written back while it is typed, so the
 * password is never on the screen (or in a terminal's scrollback). Backspace and Ctrl-U edit, Enter ends, Ctrl-C
 * stops (exit 130).
 *
 * @example
 * ```ts
 * const password = await askHidden(context, 'Password: ')
 * ```
 */
export function askHidden(context: CommandContext, question: string): Promise<string> {
  const input = context.stdin as RawInput
  context.stderr.write(question)
  const wasRaw = input.isRaw === true
  input.setRawMode?.(true)
  input.setEncoding('utf8')
  input.resume()
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (error?: CliError): void => {
      input.off('data', onData)
      input.setRawMode?.(wasRaw)
      input.pause()
      context.stderr.write('\n')
      if (error === undefined) resolve(value)
      else reject(error)
    }
    const onData = (chunk: string): void => {
      // Arrow keys and other escape sequences are not part of a password.
      if (chunk.startsWith(ESCAPE)) return
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish()
        if (character === CTRL_C) return finish(new CliError('interrupted', ExitCode.Interrupted))
        if (character === CTRL_D && value === '') return finish(new CliError('no password given', ExitCode.Usage))
        if (character === '\u007f' || character === '\b') value = [...value].slice(0, -1).join('')
        else if (character === CTRL_U) value = ''
        else if (character >= ' ') value += character
      }
    }
    input.on('data', onData)
  })
}

/** Passwords from the terminal, asked without echo. */
function terminalReader(context: CommandContext): PasswordReader {
  return {
    ask: (question) => askHidden(context, question),
    async askNew() {
      for (let attempt = 1; ; attempt++) {
        const password = await askHidden(context, 'New password: ')
        if ((await askHidden(context, 'The same again: ')) === password) return password
        if (attempt === 3) throw new CliError('the two passwords did not match', ExitCode.Usage)
        context.stderr.write('They do not match; again.\n')
      }
    },
    close: () => {},
  }
}

/** Passwords from stdin, one per line, in the order the command asks for them. */
function stdinReader(context: CommandContext): PasswordReader {
  const lines = createInterface({ input: context.stdin, crlfDelay: Number.POSITIVE_INFINITY, terminal: false })
  const iterator = lines[Symbol.asyncIterator]()
  const next = async (what: string): Promise<string> => {
    const line = await iterator.next()
    if (line.done === true || line.value === '') throw new CliError(`--password-stdin: stdin ended before ${what}`, ExitCode.Usage)
    return line.value
  }
  return {
    ask: (question) => next(question.replace(/:\s*$/, '').toLowerCase()),
    askNew: () => next('the new password'),
    close: () => lines.close(),
  }
}

/**
 * The password source of an account command: stdin lines with `--password-stdin` (for scripts), else a no-echo
 * prompt, which needs a terminal.
 *
 * @example
 * ```ts
 * const passwords = passwordReader(context, options.passwordStdin === true)
 * const password = await passwords.ask('Password: ')
 * ```
 */
export function passwordReader(context: CommandContext, fromStdin: boolean): PasswordReader {
  if (fromStdin) return stdinReader(context)
  if (context.stdin.isTTY !== true || context.stderr.isTTY !== true) {
    throw new CliError('cannot ask for a password without a terminal; pass it on stdin with --password-stdin', ExitCode.Usage)
  }
  return terminalReader(context)
}
