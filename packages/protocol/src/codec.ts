import { Compile } from 'typebox/compile'
import type { TSchema } from 'typebox'
import type { TLocalizedValidationError } from 'typebox/error'
import { ErrorCodes } from './error-codes.js'
import { LIMITS } from './limits.js'
import { ClientMessageSchemas, type ClientMessage } from './messages/client-messages.js'
import { ServerMessageSchemas, type ServerMessage } from './messages/server-messages.js'

/** Where a frame broke its schema. */
export interface ProtocolIssue {
  /** JSON pointer into the frame, `/` for the frame itself. */
  path: string
  message: string
}

/**
 * A frame could not be decoded. `code` is the wire error code to answer with, and
 * `ref` the frame's `id` when one could be read, so the sender can match the error.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError'
  readonly code: typeof ErrorCodes.BAD_REQUEST | typeof ErrorCodes.FRAME_TOO_LARGE
  readonly ref: string | undefined
  readonly issues: ProtocolIssue[]

  constructor(
    code: ProtocolError['code'],
    message: string,
    options: { ref?: string | undefined; issues?: ProtocolIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.ref = options.ref
    this.issues = options.issues ?? []
  }
}

const MAX_ISSUES = 20

type SchemaMap = Readonly<Record<string, TSchema>>

/** What the decoder needs of a validator: TypeBox's compiled `Validator` fits, and so does an interpreted one. */
export interface FrameValidator {
  Check(value: unknown): boolean
  Errors(value: unknown): TLocalizedValidationError[]
}

/**
 * Builds a decoder that dispatches on `type` and checks the frame against that
 * type's schema only: precise errors, and one small compiled check per frame.
 * Validators compile on first use, so a bundle that never decodes a type pays nothing for it.
 * `makeValidator` is TypeBox's `Compile` (code generated with `new Function`), or an interpreter where eval is barred.
 */
export function createDecoder<Message>(
  schemas: SchemaMap,
  direction: string,
  makeValidator: (schema: TSchema) => FrameValidator,
): (raw: string) => Message {
  const validators = new Map<string, FrameValidator>()
  const validatorFor = (type: string): FrameValidator | undefined => {
    let validator = validators.get(type)
    if (validator === undefined && Object.hasOwn(schemas, type)) {
      validator = makeValidator(schemas[type] as TSchema)
      validators.set(type, validator)
    }
    return validator
  }

  return (raw) => {
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (error) {
      throw new ProtocolError(ErrorCodes.BAD_REQUEST, 'Frame is not valid JSON', { cause: error })
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ProtocolError(ErrorCodes.BAD_REQUEST, 'Frame must be a JSON object')
    }
    const frame = value as Record<string, unknown>
    const ref = readRef(frame)
    const type = frame.type
    if (typeof type !== 'string') {
      throw new ProtocolError(ErrorCodes.BAD_REQUEST, 'Frame has no string "type"', { ref })
    }
    const validator = validatorFor(type)
    if (validator === undefined) {
      throw new ProtocolError(ErrorCodes.BAD_REQUEST, `Unknown ${direction} frame type "${truncate(type)}"`, { ref })
    }
    if (!validator.Check(frame)) {
      const issues = describeIssues(validator.Errors(frame))
      const first = issues[0]
      const detail = first === undefined ? '' : `: ${first.path} ${first.message}`
      throw new ProtocolError(ErrorCodes.BAD_REQUEST, `Invalid "${type}" frame${detail}`, { ref, issues })
    }
    return frame as Message
  }
}

function describeIssues(errors: TLocalizedValidationError[]): ProtocolIssue[] {
  const issues: ProtocolIssue[] = []
  for (const error of errors) {
    // An unknown property shows up twice: once as "schema is false" on the property and once on the object.
    if (error.keyword === 'boolean') continue
    const message =
      error.keyword === 'additionalProperties'
        ? `must not have property ${error.params.additionalProperties.map((name) => `"${name}"`).join(', ')}`
        : error.message
    issues.push({ path: error.instancePath || '/', message })
    if (issues.length === MAX_ISSUES) break
  }
  return issues
}

function readRef(frame: Record<string, unknown>): string | undefined {
  const id = frame.id
  return typeof id === 'string' && id.length > 0 && id.length <= LIMITS.maxIdLength ? id : undefined
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/**
 * Decodes a frame sent by a client. Throws {@link ProtocolError} when it is not valid JSON,
 * has an unknown `type`, or does not match that type's schema.
 *
 * @example
 * ```ts
 * const frame = decodeClientMessage('{"type":"ping","id":"7"}')
 * frame.type // 'ping'
 * ```
 */
export const decodeClientMessage: (raw: string) => ClientMessage = createDecoder<ClientMessage>(
  ClientMessageSchemas,
  'client',
  Compile,
)

/**
 * Decodes a frame sent by a server. Throws {@link ProtocolError} as {@link decodeClientMessage} does.
 *
 * @example
 * ```ts
 * const frame = decodeServerMessage('{"type":"pong","ref":"7","ts":1700000000000}')
 * ```
 */
export const decodeServerMessage: (raw: string) => ServerMessage = createDecoder<ServerMessage>(
  ServerMessageSchemas,
  'server',
  Compile,
)

/**
 * Serializes a frame for the wire. Frames are plain JSON; this is the one place that says so.
 *
 * @example
 * ```ts
 * socket.send(encode({ type: 'ping', id: '7' }))
 * ```
 */
export function encode(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message)
}
