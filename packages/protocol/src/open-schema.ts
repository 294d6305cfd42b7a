import { Type, type TSchema } from 'typebox'
import { ErrorCode } from './messages/error-code.js'

/**
 * What a newer server may send in place of a closed list of this version: an error code added later. Clients treat
 * a code they do not know as a generic failure (see `docs/protocol/v1.md`, "Evolving the protocol").
 */
const OpenErrorCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$' })

/** Closed schemas a newer server may grow, each with the open schema that stands in for it when decoding tolerantly. */
const GROWING: ReadonlyMap<unknown, TSchema> = new Map<unknown, TSchema>([[ErrorCode, OpenErrorCode]])

/** Keywords whose value is a map of names to schemas. */
const SCHEMA_MAPS = new Set<PropertyKey>(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'])
/** Keywords whose value is a schema or a list of schemas. Any other keyword's value is data, copied as it is. */
const SCHEMA_KEYWORDS = new Set<PropertyKey>([
  'items',
  'prefixItems',
  'additionalItems',
  'contains',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'additionalProperties',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
])

/**
 * The "open" variant of a strict schema, derived so the schemas are written once: every object accepts properties
 * it does not list (`additionalProperties: false` is dropped at every depth), and the error code accepts codes
 * added after this version. Everything else (required fields, types, patterns, lengths) is checked as before.
 * TypeBox's own markers (`~kind`, `~optional`, non-enumerable) are kept, so the result compiles like the original.
 *
 * @internal
 */
export function openSchema<Schema extends TSchema>(schema: Schema): Schema {
  return openNode(schema, new Map()) as Schema
}

type Seen = Map<object, unknown>

/** A schema, or a list of schemas. */
function openNode(node: unknown, seen: Seen): unknown {
  if (typeof node !== 'object' || node === null) return node
  const replacement = GROWING.get(node)
  if (replacement !== undefined) return replacement
  const done = seen.get(node)
  if (done !== undefined) return done
  if (Array.isArray(node)) {
    const list: unknown[] = []
    seen.set(node, list)
    for (const item of node) list.push(openNode(item, seen))
    return list
  }
  return copyObject(node, seen, (key, value) => {
    if (key === 'additionalProperties' && value === false) return DROP
    if (SCHEMA_MAPS.has(key)) return typeof value === 'object' && value !== null ? copyObject(value, seen, (_, schema) => openNode(schema, seen)) : value
    return SCHEMA_KEYWORDS.has(key) ? openNode(value, seen) : value
  })
}

const DROP = Symbol('drop')

/** A copy of an object with every own property (non-enumerable and symbol keys too), each value mapped. */
function copyObject(source: object, seen: Seen, map: (key: PropertyKey, value: unknown) => unknown): object {
  const copy = Object.create(Object.getPrototypeOf(source) as object | null) as object
  seen.set(source, copy)
  for (const key of Reflect.ownKeys(source)) {
    const descriptor = Object.getOwnPropertyDescriptor(source, key) as PropertyDescriptor
    if ('value' in descriptor) {
      const value = map(key, descriptor.value)
      if (value === DROP) continue
      descriptor.value = value
    }
    Object.defineProperty(copy, key, descriptor)
  }
  return copy
}
