// The script tag's global `lyt`, for TypeScript: `import 'lyt/global'` (or
// `/// <reference types="lyt/global" />`, or "types": ["lyt/global"] in tsconfig.json) once in
// a project that loads dist/lyt.min.js or dist/lyt.full.min.js with a <script> tag. The build
// copies this file to dist/global.d.ts (package.json "exports": "./global").
import type { Lyt } from './index.js'

/**
 * The payload of the README's `push_event` recipe — `push_event(socket, "lyt", %{name: …,
 * metadata: …})` on the server — which LiveView dispatches on `window` as the `phx:lyt` event's
 * `detail`.
 */
export interface LytPushEvent {
  name: string
  metadata?: Record<string, unknown>
}

declare global {
  /**
   * The tracker the script tag installs (the same API as `createLyt()` returns). Before the
   * script has loaded it is the standard stub, if the page has one: calls made to it are kept
   * on `lyt.q` and replayed in order. The full build's `captureException`, `context`, `on` and
   * `consent` are there only with dist/lyt.full.min.js.
   */
  var lyt: Lyt & {
    /** The stub's queue: the `arguments` of each call made before the script loaded (gone once it has). */
    q?: IArguments[]
  }

  interface WindowEventMap {
    /** `push_event(socket, "lyt", %{name: …, metadata: …})` in a LiveView, as the README's recipe sends it. */
    'phx:lyt': CustomEvent<LytPushEvent>
  }
}
