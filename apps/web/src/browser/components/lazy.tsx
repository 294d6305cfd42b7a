import type { ComponentType, FunctionComponent } from 'preact'
import { useEffect, useState } from 'preact/hooks'

/**
 * A component whose code loads on first use (a dynamic `import()`), so the main bundle does not carry it: renders
 * nothing until it has loaded, then the component with the same props. The module is fetched once.
 *
 * @example
 * ```tsx
 * const DirectoryDialog = lazyComponent(() => import('./rooms/directory-dialog.js').then((module) => module.DirectoryDialog))
 * ```
 */
export function lazyComponent<Props extends object>(load: () => Promise<ComponentType<Props>>): FunctionComponent<Props> {
  let loaded: ComponentType<Props> | undefined
  let loading: Promise<ComponentType<Props>> | undefined
  return function Lazy(props: Props) {
    const [component, setComponent] = useState<{ render: ComponentType<Props> } | undefined>(
      loaded === undefined ? undefined : { render: loaded },
    )
    useEffect(() => {
      if (component !== undefined) return
      let current = true
      loading ??= load().then((module) => (loaded = module))
      loading.then(
        (render) => current && setComponent({ render }),
        (error: unknown) => {
          // A failed chunk (the server restarted with a new build) may load on the next try.
          loading = undefined
          console.warn('[lanchat]', error)
        },
      )
      return () => {
        current = false
      }
    }, [])
    if (component === undefined) return null
    const Render = component.render
    return <Render {...props} />
  }
}
