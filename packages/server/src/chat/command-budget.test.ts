import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ABUSE_DEFAULTS, CommandBudget, UserBudgets, type CommandBudgetOptions } from './command-budget.js'

const options: CommandBudgetOptions = {
  rates: { ...ABUSE_DEFAULTS.commandRates, message: { perSecond: 2, burst: 2 } },
  userFactor: 1.5,
  refusalsBeforeClose: 3,
}

describe('CommandBudget', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }))
  afterEach(() => vi.useRealTimers())

  it('should refuse a command over its budget with the time until its next token', () => {
    const budget = new CommandBudget(options)
    expect(budget.take('message', 'a')).toEqual({ ok: true })
    expect(budget.take('message', 'b')).toEqual({ ok: true })
    expect(budget.take('message', 'c')).toEqual({ ok: false, retryAfterMs: 500, close: false })
    // Other classes have budgets of their own.
    expect(budget.take('history')).toEqual({ ok: true })
  })

  it('should keep a refused message ahead of later ones until it comes again', () => {
    const budget = new CommandBudget(options)
    budget.take('message', 'a')
    budget.take('message', 'b')
    expect(budget.take('message', 'c').ok).toBe(false)
    vi.advanceTimersByTime(1_000)
    expect(budget.take('message', 'd').ok).toBe(false)
    expect(budget.take('message', 'c').ok).toBe(true)
    expect(budget.take('message', 'd').ok).toBe(true)
  })

  it('should share a budget between the connections of one user', () => {
    const users = new UserBudgets(options)
    const tabs = [new CommandBudget(options), new CommandBudget(options)]
    for (const tab of tabs) tab.bindUser(users.acquire('u-1'))
    // 1.5 × a burst of 2 is 3 messages for the user, whichever tab sends them.
    expect([tabs[0]?.take('message', 'a').ok, tabs[0]?.take('message', 'b').ok, tabs[1]?.take('message', 'c').ok]).toEqual([
      true,
      true,
      true,
    ])
    expect(tabs[1]?.take('message', 'd')).toMatchObject({ ok: false })
  })

  it('should tell a connection to close once it keeps flooding after the grace second', () => {
    const budget = new CommandBudget(options)
    for (let index = 0; index < 20; index++) budget.take('typing')
    // Within the first second after the first refusal nothing counts: that was in flight.
    expect(budget.take('typing')).toMatchObject({ ok: false, close: false })
    vi.advanceTimersByTime(1_001)
    // Four tokens came back in that second (4/s); then every refusal is a strike, and the third closes.
    for (let index = 0; index < 4; index++) expect(budget.take('typing')).toMatchObject({ ok: true })
    expect(budget.take('typing')).toMatchObject({ ok: false, close: false })
    expect(budget.take('typing')).toMatchObject({ ok: false, close: false })
    expect(budget.take('typing')).toMatchObject({ ok: false, close: true })
  })
})
