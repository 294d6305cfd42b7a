import type { ComponentChildren } from 'preact'
import { useId, useRef } from 'preact/hooks'

/**
 * Tabs after the WAI-ARIA pattern: a tab list (arrow keys, Home and End move between tabs and select them) and one
 * panel, the selected tab's.
 *
 * @example
 * ```tsx
 * <Tabs label="Room settings" tabs={[{ id: 'general', label: 'General' }]} selected="general" onSelect={setTab}>…</Tabs>
 * ```
 */
export function Tabs<Id extends string>({
  label,
  tabs,
  selected,
  onSelect,
  children,
}: {
  label: string
  tabs: ReadonlyArray<{ id: Id; label: string }>
  selected: Id
  onSelect: (id: Id) => void
  children: ComponentChildren
}) {
  const base = useId()
  const list = useRef<HTMLDivElement>(null)
  const select = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length]
    if (tab === undefined) return
    onSelect(tab.id)
    // Focus follows the selection once the new tab is drawn.
    queueMicrotask(() => list.current?.querySelector<HTMLElement>(`#${CSS.escape(`${base}-${tab.id}`)}`)?.focus())
  }
  const current = tabs.findIndex((tab) => tab.id === selected)
  return (
    <div class="tabs">
      <div
        class="tab-list"
        role="tablist"
        aria-label={label}
        ref={list}
        onKeyDown={(event) => {
          const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 }
          const next = moves[event.key]
          if (next === undefined) return
          event.preventDefault()
          select(next)
        }}
      >
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${base}-${tab.id}`}
            class="tab"
            aria-selected={tab.id === selected}
            aria-controls={`${base}-panel`}
            tabIndex={tab.id === selected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${selected}`}>
        {children}
      </div>
    </div>
  )
}
