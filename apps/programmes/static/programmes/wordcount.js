// Live word count while writing a programme text (progressive enhancement: the server counts too).
// "Save and send in" outside the word-count guideline first shows a warning with "Send in anyway";
// without JavaScript the server asks the same after saving the draft (nothing typed is lost).
(function () {
  const form = document.querySelector("form[data-word-count-form]");
  if (!form) return;
  const output = form.querySelector("[data-word-count-output]");
  const field = form.querySelector("textarea[data-word-count]");
  if (!output || !field) return;
  const warning = form.querySelector("[data-length-warning]");
  const warningText = form.querySelector("[data-length-warning-text]");
  const low = Number(form.dataset.low) || 0, high = Number(form.dataset.high) || 0;
  const en = document.documentElement.lang === "en";
  let timer = null;
  const count = () => (field.value.trim().match(/\S+/g) || []).length;
  function advice(words) {
    if (words < low) {
      const range = high ? `${low}–${high}` : `${low}`;
      return en ? `Your text has ${words} words; the guideline is ${range} words.` : `Uw tekst heeft ${words} woorden; de richtlijn is ${range} woorden.`;
    }
    if (high && words > high) {
      return en ? `Your text has ${words} words; the guideline is at most ${high} words.` : `Uw tekst heeft ${words} woorden; de richtlijn is hoogstens ${high} woorden.`;
    }
    return "";
  }
  function update() {
    const words = count();
    let text = en ? `${words} ${words === 1 ? "word" : "words"}` : `${words} ${words === 1 ? "woord" : "woorden"}`;
    if (high && words < low) text += en ? ` (guideline ${low}–${high})` : ` (richtlijn ${low}–${high})`;
    else if (high && words > high) text += en ? ` (more than the guideline of ${high})` : ` (meer dan de richtlijn van ${high})`;
    output.textContent = text;
    // a warning shown earlier goes once the length is within the guideline again
    if (warning && !warning.hidden && !advice(words)) warning.hidden = true;
  }
  form.addEventListener("submit", (event) => {
    if (!warning || !warningText || !event.submitter || event.submitter.name !== "submit") return;
    const message = advice(count());
    if (!message) return;
    event.preventDefault();
    warningText.textContent = message;
    warning.hidden = false;
    warning.querySelector("button").focus();
  });
  // announce at most once a second, not on every key press
  field.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 400); });
  update();
})();
