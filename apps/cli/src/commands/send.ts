import { createInterface } from 'node:readline'
import { splitText, type OutgoingMessage } from '@lanchat/client'
import { describeError } from '../chat/describe-error.js'
import { CliError, ExitCode, SIGNED_OUT_MESSAGE } from '../errors.js'
import { connect, joinRoom, reportConnection, resolveName, resolveServerUrl, watchSignOut, type ConnectOptions } from './connection.js'
import { note, type CommandContext } from './context.js'
import { openDirect } from './direct.js'
import { TokenBucket } from './token-bucket.js'

export interface SendOptions extends ConnectOptions {
  /** The room to send to; or else `to`. */
  room?: string | undefined
  /** The person to send a direct message to (a name, or a user id). */
  to?: string | undefined
  /** Makes the run repeatable: message n goes with the clientMsgId `<key>-<n>`, which the server stores once. */
  key?: string | undefined
}

// Stop reading input while this many messages wait for their acknowledgement (backpressure for `tail -f`).
const MAX_IN_FLIGHT = 100

/**
 * `lanchat send --room CODE [text…]` (or `--to NAME`, a direct message): sends the text, or else every non-empty line of stdin as one message,
 * paced under the server's rate limit. Lines longer than the server's limit are split (and reported on
 * stderr). Resolves once input has ended and every message is acknowledged: 0 when all were stored, 4 when
 * any was refused. With a `key`, running the same command again stores nothing twice.
 */
export async function sendCommand(context: CommandContext, words: readonly string[], options: SendOptions): Promise<number> {
  if (words.length > 0 && words.join(' ').trim() === '') throw new CliError('nothing to send: the message is empty', ExitCode.Usage)
  if ((options.room === undefined) === (options.to === undefined)) throw new CliError('say where to send: --room CODE, or --to NAME for a direct message', ExitCode.Usage)
  const url = await resolveServerUrl(context, options)
  const { name, remember } = await resolveName(context, options.name, url)
  const { client } = await connect(context, url, name, remember)
  const stopReporting = reportConnection(context, client)
  let interrupted = false
  const interrupt = (): void => {
    interrupted = true
    context.stdin.destroy()
  }
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  // The account session ended: nothing more can be sent, and what waits for an ack never gets one.
  let signedOut = false
  let stopWatching = (): void => {}
  const signedOutNow = new Promise<void>((resolve) => {
    stopWatching = watchSignOut(client, () => {
      signedOut = true
      context.stdin.destroy()
      resolve()
    })
  })

  try {
    const joined = options.to !== undefined ? await openDirect(client, options.to) : await joinRoom(client, options.room as string)
    const room = joined.room.id
    const limits = client.limits
    const maxLength = limits?.maxTextLength ?? 4000
    // A little under the server's own bucket, so network jitter does not push us over it.
    const bucket = new TokenBucket((limits?.messagesPerSecond ?? 10) * 0.9, Math.max(1, (limits?.messageBurst ?? 20) - 1))
    const inFlight = new Set<Promise<void>>()
    let sent = 0
    let failed = 0
    let messageNumber = 0

    const sendOne = async (text: string, where: string): Promise<void> => {
      await bucket.take()
      messageNumber++
      const key = options.key === undefined ? {} : { clientMsgId: `${options.key}-${messageNumber}` }
      const outgoing: OutgoingMessage = client.send(room, text, key)
      const settled = outgoing.acked.then(
        () => {
          sent++
        },
        (error: unknown) => {
          failed++
          note(context, `${where} was not sent: ${describeError(error)}`)
        },
      )
      const tracked = settled.finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
      if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight)
    }

    const sendLine = async (line: string, where: string): Promise<void> => {
      if (line.trim() === '') return
      const pieces = splitText(line, maxLength)
      if (pieces.length > 1) {
        note(context, `${where} has ${line.length} characters, more than the server's ${maxLength}; sending it as ${pieces.length} messages`)
      }
      for (const [index, piece] of pieces.entries()) await sendOne(piece, pieces.length > 1 ? `${where} (part ${index + 1})` : where)
    }

    if (words.length > 0) {
      await sendLine(words.join(' '), 'the message')
    } else {
      if (context.stdin.isTTY === true) note(context, `type the lines to send to ${options.to ?? options.room}; Ctrl-D ends`)
      const lines = createInterface({ input: context.stdin, crlfDelay: Number.POSITIVE_INFINITY, terminal: false })
      let number = 0
      for await (const line of lines) {
        number++
        if (interrupted || signedOut) break
        await sendLine(line, `line ${number}`)
      }
    }
    await Promise.race([Promise.all(inFlight), signedOutNow])
    if (signedOut) throw new CliError(SIGNED_OUT_MESSAGE, ExitCode.SignedOut)
    if (interrupted) {
      note(context, `interrupted after ${sent} messages`)
      return ExitCode.Interrupted
    }
    if (failed > 0) {
      note(context, `${failed} of ${sent + failed} messages were not sent`)
      return ExitCode.Rejected
    }
    return ExitCode.Ok
  } finally {
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
    stopReporting()
    stopWatching()
    await client.close()
  }
}
