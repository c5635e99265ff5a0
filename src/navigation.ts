// Notices every History API navigation of a single-page app: pushState, replaceState,
// back/forward (popstate) and hash changes. Whether a navigation is a new page is decided
// by the caller, which compares paths.

export const watchNavigation = (win: Window, onNavigate: () => void) => {
  const history = win.history
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    // The page's own call goes through untouched: same `this`, arguments, return value,
    // and the same exception if it throws (then it did not navigate, and we do nothing).
    history[method] = function (this: History) {
      // biome-ignore lint/complexity/noArguments: the page's own arguments, passed on exactly as given
      const result = original.apply(this, arguments as any)
      onNavigate()
      return result
    }
  }
  win.addEventListener('popstate', onNavigate)
  win.addEventListener('hashchange', onNavigate)
}
