// The "X has been editing this since 10:02" notice on a briefing's change form: a heartbeat
// keeps this person's presence fresh and brings back who else is editing; leaving the page
// releases it. The notice is rendered by the server too, so it works without this script.
(function () {
  "use strict";
  var notice = document.getElementById("editing-notice");
  var form = document.getElementById("article_form");
  if (!notice || !form) return;
  var url = notice.dataset.heartbeatUrl;
  var every = Math.max(15, parseInt(notice.dataset.heartbeatSeconds, 10) || 45) * 1000;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!url || !token) return;

  function body(extra) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    if (extra) data.append(extra, "1");
    return data;
  }

  function show(notices) {
    notice.textContent = "";
    notices.forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text + " Saving over their work is refused: if they save first, you will be shown what changed.";
      notice.appendChild(p);
    });
    notice.hidden = notices.length === 0;
  }

  function beat() {
    if (document.visibilityState === "hidden") return;
    fetch(url, { method: "POST", body: body(), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) show(data.notices); })
      .catch(function () {});
  }

  beat();
  window.setInterval(beat, every);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") beat();
  });
  window.addEventListener("pagehide", function () {
    // Submitting the form releases the presence on the server when the save succeeds.
    if (navigator.sendBeacon && !form.dataset.submitting) navigator.sendBeacon(url, body("release"));
  });
  form.addEventListener("submit", function () { form.dataset.submitting = "1"; });
})();
