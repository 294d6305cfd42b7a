import type { TSchema } from 'typebox'
import { Check, Errors } from 'typebox/schema'
import type { FrameValidator } from './codec-core.js'

/**
 * A validator that walks the schema for every value instead of generating code. TypeBox's `Compile` probes for
 * `new Function` even when told not to accelerate, and a page whose Content-Security-Policy has no
 * `'unsafe-eval'` reports that probe as a violation; this never evaluates code. It is slower per frame (tens of
 * microseconds for a message), which a browser, decoding what one user sees, does not notice.
 */
export function interpretedValidator(schema: TSchema): FrameValidator {
  return {
    Check: (value) => Check(schema, value),
    Errors: (value) => Errors(schema, value)[1],
  }
}
