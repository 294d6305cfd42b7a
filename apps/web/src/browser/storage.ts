// localStorage throws in some private modes and when full; the app then simply forgets across reloads.

const PREFIX = 'lanchat.'

/** Reads a JSON value saved by {@link save}, or `undefined`. */
export function load<Value>(key: string, isValid: (value: unknown) => value is Value): Value | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key)
    if (raw === null || raw === undefined) return undefined
    const value: unknown = JSON.parse(raw)
    return isValid(value) ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * Saves a JSON value under `lanchat.<key>`; `undefined` removes it.
 *
 * @example
 * ```ts
 * save('name', 'Maria')
 * load('name', isString) // 'Maria'
 * ```
 */
export function save(key: string, value: unknown): void {
  try {
    if (value === undefined) globalThis.localStorage?.removeItem(PREFIX + key)
    else globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value))
  } catch {
    // Not persisted: the next reload starts fresh, which is acceptable.
  }
}

export const isString = (value: unknown): value is string => typeof value === 'string'
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean'
export const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((entry) => typeof entry === 'string')
