import { clearLine, createInterface, cursorTo } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { formatEntryLine, type LineStyle } from '../render/format-line.js'
import { sanitizeLine } from '../render/sanitize.js'
import type { ChatSession, RoomView } from './chat-session.js'
import { LineFeed } from './line-feed.js'
import { commonPrefix, complete } from './slash-commands.js'

export interface LineModeOptions {
  input: Readable & { isTTY?: boolean }
  output: Writable & { isTTY?: boolean }
  style: LineStyle
  /** How long to wait at the end for messages still on their way. */
  flushTimeoutMs?: number
}

/**
 * The plain line mode: one line per event on stdout, input read line by line from stdin. It works in pipes,
 * logs, dumb terminals and screen readers. Messages are printed in order, once each; messages missed while away
 * are fetched by themselves and printed before anything newer. On a TTY it keeps a prompt that incoming lines
 * never clobber, with Tab completion. Resolves when you leave: /quit, end of input (Ctrl-D) or Ctrl-C.
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
        people: session.people.map((person) => person.name),
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

  const feeds = new Map<string, LineFeed>()
  const printRoom = (room: RoomView): void => {
    const count = session.client.rooms.get(room.id)?.members.length ?? 0
    const title = room.name === room.label ? room.label : `${room.label} (${room.name})`
    print(style.colours.bold(`-- ${title}: ${count} ${count === 1 ? 'person' : 'people'} here --`))
    if (room.topic !== undefined) print(style.colours.dim(`-- Topic: ${room.topic} --`))
    const feed = new LineFeed()
    feeds.set(room.id, feed)
    printNew(room)
  }
  /** Prints what is new in a room; a gap is filled first, and given up (printed as a line) if it cannot be. */
  const printNew = (room: RoomView): void => {
    const feed = feeds.get(room.id)
    if (feed === undefined) return
    const { lines, waitingAt } = feed.next(room.entries)
    for (const entry of lines) print(formatEntryLine(entry, room.label, style))
    if (waitingAt === undefined || waitingAt.loading) return
    // Not from inside the timeline's own notification.
    queueMicrotask(() => {
      void session.fillGap(room.id, waitingAt.key).then((filled) => {
        if (filled) return
        feed.skip(waitingAt.key)
        const current = session.rooms.find((candidate) => candidate.id === room.id)
        if (current !== undefined) printNew(current)
      })
    })
  }

  const unsubscribe = [
    session.on('room', printNew),
    session.on('outside', (entry) => print(formatEntryLine(entry, undefined, style))),
    session.on('joined', (room) => {
      if (!feeds.has(room.id)) printRoom(room)
      if (interactive) readline.setPrompt(promptFor(session.activeRoom))
    }),
    session.on('change', () => {
      for (const id of feeds.keys()) if (!session.rooms.some((room) => room.id === id)) feeds.delete(id)
      if (interactive) readline.setPrompt(promptFor(session.activeRoom))
    }),
  ]

  for (const room of session.rooms) printRoom(room)
  print(style.colours.dim(`You are ${sanitizeLine(session.name)}${session.account ? ' (signed in)' : ''}. Type a message, or /help for commands.`))
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
