// Whether this page may be tracked at all. Checked on every call. (Opt-out, which can change
// at any moment in any tab, is the tracker's to check: it also discards what waits.)

/** The localStorage key `lyt.optOut()` sets to "true". */
export const OPT_OUT_KEY = 'lyt_ignore'

/**
 * Globals that test runners and scrapers leave on the window. Looked up by these strings:
 * the production build renames every `_name` property of the SDK's own (esbuild.config.mjs),
 * never a string, so the page's `window._phantom` is still found.
 */
export const AUTOMATION_GLOBALS = ['_phantom', '__nightmare', 'Cypress']

/** Why nothing may be tracked here, or undefined when tracking is allowed. */
export function ignoreReason(win: Window & Record<string, any>, respectDnt: boolean): string | undefined {
  const navigator = win.navigator as Navigator & { globalPrivacyControl?: boolean }
  if (win.location.protocol === 'file:') return 'file'
  // Headless browsers, test runners and scrapers: their visits are not visitors.
  if (navigator.webdriver || AUTOMATION_GLOBALS.some((name) => win[name])) return 'automation'
  if (respectDnt && (navigator.doNotTrack === '1' || navigator.globalPrivacyControl === true)) return 'dnt'
}
