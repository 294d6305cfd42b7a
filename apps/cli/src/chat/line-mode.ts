import { clearLine, createInterface, cursorTo } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { formatEntryLine, type LineStyle } from '../render/format-line.js'
import { sanitizeLine } from '../render/sanitize.js'
import { commonPrefix, complete } from './slash-commands.js'
import type { ChatSession, RoomView } from './chat-session.js'

export interface LineModeOptions {
  input: Readable & { isTTY?: boolean }
  output: Writable & { isTTY?: boolean }
  style: LineStyle
  /** How long to wait at the end for messages still on their way. */
  flushTimeoutMs?: number
}

/**
 * The plain line mode: one line per event on stdout, input read line by line from stdin. It works in pipes,
 * logs, dumb terminals and screen readers. On a TTY it keeps a prompt that incoming lines never clobber,
 * with Tab completion. Resolves when you leave: /quit, end of input (Ctrl-D) or Ctrl-C.
 *
 * @example
 * ```ts
 * await runLineMode(session, { input: process.stdin, output: process.stdout, style })
 * ```
 */
export function runLineMode(session: ChatSession, options: LineModeOptions): Promise<void> {
  const { input, output, style } = options
  const interactive = input.isTTY === true && output.isTTY === true
  const promptFor = (room: RoomView | undefined): string => `${room === undefined ? '' : `[${room.label}]`}> `

  const readline = createInterface({
    input,
    // Without a terminal, readline must not echo: output is for events only.
    ...(interactive ? { output, terminal: true } : { terminal: false }),
    completer: (line: string): [string[], string] => {
      const completion = complete(line, {
        rooms: session.rooms.map((room) => room.label),
        members: session.members.map((member) => member.name),
      })
      const { candidates, replaced } = completion
      // A common prefix longer than what was typed completes that far first, as shells do.
      const prefix = commonPrefix(candidates)
      if (candidates.length > 1 && prefix.length > replaced.length) return [[prefix], replaced]
      return [candidates, replaced]
    },
    historySize: 200,
  })

  const print = (line: string): void => {
    if (interactive) {
      clearLine(output, 0)
      cursorTo(output, 0)
      output.write(`${line}\n`)
      readline.prompt(true)
    } else {
      output.write(`${line}\n`)
    }
  }
  const printRoom = (room: RoomView): void => {
    const count = session.client.rooms.get(room.id)?.members.length ?? 0
    const title = room.name === room.label ? room.label : `${room.label} (${room.name})`
    print(style.colours.bold(`-- ${title}: ${count} ${count === 1 ? 'person' : 'people'} here --`))
    for (const entry of room.entries) print(formatEntryLine(entry, room.label, style))
  }

  const unsubscribe = [
    session.on('line', ({ room, entry }) => {
      // Own messages and failures already show as you send them on a TTY; in pipes every event is a line.
      if (entry.kind === 'pending') return
      print(formatEntryLine(entry, room?.label, style))
    }),
    session.on('joined', (room) => {
      printRoom(room)
      if (interactive) readline.setPrompt(promptFor(session.activeRoom))
    }),
    session.on('change', () => {
      if (interactive) readline.setPrompt(promptFor(session.activeRoom))
    }),
  ]

  for (const room of session.rooms) printRoom(room)
  print(style.colours.dim(`You are ${sanitizeLine(session.name)}. Type a message, or /help for commands.`))
  readline.setPrompt(promptFor(session.activeRoom))
  if (interactive) readline.prompt()

  return new Promise((resolve) => {
    let queue = Promise.resolve()
    let closing = false
    const leave = (): void => {
      if (closing) return
      closing = true
      readline.close()
    }
    readline.on('line', (line) => {
      queue = queue.then(() => session.submit(line))
      if (interactive) void queue.then(() => readline.prompt())
    })
    // Ctrl-C on a terminal: leave like /quit.
    readline.on('SIGINT', leave)
    unsubscribe.push(session.on('quit', leave))
    readline.on('close', () => {
      closing = true
      void (async () => {
        // Let lines already read be sent, and wait (a while) for their acknowledgements.
        await queue
        await session.flush(options.flushTimeoutMs ?? 10_000)
        for (const off of unsubscribe) off()
        if (interactive) output.write('\n')
        resolve()
      })()
    })
  })
}
