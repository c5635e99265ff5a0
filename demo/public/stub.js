// The standard Lyt stub: calls made before the SDK loads are queued on lyt.q and replayed in order.
window.lyt =
  window.lyt ||
  function () {
    ;(lyt.q = lyt.q || []).push(arguments)
  }
