import { Code } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { ServerMessageSchemas } from '../messages/server-messages.js'
import { openSchema } from '../open-schema.js'

/**
 * The browser build checks server frames with validators generated here, ahead of time, from the open variant of
 * every server frame schema: no schema library and no `new Function` in the page. The file is TypeBox's own
 * standalone code (`Code` from typebox/compile), one check per frame type, its pattern variables written out as
 * regular expression literals.
 */
function serverFrameChecksModule(): string {
  const checks = Object.entries(ServerMessageSchemas).map(([type, schema]) => {
    const { Code: code, External } = Code(openSchema(schema))
    const patterns = External.variables.map((variable) => {
      if (!(variable instanceof RegExp)) throw new Error(`The ${type} schema needs a variable that is not a pattern`)
      return variable.toString()
    })
    if (code.includes('CheckContext')) throw new Error(`The ${type} schema needs TypeBox's check context`)
    const body = code
      .split('\n')
      .filter((line) => line !== '' && line !== '// @ts-ignore' && !/^(import |let External|export function SetExternal)/.test(line))
      .map((line) => line.replace(/^export function Check\(value\) \{/, 'return (value) => {'))
      .join('\n    ')
    return `  ${JSON.stringify(type)}: (() => {\n    const External = [${patterns.join(', ')}]\n    ${body}\n  })(),`
  })
  const source = checks.join('\n')
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
    '/** A check per server frame type, of its open schema (unknown properties allowed at every depth). */',
    'export const serverFrameChecks: Readonly<Record<string, (value: unknown) => boolean>> = {',
    source,
    '}',
    '',
  ].join('\n')
}

describe('the generated server frame checks', () => {
  it('should match the schemas (run vitest with -u to regenerate after a schema change)', async () => {
    await expect(serverFrameChecksModule()).toMatchFileSnapshot('./server-frame-checks.ts')
  })
})
