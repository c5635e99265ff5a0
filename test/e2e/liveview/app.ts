// `assets/js/app.js` of a Phoenix app, with the README's snippets pasted where the README says,
// bundled by esbuild as a Phoenix app's own esbuild does (`phoenix` and `phoenix_live_view`
// from node_modules, the versions pinned in package.json).
//
// GENERATED holds the lines of app.js that `mix phx.new` writes and the snippets touch, for
// Phoenix 1.8 and 1.7 (1.7.11 and later); the rest of the generated file (comments, the
// dev-only live-reload block) is left out. `phoenix_html`, `topbar` (a vendored file) and the
// colocated hooks module (`phoenix-colocated/my_app`, which Phoenix 1.8 compiles from the
// app's templates) are stand-ins here; the colocated one has one hook, so the tests see that
// the README's hooks are added to the colocated ones, not put in their place.

import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

export type PhoenixVersion = '1.8' | '1.7'

const GENERATED: Record<PhoenixVersion, string> = {
  '1.8': `import "phoenix_html"
import {Socket} from "phoenix"
import {LiveSocket} from "phoenix_live_view"
import {hooks as colocatedHooks} from "phoenix-colocated/my_app"
import topbar from "../vendor/topbar"

const csrfToken = document.querySelector("meta[name='csrf-token']").getAttribute("content")
const liveSocket = new LiveSocket("/live", Socket, {
  longPollFallbackMs: 2500,
  params: {_csrf_token: csrfToken},
  hooks: {...colocatedHooks},
})

topbar.config({barColors: {0: "#29d"}, shadowColor: "rgba(0, 0, 0, .3)"})
window.addEventListener("phx:page-loading-start", _info => topbar.show(300))
window.addEventListener("phx:page-loading-stop", _info => topbar.hide())

liveSocket.connect()
window.liveSocket = liveSocket
`,
  '1.7': `import "phoenix_html"
import {Socket} from "phoenix"
import {LiveSocket} from "phoenix_live_view"
import topbar from "../vendor/topbar"

let csrfToken = document.querySelector("meta[name='csrf-token']").getAttribute("content")
let liveSocket = new LiveSocket("/live", Socket, {
  longPollFallbackMs: 2500,
  params: {_csrf_token: csrfToken}
})

topbar.config({barColors: {0: "#29d"}, shadowColor: "rgba(0, 0, 0, .3)"})
window.addEventListener("phx:page-loading-start", _info => topbar.show(300))
window.addEventListener("phx:page-loading-stop", _info => topbar.hide())

liveSocket.connect()
window.liveSocket = liveSocket
`,
}

/** The stand-ins, by import path. */
const STAND_INS: Record<string, string> = {
  phoenix_html: '',
  '../vendor/topbar': 'export default { config() {}, show() {}, hide() {} }',
  // A colocated hook as Phoenix 1.8 names them (module name + the hook's name): it marks its element.
  'phoenix-colocated/my_app': `export const hooks = {
  'MyAppWeb.PlansLive.Colocated': { mounted() { this.el.setAttribute('data-colocated-mounted', 'yes') } },
}`,
}

export interface Snippets {
  stub?: string
  hooks: string
  liveSocket: string
  pushEvent: string
}

/** The generated `… liveSocket = new LiveSocket(…)` statement: from its line to the `})` that ends it. */
const LIVE_SOCKET_CALL = /^(const|let) liveSocket = new LiveSocket\([\s\S]*?^\}\)\n/m

/**
 * app.js as a reader leaves it after following the README: the stub on the first line (when
 * given), the hooks above the LiveSocket call, the call as the README shows it, the `phx:lyt`
 * listener at the end.
 */
export function pastedAppJs(version: PhoenixVersion, snippets: Snippets) {
  const generated = GENERATED[version]
  if (!LIVE_SOCKET_CALL.test(generated)) throw new Error('the generated LiveSocket call is not where the test expects it')
  const call = snippets.liveSocket.replace(/^\/\/.*\n/gm, '').trim()
  if (!LIVE_SOCKET_CALL.test(call + '\n'))
    throw new Error(`the README's LiveSocket call for ${version} does not replace the generated one:\n${call}`)
  return [
    snippets.stub ?? '',
    generated.replace(LIVE_SOCKET_CALL, () => `${snippets.hooks}\n${call}\n`),
    snippets.pushEvent,
  ].join('\n')
}

/** Bundles an app.js as a Phoenix app's esbuild does (a browser script). */
export async function bundleAppJs(source: string) {
  const result = await build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('.', import.meta.url)), sourcefile: 'app.js', loader: 'js' },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'stand-ins',
        setup(build) {
          build.onResolve({ filter: /^(phoenix_html|\.\.\/vendor\/topbar|phoenix-colocated\/my_app)$/ }, (args) => ({
            path: args.path,
            namespace: 'stand-in',
          }))
          build.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({ contents: STAND_INS[args.path], loader: 'js' }))
        },
      },
    ],
  })
  return result.outputFiles[0].text
}
