import type { TSchema } from 'typebox'
import { Code } from 'typebox/compile'
import { Check } from 'typebox/schema'
import { describe, expect, it } from 'vitest'
import futureFrames from '../../test/fixtures/future-server-frames.json' with { type: 'json' }
import serverFrames from '../../test/fixtures/server-frames.json' with { type: 'json' }
import { ServerMessageSchemas } from '../messages/server-messages.js'
import { openSchema } from '../open-schema.js'
import { serverFrameChecks } from './server-frame-checks.js'

/**
 * The browser build checks server frames with validators generated here, ahead of time, from the open variant of
 * every server frame schema: no schema library and no `new Function` in the page. The file is TypeBox's own
 * standalone code (`Code` from typebox/compile) for all frame types at once, its pattern variables written out as
 * regular expression literals.
 *
 * Frames share shapes (a room's info, a message, a member, ids and names), so the generator compiles them as one
 * set of definitions: every subschema that occurs more than once (compared by its JSON Schema, not by identity, so
 * `Type.Optional(UserId)` is `UserId`) becomes a definition the others `$ref`, which TypeBox compiles to one function
 * called from every place it is used. Each frame is a definition too, and the compiled entry (a union of the frames)
 * names the function of each.
 */
function serverFrameChecksModule(): string {
  const types = Object.keys(ServerMessageSchemas)
  // Opened together, so a shape used by several frames stays one object (and so does the open error code).
  const frames = types.map((type) => ServerMessageSchemas[type as keyof typeof ServerMessageSchemas] as TSchema)
  const opened = (openSchema({ anyOf: frames } as unknown as TSchema) as unknown as { anyOf: TSchema[] }).anyOf
  const { definitions, roots } = shareRepeatedSubschemas(opened)
  const context: Record<string, unknown> = { ...definitions }
  roots.forEach((root, index) => (context[`Frame${index}`] = root))
  const entry = { anyOf: roots.map((_, index) => ({ $ref: `Frame${index}` })) }

  const { Code: code, External } = Code(context as Record<string, TSchema>, entry as unknown as TSchema)
  if (code.includes('CheckContext')) throw new Error(`The server frame schemas need TypeBox's check context`)
  const lines = code
    .split('\n')
    .filter((line) => line !== '' && line !== '// @ts-ignore' && !/^(import |let External|export function SetExternal)/.test(line))
  const functions = lines.filter((line) => line.startsWith('const check_'))
  const exported = lines.filter((line) => !line.startsWith('const check_'))
  // What is left is TypeBox's `export function Check(value) { return check_N(value) }`: the entry, a union whose arms
  // call each frame's function in frame order.
  const entryName = /^export function Check\(value\) \{ return (check_\d+)\(value\) \}$/.exec(exported.join('\n'))?.[1]
  const entryLine = functions.find((line) => line.startsWith(`const ${entryName} = `))
  if (entryLine === undefined) throw new Error(`No entry function in the generated code: ${exported.join('\n')}`)
  const frameChecks = [...entryLine.matchAll(/\b(check_\d+)\(value\)/g)].map((match) => match[1])
  if (frameChecks.length !== types.length || new Set(frameChecks).size !== types.length) {
    throw new Error(`The entry calls ${frameChecks.length} functions for ${types.length} frame types: ${entryLine}`)
  }

  // One literal per distinct pattern: TypeBox adds a variable each time it compiles a pattern.
  const patterns: string[] = []
  const variableIndex = External.variables.map((variable) => {
    if (!(variable instanceof RegExp)) throw new Error('The server frame schemas need a variable that is not a pattern')
    const literal = variable.toString()
    if (!patterns.includes(literal)) patterns.push(literal)
    return patterns.indexOf(literal)
  })
  const body = functions
    .filter((line) => line !== entryLine)
    .map((line) => line.replace(/\bExternal\[(\d+)\]/g, (_, index: string) => `External[${variableIndex[Number(index)]}]`))
  const source = body.join('\n')
  const imports = [
    source.includes('Guard.') ? `import { Guard } from 'typebox/guard'` : undefined,
    source.includes('Hashing.') ? `import { Hashing } from 'typebox/system'` : undefined,
  ].filter((line) => line !== undefined)
  return [
    '// Generated from the server frame schemas by server-frame-checks.test.ts: do not edit. After changing a schema,',
    '// run `pnpm --filter @lanchat/protocol exec vitest run -u src/generated` and commit the result.',
    '/* eslint-disable */',
    '// @ts-nocheck',
    ...imports,
    '',
    `const External = [${patterns.join(', ')}]`,
    source,
    '',
    '/** A check per server frame type, of its open schema (unknown properties allowed at every depth). */',
    'export const serverFrameChecks: Readonly<Record<string, (value: unknown) => boolean>> = {',
    ...types.map((type, index) => `  ${JSON.stringify(type)}: ${frameChecks[index]},`),
    '}',
    '',
  ].join('\n')
}

