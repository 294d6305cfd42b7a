import { Type } from 'typebox'

/** A feature name on the wire: lower case words joined by `.` or `-`, such as `rooms.create`. May be one a newer version added. */
export const Feature = Type.String({ maxLength: 64, pattern: '^[a-z][a-z0-9]*([.-][a-z0-9]+)*$' })
export type Feature = Type.Static<typeof Feature>

/** The features a server offers, in `welcome.features`: at most 64, each once. */
export const Features = Type.Array(Feature, { maxItems: 64, uniqueItems: true })
export type Features = Type.Static<typeof Features>
