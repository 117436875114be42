// Reply in place: move the comment form under the comment being answered, and back on cancel.
// Without JavaScript the Reply links still work: they reload with ?replyto=<id>#respond.
(function () {
  "use strict";

  var respond = document.getElementById("respond");
  var form = document.getElementById("comment-form");
  if (!respond || !form) return;

  var home = document.createElement("div");
  home.id = "respond-home";
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  var parentField = form.elements.parent;
  var notice = respond.querySelector("[data-replying]");
  var noticeName = respond.querySelector("[data-replying-name]");
  var cancel = respond.querySelector(".respond__cancel");
  var title = document.getElementById("reply-title");
  var defaultTitle = title ? title.dataset.default : "";

  function replyTo(link) {
    var comment = document.getElementById("comment-" + link.dataset.comment);
    var card = comment && comment.querySelector(".comment__card");
    if (!card) return false;
    card.insertAdjacentElement("afterend", respond);
    respond.classList.add("respond--inline");
    parentField.value = link.dataset.comment;
    noticeName.textContent = link.dataset.author;
    notice.hidden = false;
    if (title) title.textContent = "Reply to " + link.dataset.author;
    form.elements.body.focus();
    return true;
  }

  function restore() {
    home.parentNode.insertBefore(respond, home);
    respond.classList.remove("respond--inline");
    parentField.value = "";
    notice.hidden = true;
    if (title) title.textContent = defaultTitle;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment-reply-link");
    if (link && replyTo(link)) {
      event.preventDefault();
      return;
    }
    if (cancel && event.target.closest(".respond__cancel")) {
      event.preventDefault();
      restore();
      form.elements.body.focus();
    }
  });
})();
