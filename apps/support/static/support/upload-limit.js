// A file over the limit is refused in the browser, before the form is sent, so the text typed is
// never lost to a proxy that refuses large bodies. The server checks again (progressive enhancement).
(function () {
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    const message = document.createElement("p");
    message.className = "utrecht-form-field-error-message";
    message.id = input.id + "_size_error";
    message.setAttribute("role", "alert");
    message.hidden = true;
    input.insertAdjacentElement("afterend", message);
    input.addEventListener("change", function () {
      const file = input.files && input.files[0];
      if (file && file.size > Number(input.dataset.maxBytes)) {
        message.textContent = input.dataset.tooLarge.replace("%(name)s", file.name);
        message.hidden = false;
        input.value = "";
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + message.id).trim());
      } else {
        message.hidden = true;
        input.removeAttribute("aria-invalid");
      }
    });
  });
})();
