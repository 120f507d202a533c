// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // After a form comes back with errors, move focus to the error summary so screen readers announce it.
  const summary = document.getElementById("form-errors");
  if (summary) summary.focus();

  // Main navigation on phones: a disclosure button folds the menu (CSS hides the list at narrow widths
  // only when the nav has the class set here, so without JavaScript the menu is simply open).
  const nav = document.querySelector(".site-nav");
  const toggle = nav && nav.querySelector(".site-nav__toggle");
  if (toggle) {
    nav.classList.add("site-nav--collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // Wide tables: one pattern for all. Every table sits in a .utrecht-table-container (wrapped here if a
  // template did not); CSS draws a shadow at the side that scrolls. A container that is wider than the
  // screen becomes focusable (keyboard scrolling), is named after its caption and shows a hint.
  const hintText = document.body.dataset.scrollHint || "";
  document.querySelectorAll("table.utrecht-table").forEach((table) => {
    if (table.parentElement.classList.contains("utrecht-table-container")) return;
    const wrapper = document.createElement("div");
    wrapper.className = "utrecht-table-container";
    table.replaceWith(wrapper);
    wrapper.appendChild(table);
  });
  const containers = Array.from(document.querySelectorAll(".utrecht-table-container"));
  const mark = () => {
    containers.forEach((container) => {
      const scrolls = container.scrollWidth > container.clientWidth + 1;
      container.classList.toggle("is-scrollable", scrolls);
      const before = container.previousElementSibling;
      let hint = before && before.classList.contains("table-scroll-hint") ? before : null;
      if (scrolls) {
        container.tabIndex = 0;
        container.setAttribute("role", "region");
        const caption = container.querySelector("caption");
        const name = caption ? caption.textContent.trim() : "";
        container.setAttribute("aria-label", name ? `${name} (${hintText})` : hintText);
        if (!hint) {
          hint = document.createElement("p");
          hint.className = "table-scroll-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = hintText;
          container.before(hint);
        }
      } else {
        container.removeAttribute("tabindex");
        container.removeAttribute("role");
        container.removeAttribute("aria-label");
        if (hint) hint.remove();
      }
    });
  };
  mark();
  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
});
