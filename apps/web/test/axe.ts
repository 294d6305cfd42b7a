import axe from 'axe-core'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** The WCAG 2.0 and 2.1 A and AA rules: what we promise. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[]; failureSummary: string | undefined }>
}

/**
 * Runs axe-core on what the page shows now and fails with a readable list of the violations (rule, impact, help, and
 * each offending element with axe's summary of what to fix). `what` names the screen in the failure.
 *
 * axe's source goes in with `addScriptTag({ content })`. Our CSP forbids inline scripts (as it should), so the
 * checked contexts are opened with `bypassCSP` (see `newPerson`'s `axe` option); the app itself is unchanged.
 *
 * @example
 * ```ts
 * await expectAccessible(person.page, 'the name screen')
 * ```
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in globalThis)
  if (!loaded) await page.addScriptTag({ content: axe.source })
  const violations = await page.evaluate(async (tags) => {
    const result = await (globalThis as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } })
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target as unknown[], failureSummary: node.failureSummary })),
    }))
  }, TAGS)
  expect(violations.length === 0 ? '' : `${what}:\n${describe(violations)}`).toBe('')
}

function describe(violations: Violation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    - ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
      return `  ${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help}\n${nodes.join('\n')}`
    })
    .join('\n')
}
