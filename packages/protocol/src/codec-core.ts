import type { TSchema } from 'typebox'
import type { TLocalizedValidationError } from 'typebox/error'
import { ErrorCodes } from './error-codes.js'
import type { ServerMessage } from './messages/server-messages.js'
import { openSchema } from './open-schema.js'
import { MAX_TYPE_LENGTH, parseFrame, truncate, type DecodedServerFrame, type RawFrame } from './parse-frame.js'
import { ProtocolError, type ProtocolIssue } from './protocol-error.js'

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
