import { Compile } from 'typebox/compile'
import type { TSchema } from 'typebox'
import type { TLocalizedValidationError } from 'typebox/error'
import { ErrorCodes } from './error-codes.js'
import { LIMITS } from './limits.js'
import { ClientMessageSchemas, type ClientMessage } from './messages/client-messages.js'
import { ServerMessageSchemas, type ServerMessage } from './messages/server-messages.js'
import { openSchema } from './open-schema.js'

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

/** Lazily made validators of a schema map, one per frame type, made on first use. */
function validatorsOf(
  schemas: SchemaMap,
  makeValidator: (schema: TSchema) => FrameValidator,
): (type: string) => FrameValidator | undefined {
  const validators = new Map<string, FrameValidator>()
  return (type) => {
    let validator = validators.get(type)
    if (validator === undefined && Object.hasOwn(schemas, type)) {
      validator = makeValidator(schemas[type] as TSchema)
      validators.set(type, validator)
    }
    return validator
  }
}

/** A parsed frame: an object with a string `type`. */
type RawFrame = Record<string, unknown> & { type: string }

/** Parses a frame and reads its `type`, or throws the {@link ProtocolError} a frame that is no frame at all gets. */
function parseFrame(raw: string, maxTypeLength: number): { frame: RawFrame; ref: string | undefined } {
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
  if (type.length > maxTypeLength) {
    throw new ProtocolError(ErrorCodes.BAD_REQUEST, `Frame type "${truncate(type)}" is longer than ${maxTypeLength} characters`, { ref })
  }
  return { frame: frame as RawFrame, ref }
}

/** Checks a frame against its type's validator, or throws a {@link ProtocolError} that lists the issues. */
function checkFrame(validator: FrameValidator, frame: RawFrame, ref: string | undefined): void {
  if (validator.Check(frame)) return
  const issues = describeIssues(validator.Errors(frame))
  const first = issues[0]
  const detail = first === undefined ? '' : `: ${first.path} ${first.message}`
  throw new ProtocolError(ErrorCodes.BAD_REQUEST, `Invalid "${frame.type}" frame${detail}`, { ref, issues })
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
  const validatorFor = validatorsOf(schemas, makeValidator)
  return (raw) => {
    const { frame, ref } = parseFrame(raw, Number.POSITIVE_INFINITY)
    const validator = validatorFor(frame.type)
    if (validator === undefined) {
      throw new ProtocolError(ErrorCodes.BAD_REQUEST, `Unknown ${direction} frame type "${truncate(frame.type)}"`, { ref })
    }
    checkFrame(validator, frame, ref)
    return frame as Message
  }
}

/** A server frame whose `type` this version of the protocol does not know: a newer server's event. */
export interface UnknownServerFrame {
  readonly type: string
  readonly [key: string]: unknown
}

/** What {@link decodeServerFrame} made of a frame: one this version knows, or one of a type it does not. */
export type DecodedServerFrame =
  | { readonly known: true; readonly frame: ServerMessage }
  | { readonly known: false; readonly frame: UnknownServerFrame }

/** Longest `type` {@link decodeServerFrame} hands back as an unknown frame. */
const MAX_TYPE_LENGTH = 64

/**
 * Builds a tolerant decoder: each known type is checked against the open variant of its schema (see
 * {@link openSchema}), made on first use like the strict validators; an unknown type comes back as it is.
 */
export function createTolerantDecoder(
  schemas: SchemaMap,
  makeValidator: (schema: TSchema) => FrameValidator,
): (raw: string) => DecodedServerFrame {
  const validatorFor = validatorsOf(schemas, (schema) => makeValidator(openSchema(schema)))
  return (raw) => {
    const { frame, ref } = parseFrame(raw, MAX_TYPE_LENGTH)
    const validator = validatorFor(frame.type)
    if (validator === undefined) return { known: false, frame }
    checkFrame(validator, frame, ref)
    return { known: true, frame: frame as unknown as ServerMessage }
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
 * Decodes a frame sent by a server, tolerantly: the decoder for clients, so that a newer server within protocol
 * v1 does not break them.
 *
 * - A known `type` is checked against its schema with unknown properties allowed at every depth, and an `error`'s
 *   `code` may be one added after this version (treat a code you do not know as a generic failure). Unknown
 *   properties are left in the frame, untouched (stripping them would cost a walk per frame): they are not part of
 *   its type, so do not rely on them.
 * - An unknown `type` (a newer server's event) comes back as `{ known: false, frame }`, for the app to ignore or
 *   surface as a generic event.
 *
 * Throws {@link ProtocolError} for non-JSON, a non-object, a missing or non-string `type` or one longer than 64
 * characters, and a known type that breaks its (open) schema. {@link decodeServerMessage} stays strict: it is what
 * tests of a server use to check what it sends.
 *
 * @example
 * ```ts
 * const decoded = decodeServerFrame(raw)
 * if (decoded.known) handle(decoded.frame) // a ServerMessage
 * else emit('unknown', decoded.frame) // { type: 'message.edited', … }
 * ```
 */
export const decodeServerFrame: (raw: string) => DecodedServerFrame = createTolerantDecoder(ServerMessageSchemas, Compile)

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
