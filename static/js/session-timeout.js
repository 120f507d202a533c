// Idle-timeout warning (progressive enhancement). The session ends after SESSION_IDLE_MINUTES without
// a request. On pages with a form in the main content, show a warning a few minutes before; "Stay
// logged in" renews the session with a request to the keep-alive URL. The box has role="alert", so
// screen readers announce it when it appears; focus moves to its button.
(() => {
  const box = document.getElementById("session-timeout");
  if (!box || !document.querySelector("main form[method='post'], main form[method='POST']")) return;
  const seconds = Number(box.dataset.seconds);
  const warnSeconds = Number(box.dataset.warnSeconds);
  if (!seconds || seconds <= warnSeconds) return;
  const warning = box.querySelector("[data-state='warning']");
  const expired = box.querySelector("[data-state='expired']");
  const stay = box.querySelector("[data-action='stay']");
  let warnTimer;
  let expireTimer;

  function show(part) {
    warning.hidden = part !== warning;
    expired.hidden = part !== expired;
    box.hidden = false;
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(expireTimer);
    box.hidden = true;
    warnTimer = setTimeout(() => {
      show(warning);
      stay.focus();
    }, (seconds - warnSeconds) * 1000);
    expireTimer = setTimeout(() => show(expired), seconds * 1000);
  }

  stay.addEventListener("click", () => {
    fetch(box.dataset.keepalive, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.ok && !response.redirected ? schedule() : show(expired)))
      .catch(() => show(expired));
  });
  // htmx requests renew the session too.
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();
