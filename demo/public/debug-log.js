// Loaded before the SDK: keeps the SDK's debug lines (data-debug: console.log('[Lyt]', …)) for
// the page, which shows what they say (app.js): why the SDK does not track this page, when it
// retries. Before the SDK, so that not even its first line (at start-up) is missed.
;(function () {
  var lines = (window.lytDebugLines = [])
  var log = console.log
  console.log = function () {
    log.apply(console, arguments)
    if (arguments[0] !== '[Lyt]') return
    var line = Array.prototype.slice.call(arguments, 1)
    lines.push(line)
    window.dispatchEvent(new CustomEvent('demo:lyt-log', { detail: line }))
  }
})()
