// The script-tag build: reads the tag's `data-*` attributes, makes the tracker, installs it
// as the global `lyt` and replays the calls the page made to the stub before it loaded.

import { DEFAULT_CONFIG, createLyt } from './lyt'
import type { Lyt } from './types'

/** The `data-*` attribute of each setting, in the order of DEFAULT_CONFIG's keys (the contract's eight). */
const ATTRIBUTES = 'api auto spa hash interval debug dnt exclude'.split(' ')

const w = window as unknown as { lyt?: Lyt & { q?: ArrayLike<unknown>[] } }
// Loaded twice on one page: the second copy installs nothing.
if (!w.lyt?.version) {
  try {
    const data = document.currentScript?.dataset || {}
    // Read like any settings given as strings (see configure); absent ones are undefined.
    // Past the end of ATTRIBUTES, the queue's bounds are read by their own names
    // (`data-max-queue`, `data-max-age`).
    const settings: Record<string, unknown> = {}
    for (const name in DEFAULT_CONFIG) settings[name] = data[ATTRIBUTES.shift() || name]
    const stubbed = w.lyt?.q || []
    w.lyt = createLyt(settings)
    for (const args of stubbed as Iterable<Parameters<Lyt>>) w.lyt(...args)
  } catch {
    // Whatever odd page this is, loading the tracker never breaks it.
  }
}
