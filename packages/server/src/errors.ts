import createError from '@fastify/error'

/**
 * Errors the plugin throws at registration or from the `app.lanchat` API. Each has a stable `code`; match on it
 * (`error.code === 'LANCHAT_ERR_ROOM_EXISTS'`) or with `instanceof errorCodes.LANCHAT_ERR_ROOM_EXISTS`.
 * Wire errors sent to clients are a different, closed list: `ErrorCodes` in `@lanchat/protocol`.
 *
 * @example
 * ```ts
 * import { errorCodes } from '@lanchat/server'
 * try {
 *   await app.lanchat.createRoom({ id: 'general', name: 'General' })
 * } catch (error) {
 *   if (error instanceof errorCodes.LANCHAT_ERR_ROOM_EXISTS) app.log.info('general exists already')
 *   else throw error
 * }
 * ```
 */
export const errorCodes = {
  /** An option passed to `app.register(lanchat, options)` is invalid; the message names it. */
  LANCHAT_ERR_OPTIONS_INVALID: createError<'LANCHAT_ERR_OPTIONS_INVALID', 500, [option: string, problem: string]>(
    'LANCHAT_ERR_OPTIONS_INVALID',
    'Invalid lanchat option "%s": %s',
    500,
    TypeError,
  ),
  /** `createRoom` got an id that a room already has. */
  LANCHAT_ERR_ROOM_EXISTS: createError<'LANCHAT_ERR_ROOM_EXISTS', 409, [room: string]>(
    'LANCHAT_ERR_ROOM_EXISTS',
    'A room with id "%s" already exists',
    409,
  ),
  /** `post` named a room that does not exist (code rooms vanish when they become empty). */
  LANCHAT_ERR_ROOM_NOT_FOUND: createError<'LANCHAT_ERR_ROOM_NOT_FOUND', 404, [room: string]>(
    'LANCHAT_ERR_ROOM_NOT_FOUND',
    'No room has id "%s"',
    404,
  ),
  /** `createRoom` got an id or name the protocol does not allow. */
  LANCHAT_ERR_ROOM_INVALID: createError<'LANCHAT_ERR_ROOM_INVALID', 400, [problem: string]>(
    'LANCHAT_ERR_ROOM_INVALID',
    'Invalid room: %s',
    400,
    TypeError,
  ),
  /** `post` got text or a sender name the protocol does not allow. */
  LANCHAT_ERR_MESSAGE_INVALID: createError<'LANCHAT_ERR_MESSAGE_INVALID', 400, [problem: string]>(
    'LANCHAT_ERR_MESSAGE_INVALID',
    'Invalid message: %s',
    400,
    TypeError,
  ),
  /** `on` was given an event name that does not exist. */
  LANCHAT_ERR_EVENT_UNKNOWN: createError<'LANCHAT_ERR_EVENT_UNKNOWN', 500, [event: string]>(
    'LANCHAT_ERR_EVENT_UNKNOWN',
    'Unknown lanchat event "%s"',
    500,
    TypeError,
  ),
  /** The store could not do what was asked (disk full, I/O error, a locked database); nothing was changed. `cause` says why. */
  LANCHAT_ERR_STORE_FAILED: createError<'LANCHAT_ERR_STORE_FAILED', 503, [options: { cause: unknown }]>(
    'LANCHAT_ERR_STORE_FAILED',
    'The lanchat store failed; nothing was changed',
    503,
  ),
  /** The API was used while the server is shutting down or after it closed. */
  LANCHAT_ERR_CLOSED: createError<'LANCHAT_ERR_CLOSED', 503, []>(
    'LANCHAT_ERR_CLOSED',
    'The lanchat server is closed',
    503,
  ),
} as const
