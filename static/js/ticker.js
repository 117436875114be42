/* Price strip: pause/play control for the marquee and a refresh from /tickers.json every
 * minute while the tab is visible. No framework; the page works without this file.
 * Hook: `document.dispatchEvent(new Event("ticker:refresh"))` refreshes now (tests use it). */
(function () {
  "use strict";

  var strip = document.querySelector(".ticker[data-ticker-src]");
  if (!strip) return;
  var INTERVAL = 60000;
  var lastPoll = Date.now();

  function update(data) {
    // The server formats (tickers/formatting.py): the same strings as the page it drew.
    data.coins.forEach(function (coin) {
      var items = strip.querySelectorAll('.ticker-item[data-symbol="' + coin.symbol + '"]');
      items.forEach(function (item) {
        item.querySelector(".ticker-price").textContent = coin.price_display;
        var box = item.querySelector(".ticker-change");
        box.classList.toggle("down", coin.direction === "down");
        box.classList.toggle("up", coin.direction !== "down");
        box.querySelector(".ticker-arrow").textContent = coin.arrow;
        box.querySelector(".ticker-percent").textContent = coin.change_display;
      });
    });
    strip.classList.toggle("ticker--stale", data.stale);
    var note = strip.querySelector(".ticker__note");
    if (note && data.as_of) {
      var when = new Date(data.as_of);
      var time = note.querySelector("time");
      time.dateTime = data.as_of;
      time.textContent = when.toISOString().slice(11, 16) + " UTC";
    }
    if (note) note.hidden = !(data.stale && data.as_of);
  }

  function refresh() {
    lastPoll = Date.now();
    // no-cache revalidates with the ETag: a 304 when nothing changed.
    return fetch(strip.dataset.tickerSrc, { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) update(data); })
      .catch(function () { /* keep showing the last prices */ });
  }

  setInterval(function () {
    if (document.visibilityState === "visible") refresh();
  }, INTERVAL);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && Date.now() - lastPoll >= INTERVAL) refresh();
  });
  document.addEventListener("ticker:refresh", refresh);

  var toggle = strip.querySelector(".ticker__toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var paused = strip.classList.toggle("ticker--paused");
      toggle.querySelector(".ticker__toggle-icon").textContent = paused ? "▶" : "❚❚";
      toggle.querySelector(".ticker__toggle-text").textContent = paused ? "Play" : "Pause";
    });
    toggle.hidden = false;
    strip.classList.add("ticker--animated");
  }
})();
