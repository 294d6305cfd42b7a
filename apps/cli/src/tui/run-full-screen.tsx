import { render } from 'ink'
import type { ChatSession } from '../chat/chat-session.js'
import { ChatApp } from './chat-app.js'

// The alternate screen, as full-screen programs use: leaving it gives the person their terminal back as it was.
const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J'
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l'

export interface FullScreenOptions {
  stdin: NodeJS.ReadStream
  stdout: NodeJS.WriteStream
  serverLabel: string
  colour: boolean
  light: boolean
}

/**
 * Runs the full-screen view until you leave (/quit, Ctrl-C, Ctrl-D on an empty line), then restores the
 * terminal.
 *
 * @example
 * ```ts
 * await runFullScreen(session, { stdin: process.stdin, stdout: process.stdout, serverLabel: 'host:5000', colour: true, light: false })
 * ```
 */
export async function runFullScreen(session: ChatSession, options: FullScreenOptions): Promise<void> {
  const { stdout } = options
  stdout.write(ENTER_ALTERNATE_SCREEN)
  // Even if something kills the process, do not leave the person in the alternate screen.
  const restore = (): void => {
    stdout.write(LEAVE_ALTERNATE_SCREEN)
  }
  process.once('exit', restore)
  session.say('Type and press Enter to send. /help lists commands; Tab completes; PageUp scrolls back; Ctrl-C leaves.')
  const instance = render(
    <ChatApp session={session} serverLabel={options.serverLabel} colour={options.colour} light={options.light} />,
    {
      stdin: options.stdin,
      stdout,
      exitOnCtrlC: false,
      patchConsole: true,
      incrementalRendering: false,
    },
  )
  try {
    await instance.waitUntilExit()
  } finally {
    instance.cleanup()
    process.off('exit', restore)
    restore()
  }
}
