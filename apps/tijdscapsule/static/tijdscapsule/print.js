// The poster's print button (no inline scripts under the Content-Security-Policy).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
