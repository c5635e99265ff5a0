// Declarative events (Umami's data-umami-event, Plausible's tagged events): a click on an
// element with `data-lyt-event="Signup"`, or on anything inside it, sends "Signup";
// `data-lyt-meta-plan="pro"` adds `{plan: 'pro'}` to its metadata. A `<form data-lyt-event>`
// sends on submit. Always on where the feature is given (the full build): the page opts in by
// writing the attribute, and a page without one does nothing but one `closest()` per click.

import type { Feature } from '../hooks'
import { onClick } from './clicks'

/**
 * The metadata of an element's `data-lyt-meta-*` attributes, by their `dataset` names
 * (`data-lyt-meta-plan-type="pro"` → `{planType: 'pro'}`); nothing when it has none.
 */
export const metadataOf = (dataset: Record<string, string | undefined>) => {
  let metadata: Record<string, string> | undefined
  for (const name in dataset) {
    // `lytMetaPlan`, not `lytMetadata` (the attribute `data-lyt-metadata`).
    const key = /^lytMeta([A-Z])(.*)$/s.exec(name)
    if (key) {
      metadata ||= {}
      metadata[key[1].toLowerCase() + key[2]] = dataset[name]!
    }
  }
  return metadata
}

export const declarativeEvents: Feature = {
  install(tracker, _hooks, context) {
    onClick(tracker, context, ({ tagged }) => {
      if (tagged) tracker(tagged.dataset.lytEvent!, { metadata: metadataOf(tagged.dataset) })
    })
  },
}
