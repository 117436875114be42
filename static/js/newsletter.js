// Signup forms answer in place: the fields give way to "check your inbox" in the same space.
// Without JavaScript the form posts and the server redirects to the same message on a page.
(function () {
  "use strict";

  function showStatus(form, text, done) {
    var status = form.querySelector(".newsletter-form__status");
    status.textContent = text;
    form.classList.toggle("is-done", done);
  }

  function fieldError(form, text) {
    var input = form.querySelector("input[type=email]");
    input.setAttribute("aria-invalid", "true");
    showStatus(form, text, false);
    input.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-newsletter-form]") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) {
            showStatus(form, data.message, true);
          } else if (data.errors && data.errors.email) {
            fieldError(form, data.errors.email[0].message);
          } else {
            showStatus(form, data.message || "Something went wrong. Please try again.", false);
          }
        });
      })
      .catch(function () {
        form.submit(); // the plain form still works
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