/** Keywords whose value is a map of names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'])
/** Keywords whose value is a schema or a list of schemas. */
const SCHEMA_KEYWORDS = new Set([
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
/** Keywords whose value is data. Any other keyword stops the generator, so a subschema is never taken for data. */
const DATA_KEYWORDS = new Set([
  'type',
  'const',
  'enum',
  'required',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minContains',
  'maxContains',
  'minProperties',
  'maxProperties',
  'title',
  'description',
  'default',
  'examples',
])
/** TypeBox's own markers, not read by the compiler. Another hidden key (a refinement) makes a subschema unique. */
const MARKERS = new Set<PropertyKey>(['~kind', '~optional', '~readonly'])

type Node = Record<string, unknown>

/**
 * Every subschema of the roots that occurs more than once, as a definition (`Shared0`, …), and the roots with those
 * occurrences replaced by `$ref`s to it. Subschemas are the same when their JSON Schema is (key order included).
 */
function shareRepeatedSubschemas(roots: readonly TSchema[]): { definitions: Record<string, Node>; roots: Node[] } {
  const keys = new Map<object, string>()
  const unique = new Map<object, string>()
  /** A subschema's identity for sharing: its JSON Schema, or a key of its own when it holds more than JSON. */
  const keyOf = (node: Node): string => {
    let key = keys.get(node)
    if (key !== undefined) return key
    const hidden = Reflect.ownKeys(node).some((name) => !MARKERS.has(name) && !Object.getOwnPropertyDescriptor(node, name)?.enumerable)
    if (hidden) key = `unique:${unique.size}`
    else key = JSON.stringify(mapChildren(node, (child) => ({ key: keyOf(child) })))
    if (hidden) unique.set(node, key)
    keys.set(node, key)
    return key
  }
  // How often each subschema occurs, counting what is inside a repeated one once.
  const counts = new Map<string, number>()
  const count = (node: Node): void => {
    const key = keyOf(node)
    const seen = counts.get(key) ?? 0
    counts.set(key, seen + 1)
    if (seen === 0) mapChildren(node, (child) => (count(child), child))
  }
  for (const root of roots) mapChildren(root as Node, (child) => (count(child), child))

  const names = new Map<string, string>()
  const definitions: Record<string, Node> = {}
  const share = (node: Node): Node => {
    const key = keyOf(node)
    if ((counts.get(key) ?? 0) < 2) return mapChildren(node, share)
    let name = names.get(key)
    if (name === undefined) {
      name = `Shared${names.size}`
      names.set(key, name)
      definitions[name] = mapChildren(node, share)
    }
    return { $ref: name }
  }
  return { definitions, roots: roots.map((root) => mapChildren(root as Node, share)) }
}

/** A copy of a schema (own keys and TypeBox's markers) with each direct subschema mapped. */
function mapChildren(node: Node, map: (child: Node) => unknown): Node {
  const copy = Object.create(Object.getPrototypeOf(node) as object | null) as Node
  for (const key of Reflect.ownKeys(node)) {
    const descriptor = Object.getOwnPropertyDescriptor(node, key) as PropertyDescriptor
    if (descriptor.enumerable === true && typeof key === 'string') {
      if (SCHEMA_MAPS.has(key)) {
        const schemas = descriptor.value as Record<string, Node>
        descriptor.value = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, map(schema)]))
      } else if (SCHEMA_KEYWORDS.has(key)) {
        const value = descriptor.value as Node | Node[] | boolean
        descriptor.value = typeof value === 'boolean' ? value : Array.isArray(value) ? value.map(map) : map(value)
      } else if (!DATA_KEYWORDS.has(key)) {
        throw new Error(`The generator does not know whether "${key}" holds a schema: add it to SCHEMA_KEYWORDS or DATA_KEYWORDS`)
      }
    }
    Object.defineProperty(copy, key, descriptor)
  }
  return copy
}

/** Every way of breaking one value inside a frame: each nested value replaced by others, or removed. */
function* mutations(frame: unknown): Generator<unknown> {
  const replacements = [null, 0, -1, 1.5, '', 'x', '-\u0007', true, [], {}, [1], 'a'.repeat(300)]
  function* at(value: unknown, rebuild: (next: unknown) => unknown): Generator<unknown> {
    for (const replacement of replacements) yield rebuild(replacement)
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        yield rebuild(value.filter((_, other) => other !== index))
        yield* at(item, (next) => rebuild(value.map((old, other) => (other === index ? next : old))))
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const { [key]: _, ...rest } = value as Record<string, unknown>
        yield rebuild(rest)
        yield rebuild({ ...value, [`${key}_extra`]: item })
        yield* at(item, (next) => rebuild({ ...value, [key]: next }))
      }
    }
  }
  yield* at(frame, (next) => next)
}

describe('the generated server frame checks', () => {
  it('should match the schemas (run vitest with -u to regenerate after a schema change)', async () => {
    await expect(serverFrameChecksModule()).toMatchFileSnapshot('./server-frame-checks.ts')
  })

  it('should have a check for every server frame type', () => {
    expect(Object.keys(serverFrameChecks)).toEqual(Object.keys(ServerMessageSchemas))
  })

  it('should accept and refuse what the open schema does, for every golden and future frame changed anywhere', () => {
    const schemas = new Map(Object.entries(ServerMessageSchemas).map(([type, schema]) => [type, openSchema(schema)]))
    const disagreements: { frame: unknown; schema: boolean }[] = []
    let compared = 0
    for (const frame of [...serverFrames, ...futureFrames]) {
      const schema = schemas.get(frame.type)
      const check = serverFrameChecks[frame.type]
      if (schema === undefined || check === undefined) continue
      for (const mutated of mutations(frame)) {
        const verdict = Check(schema, mutated)
        if (check(mutated) !== verdict) disagreements.push({ frame: mutated, schema: verdict })
        compared++
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([])
    expect(compared).toBeGreaterThan(5_000)
  })
})
