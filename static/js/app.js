// Progressive enhancement only: every page works without JavaScript.
// After a form comes back with errors, move focus to the error summary so screen readers announce it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("form-errors");
  if (summary) summary.focus();
});
