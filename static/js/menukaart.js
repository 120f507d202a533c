// Live word count for the practice example form (progressive enhancement: the server counts too).
(function () {
  const form = document.querySelector("[data-word-count-form]");
  if (!form) return;
  const output = form.querySelector("[data-word-count-output]");
  const fields = form.querySelectorAll("textarea[data-word-count]");
  const low = Number(form.dataset.low), high = Number(form.dataset.high);
  const lang = document.documentElement.lang;
  function update() {
    let words = 0;
    fields.forEach((f) => { words += (f.value.trim().match(/\S+/g) || []).length; });
    const hint = words < low ? (lang === "en" ? ` (guideline ${low}–${high})` : ` (richtlijn ${low}–${high})`)
      : words > high ? (lang === "en" ? ` (more than the guideline of ${high})` : ` (meer dan de richtlijn van ${high})`) : "";
    output.textContent = (lang === "en" ? `${words} words` : `${words} woorden`) + hint;
  }
  fields.forEach((f) => f.addEventListener("input", update));
  update();
})();
