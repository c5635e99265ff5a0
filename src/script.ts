// The script-tag builds: read the tag's `data-*` attributes, make the tracker, install it as
// the global `lyt` and replay the calls the page made to the stub before it loaded. Built
// twice (esbuild.config.mjs): the core build (dist/lyt.min.js, the contract's §1–§6) with
// __FEATURES__ false, which leaves every optional feature out; the full build
// (dist/lyt.full.min.js) with all of them, each off until its attribute turns it on.

import { ALL_FEATURES } from './features/all'
import { DEFAULT_CONFIG, createLyt, type Settings } from './lyt'
import type { Lyt } from './types'

declare const __FEATURES__: boolean

/**
 * The `data-*` attribute of each setting whose attribute is not its own name, as `dataset`
 * names it. The others are read by their names: `data-debug`, `data-exclude`,
 * `data-max-queue` (`maxQueue`), `data-max-age`, and the features' (features/*.ts).
 */
export const ATTRIBUTES: Record<string, string> = {
  endpoint: 'api',
  autoPageview: 'auto',
  spaMode: 'spa',
  hashRouting: 'hash',
  flushInterval: 'interval',
  respectDnt: 'dnt',
}

const w = window as unknown as { lyt?: Lyt & { q?: ArrayLike<unknown>[] } }
// Loaded twice on one page: the second copy installs nothing.
if (!w.lyt?.version) {
  try {
    const data = document.currentScript?.dataset || {}
    // Read like any settings given as strings (see `configure`); absent ones are undefined.
    const settings: Settings = __FEATURES__ ? { features: ALL_FEATURES } : {}
    let defaults: object = DEFAULT_CONFIG
    if (__FEATURES__) {
      defaults = Object.assign({}, defaults, ...ALL_FEATURES.map((feature) => feature.defaults))
      Object.assign(ATTRIBUTES, ...ALL_FEATURES.map((feature) => feature.attributes))
    }
    for (const name in defaults) settings[name] = data[ATTRIBUTES[name] || name]
    const stubbed = w.lyt?.q || []
    w.lyt = createLyt(settings)
    for (const args of stubbed as Iterable<Parameters<Lyt>>) w.lyt(...args)
  } catch {
    // Whatever odd page this is, loading the tracker never breaks it.
  }
}
