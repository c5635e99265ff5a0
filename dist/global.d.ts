// The script tag's global `lyt`, for TypeScript: `import 'lyt/global'` (or
// `/// <reference types="lyt/global" />`, or "types": ["lyt/global"] in tsconfig.json) once in
// a project that loads dist/lyt.min.js or dist/lyt.full.min.js with a <script> tag. The build
// copies this file to dist/global.d.ts (package.json "exports": "./global").
import type { Lyt } from './index.js'

declare global {
  /**
   * The tracker the script tag installs (the same API as `createLyt()` returns). Before the
   * script has loaded it is the standard stub, if the page has one: calls made to it are kept
   * on `lyt.q` and replayed in order. The full build's `captureException`, `context`, `on` and
   * `consent` are there only with dist/lyt.full.min.js.
   */
  var lyt: Lyt
}

export {}
