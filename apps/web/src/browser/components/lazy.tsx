import type { ComponentType, FunctionComponent } from 'preact'
import { useEffect, useState } from 'preact/hooks'

/** Tries to fetch a part of the app this many times, waiting a little longer each time, before saying it failed. */
const ATTEMPTS = 4
const FIRST_RETRY_MS = 400

/**
 * A component whose code loads on first use (a dynamic `import()`), so the main bundle does not carry it: renders
 * nothing until it has loaded, then the component with the same props. The module is fetched once; a failed fetch
 * (the network hiccuped, the server was restarting) is tried again a few times, then a line offers to reload the page
 * (the server may have a newer version of the app).
 *
 * @example
 * ```tsx
 * const DirectoryDialog = lazyComponent(() => import('./rooms/directory-dialog.js').then((module) => module.DirectoryDialog))
 * ```
 */
export function lazyComponent<Props extends object>(load: () => Promise<ComponentType<Props>>): FunctionComponent<Props> {
  let loaded: ComponentType<Props> | undefined
  let loading: Promise<ComponentType<Props>> | undefined

  const attempt = async (): Promise<ComponentType<Props>> => {
    for (let tries = 1; ; tries += 1) {
      try {
        return (loaded = await load())
      } catch (error) {
        if (tries >= ATTEMPTS) throw error
        await new Promise((resolve) => setTimeout(resolve, FIRST_RETRY_MS * 2 ** (tries - 1)))
      }
    }
  }

  return function Lazy(props: Props) {
    const [component, setComponent] = useState<{ render: ComponentType<Props> } | undefined>(
      loaded === undefined ? undefined : { render: loaded },
    )
    const [failed, setFailed] = useState(false)
    useEffect(() => {
      if (component !== undefined) return
      let current = true
      loading ??= attempt()
      loading.then(
        (render) => current && setComponent({ render }),
        (error: unknown) => {
          loading = undefined
          console.warn('[lanchat]', error)
          if (current) setFailed(true)
        },
      )
      return () => {
        current = false
      }
    }, [])
    if (failed) {
      return (
        <p class="load-failed" role="alert">
          This part of the app did not load.{' '}
          <button type="button" class="link-button inline" onClick={() => globalThis.location.reload()}>
            Reload the page
          </button>
        </p>
      )
    }
    if (component === undefined) return null
    const Render = component.render
    return <Render {...props} />
  }
}
