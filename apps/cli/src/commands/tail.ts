import type { ChatMessage, RoomTimeline, RoomTimelineSnapshot } from '@lanchat/client'
import { describeError } from '../chat/describe-error.js'
import { CliError, ExitCode, SIGNED_OUT_MESSAGE } from '../errors.js'
import { formatEntryLine } from '../render/format-line.js'
import { connect, joinRoom, reportConnection, resolveName, resolveServerUrl, watchSignOut, type ConnectOptions } from './connection.js'
import { note, type CommandContext } from './context.js'

export interface TailOptions extends ConnectOptions {
  room: string
  json?: boolean | undefined
  /** Print the last N messages first. */
  history: number
}

// Most messages one history request may return (the protocol's cap).
const HISTORY_PAGE = 100

function messagesOf(snapshot: RoomTimelineSnapshot): ChatMessage[] {
  return snapshot.entries.flatMap((entry) => (entry.kind === 'message' ? [entry.message] : []))
}

/** Pages older history into the timeline until it holds `count` messages up to `upTo`, or the room has no more. */
async function loadHistory(timeline: RoomTimeline, upTo: number, count: number): Promise<void> {
  for (;;) {
    const held = messagesOf(timeline.snapshot).filter((message) => message.seq <= upTo).length
    if (held >= count || !timeline.snapshot.hasMore) return
    await timeline.loadOlder(Math.min(HISTORY_PAGE, count - held))
    if (messagesOf(timeline.snapshot).filter((message) => message.seq <= upTo).length === held) return
  }
}

/**
 * `lanchat tail --room CODE [--json] [--history N]`: prints each message of the room as it arrives, as JSON
 * lines (raw text) or as human lines (sanitized), after the last N messages when asked. It follows the SDK's room
 * timeline: every message is printed once and in seq order, across reconnects too, and messages a resume could not
 * replay are fetched (the timeline's gaps) before anything newer is printed. Runs until Ctrl-C (exit 130), or until
 * the server ends the account session it runs as (exit 5).
 */
export async function tailCommand(context: CommandContext, options: TailOptions): Promise<number> {
  const url = await resolveServerUrl(context, options)
  const { name, remember } = await resolveName(context, options.name, url)
  const { client } = await connect(context, url, name, remember)
  const stopReporting = reportConnection(context, client)
  const style = { colours: context.colours, environment: context.environment, light: context.light }

  const print = (message: ChatMessage): void => {
    if (options.json === true) {
      context.stdout.write(`${JSON.stringify(message)}\n`)
      return
    }
    const own = message.from.id === client.user?.id
    context.stdout.write(`${formatEntryLine({ kind: 'message', key: message.id, message, own, author: message.from.name, mention: undefined }, undefined, style)}\n`)
  }

  const stops: Array<() => void> = [stopReporting]
  const finished = new Promise<number>((resolve) => {
    const interrupt = (): void => resolve(ExitCode.Interrupted)
    process.once('SIGINT', interrupt)
    process.once('SIGTERM', interrupt)
    stops.push(() => {
      process.off('SIGINT', interrupt)
      process.off('SIGTERM', interrupt)
    })
    let signedOut = false
    stops.push(
      watchSignOut(client, () => {
        signedOut = true
        note(context, SIGNED_OUT_MESSAGE)
        resolve(ExitCode.SignedOut)
      }),
      client.on('state', ({ state }) => {
        if (state !== 'closed') return
        // The SDK reports why (a SIGNED_OUT error) just after the state changes.
        setImmediate(() => {
          if (signedOut) return
          note(context, 'the connection closed')
          resolve(ExitCode.ConnectionFailed)
        })
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
    const timeline = client.timeline(joined.room.id)
    if (timeline === undefined) throw new CliError(`could not follow ${options.room}: the SDK keeps no timeline for it`, ExitCode.ConnectionFailed)
    let epoch = joined.room.epoch
    // Everything up to the newest message at the join is history; what comes after is followed.
    let lastPrinted = joined.messages.at(-1)?.seq ?? joined.room.lastSeq

    if (options.history > 0) {
      await loadHistory(timeline, lastPrinted, options.history)
      for (const message of messagesOf(timeline.snapshot).filter((held) => held.seq <= lastPrinted).slice(-options.history)) print(message)
    }

    // One page of a gap at a time; a gap that could not be fetched is tried again once the connection is back.
    let filling: string | undefined
    let failedGap: string | undefined
    /** Prints the messages after the last one printed, in seq order, up to the first gap; a gap is filled first. */
    const follow = (snapshot: RoomTimelineSnapshot): void => {
      if (snapshot.room.epoch !== epoch) {
        note(context, `the history of ${options.room} was lost on the server; following it from its start again`)
        epoch = snapshot.room.epoch
        lastPrinted = 0
      }
      for (const entry of snapshot.entries) {
        if (entry.kind === 'gap' && entry.before > lastPrinted + 1) {
          if (!entry.loading && filling === undefined && failedGap !== entry.key) {
            filling = entry.key
            queueMicrotask(() => void fill(entry.key))
          }
          return
        }
        if (entry.kind === 'message' && entry.message.seq > lastPrinted) {
          lastPrinted = entry.message.seq
          print(entry.message)
        }
      }
    }
    const fill = async (key: string): Promise<void> => {
      try {
        await timeline.fillGap(key)
      } catch (error) {
        failedGap = key
        note(context, `could not fetch the messages missed while away: ${describeError(error)}`)
      } finally {
        filling = undefined
      }
      follow(timeline.snapshot)
    }
    stops.push(
      client.on('state', ({ state }) => {
        if (state !== 'open' || failedGap === undefined) return
        failedGap = undefined
        follow(timeline.snapshot)
      }),
    )

    // The newest entries are the ones printed: nothing is unread, and the timeline keeps only its usual window.
    timeline.setVisible(true)
    stops.push(timeline.subscribe(follow))
    follow(timeline.snapshot)
    return await finished
  } finally {
    for (const stop of stops) stop()
    await client.close()
  }
}
