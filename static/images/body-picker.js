// Briefing form: an "Insert an image" button under the body opens the library picker and puts
// `![alt](image:ID)` at the cursor. Without JavaScript the help text shows the syntax.
(function () {
  "use strict";
  function init() {
    var body = document.getElementById("id_body");
    var tools = document.querySelector(".body-image-tools");
    if (!body || !tools) return;
    var pickerUrl = tools.getAttribute("data-picker-url");
    var dialog = document.createElement("dialog");
    dialog.className = "image-picker-dialog";
    dialog.setAttribute("aria-label", "Insert an image");
    document.body.appendChild(dialog);

    var open = document.createElement("button");
    open.type = "button";
    open.className = "button";
    open.textContent = "Insert an image…";
    tools.appendChild(open);

    function load(url) {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (text) {
          var found = new DOMParser().parseFromString(text, "text/html").getElementById("image-picker");
          dialog.replaceChildren();
          var close = document.createElement("button");
          close.type = "button";
          close.className = "button image-picker-dialog__close";
          close.textContent = "Close";
          close.addEventListener("click", function () { dialog.close(); });
          dialog.appendChild(close);
          if (found) dialog.appendChild(document.adoptNode(found));
          dialog.querySelectorAll(".image-picker__insert").forEach(function (b) { b.hidden = false; });
          if (!dialog.open) dialog.showModal();
          var search = dialog.querySelector("input[type=search]");
          if (search) search.focus();
        });
    }

    function insert(text) {
      var start = body.selectionStart, end = body.selectionEnd, value = body.value;
      var before = value.slice(0, start), after = value.slice(end);
      // On a line of its own, so it renders as a figure with its caption.
      var lead = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
      var tail = after.startsWith("\n\n") ? "" : (after.startsWith("\n") ? "\n" : "\n\n");
      var snippet = lead + text + tail;
      body.value = before + snippet + after;
      body.selectionStart = body.selectionEnd = start + snippet.length;
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }

    open.addEventListener("click", function () { load(pickerUrl); });
    dialog.addEventListener("click", function (event) {
      var button = event.target.closest(".image-picker__insert");
      var link = event.target.closest(".image-picker__pages a");
      if (button) {
        insert(button.getAttribute("data-markdown"));
        dialog.close();
        body.focus();
      } else if (link) {
        event.preventDefault();
        load(pickerUrl + link.getAttribute("href"));
      }
    });
    dialog.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = new URLSearchParams(new FormData(event.target)).toString();
      load(pickerUrl + "?" + query);
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
