// Live word count while writing a programme text (progressive enhancement: the server counts too).
(function () {
  const form = document.querySelector("form[data-word-count-form]");
  if (!form) return;
  const output = form.querySelector("[data-word-count-output]");
  const field = form.querySelector("textarea[data-word-count]");
  if (!output || !field) return;
  const low = Number(form.dataset.low) || 0, high = Number(form.dataset.high) || 0;
  const en = document.documentElement.lang === "en";
  let timer = null;
  function update() {
    const words = (field.value.trim().match(/\S+/g) || []).length;
    let text = en ? `${words} ${words === 1 ? "word" : "words"}` : `${words} ${words === 1 ? "woord" : "woorden"}`;
    if (high && words < low) text += en ? ` (guideline ${low}–${high})` : ` (richtlijn ${low}–${high})`;
    else if (high && words > high) text += en ? ` (more than the guideline of ${high})` : ` (meer dan de richtlijn van ${high})`;
    output.textContent = text;
  }
  // announce at most once a second, not on every key press
  field.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 400); });
  update();
})();
