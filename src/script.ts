// The script-tag build: reads the tag's `data-*` attributes, makes the tracker, installs it
// as the global `lyt` and replays the calls the page made to the stub before it loaded.

import { createLyt } from './lyt'
import type { Config, Lyt } from './types'

type Stub = { q?: ArrayLike<unknown>[]; version?: string }

const w = window as unknown as { lyt?: Stub & Lyt }
// Loaded twice on one page: the second copy installs nothing.
if (!(w.lyt && w.lyt.version)) try {
  const script = document.currentScript
  const attribute = (name: string) => (script && script.getAttribute('data-' + name)) ?? undefined
  /** A flag is on when present (`data-debug`), off only when "false". */
  const flag = (name: string) => {
    const value = attribute(name)
    return value == null ? undefined : value != 'false'
  }
  const interval = attribute('interval')
  const settings: Partial<Config> = {
    endpoint: attribute('api'),
    autoPageview: flag('auto'),
    spaMode: flag('spa'),
    hashRouting: flag('hash'),
    flushInterval: interval && +interval >= 0 ? +interval : undefined,
    debug: flag('debug'),
    respectDnt: flag('dnt'),
    exclude: attribute('exclude'),
  }
  const stubbed = (w.lyt && w.lyt.q) || []
  const lyt = (w.lyt = createLyt(settings))
  for (const args of Array.from(stubbed)) lyt.apply(null, Array.from(args) as Parameters<Lyt>)
} catch {
  // Whatever odd page this is, loading the tracker never breaks it.
}
