import type { LanchatClient } from '@lanchat/client'
import type { ChatMessage } from '../chat/wire-types.js'
import { ExitCode } from '../errors.js'
import { formatEntryLine } from '../render/format-line.js'
import { connect, joinRoom, reportConnection, resolveName, resolveServerUrl, type ConnectOptions } from './connection.js'
import { note, type CommandContext } from './context.js'

export interface TailOptions extends ConnectOptions {
  room: string
  json?: boolean | undefined
  /** Print the last N messages first. */
  history: number
}

// Most messages one history request may return (the protocol's cap).
const HISTORY_PAGE = 100

/** The `count` newest messages of a room, oldest first: the join's messages, then older pages as needed. */
async function lastMessages(client: LanchatClient, room: string, initial: readonly ChatMessage[], hasMore: boolean, count: number): Promise<ChatMessage[]> {
  let messages = [...initial]
  let more = hasMore
  while (messages.length < count && more) {
    const before = messages[0]?.seq
    const page = await client.history(room, {
      ...(before === undefined ? {} : { before }),
      limit: Math.min(HISTORY_PAGE, count - messages.length),
    })
    messages = [...page.messages, ...messages]
    more = page.hasMore && page.messages.length > 0
  }
  return count === 0 ? [] : messages.slice(-count)
}

/** Messages after `afterSeq` and before `beforeSeq` (exclusive), paging back from `beforeSeq`. */
async function gapBetween(client: LanchatClient, room: string, afterSeq: number, beforeSeq: number): Promise<ChatMessage[]> {
  let missing: ChatMessage[] = []
  let before = beforeSeq
  while (before - 1 > afterSeq) {
    const page = await client.history(room, { before, limit: Math.min(HISTORY_PAGE, before - 1 - afterSeq) })
    const wanted = page.messages.filter((message) => message.seq > afterSeq)
    missing = [...wanted, ...missing]
    const oldest = page.messages[0]?.seq
    if (!page.hasMore || oldest === undefined || oldest <= afterSeq + 1) break
    before = oldest
  }
  return missing
}

/**
 * `lanchat tail --room CODE [--json] [--history N]`: prints each message of the room as it arrives, as JSON
 * lines (raw text) or as human lines (sanitized), after the last N messages when asked. Every message is
 * printed once and in order, across reconnects too. Runs until Ctrl-C (exit 130).
 */
export async function tailCommand(context: CommandContext, options: TailOptions): Promise<number> {
  const url = await resolveServerUrl(context, options)
  const { name, remember } = await resolveName(context, options.name)
  const { client } = await connect(context, url, name, remember)
  const stopReporting = reportConnection(context, client)
  const style = { colours: context.colours, environment: context.environment, light: context.light }

  const print = (message: ChatMessage): void => {
    if (options.json === true) {
      context.stdout.write(`${JSON.stringify(message)}\n`)
      return
    }
    const own = message.from.id === client.user?.id
    context.stdout.write(`${formatEntryLine({ kind: 'message', key: message.id, message, own, author: message.from.name }, undefined, style)}\n`)
  }

  let room: string | undefined
  let lastPrinted = 0
  let epoch: string | undefined
  // Messages that arrive while history is being printed (or a gap filled) wait here, then go out in seq order.
  let held: ChatMessage[] | undefined = []
  const flushHeld = (): void => {
    const waiting = (held ?? []).sort((left, right) => left.seq - right.seq)
    held = undefined
    for (const message of waiting) deliver(message)
  }
  const deliver = (message: ChatMessage): void => {
    if (held !== undefined) {
      held.push(message)
      return
    }
    if (message.seq <= lastPrinted) return
    lastPrinted = message.seq
    print(message)
  }

  const stops: Array<() => void> = [stopReporting]
  stops.push(
    client.on('message.created', ({ message }) => {
      if (room !== undefined && message.room === room) deliver(message)
    }),
    client.on('room.resumed', (resumed) => {
      if (resumed.room.id !== room) return
      if (resumed.room.epoch !== epoch) {
        note(context, `the history of ${options.room} was lost on the server; following it from its start again`)
        epoch = resumed.room.epoch
        lastPrinted = 0
        return
      }
      if (resumed.recovered) return
      // Too much was missed for a replay: the newest page follows; fetch what lies between.
      const from = lastPrinted
      held = []
      setImmediate(() => {
        const firstNew = Math.min(...(held ?? []).map((message) => message.seq), resumed.room.lastSeq + 1)
        gapBetween(client, resumed.room.id, from, firstNew)
          .then((missing) => {
            for (const message of missing) (held ??= []).push(message)
          })
          .catch((error: unknown) => note(context, `could not fetch the messages missed while away: ${String(error)}`))
          .finally(flushHeld)
      })
    }),
  )

  const finished = new Promise<number>((resolve) => {
    const interrupt = (): void => resolve(ExitCode.Interrupted)
    process.once('SIGINT', interrupt)
    process.once('SIGTERM', interrupt)
    stops.push(() => {
      process.off('SIGINT', interrupt)
      process.off('SIGTERM', interrupt)
    })
    stops.push(
      client.on('state', ({ state }) => {
        if (state === 'closed') {
          note(context, 'the connection closed')
          resolve(ExitCode.ConnectionFailed)
        }
      }),
    )
    // `lanchat tail … | head` closes our stdout: that is a normal way to stop.
    const onOutputError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EPIPE') resolve(ExitCode.Ok)
    }
    context.stdout.on('error', onOutputError)
    stops.push(() => context.stdout.off('error', onOutputError))
  })

  try {
    const joined = await joinRoom(client, options.room)
    room = joined.room.id
    epoch = joined.room.epoch
    lastPrinted = joined.messages.at(-1)?.seq ?? joined.room.lastSeq
    const history = await lastMessages(client, room, joined.messages, joined.hasMore, options.history)
    for (const message of history) print(message)
    flushHeld()
    return await finished
  } finally {
    for (const stop of stops) stop()
    await client.close()
  }
}
