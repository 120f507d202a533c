// Progressive enhancement for the map: a click on a member municipality opens its profile.
// Keyboard and screen-reader users have the same links in the table below the map.
document.addEventListener("click", (event) => {
  const path = event.target.closest(".nl-map path[data-href]");
  if (path) window.location.href = path.dataset.href;
});
