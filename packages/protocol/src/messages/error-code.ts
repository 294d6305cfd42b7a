import { Type } from 'typebox'
import { ErrorCodes, type ErrorCode as ErrorCodeName } from '../error-codes.js'

/** A wire error code: one of `ErrorCodes`. */
export type ErrorCode = ErrorCodeName

/** Schema of {@link ErrorCode}. */
export const ErrorCode = Type.Enum(Object.values(ErrorCodes) as ErrorCodeName[])
