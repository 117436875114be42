/* Price strip: pause/play control for the marquee and a refresh from /tickers.json every
 * minute while the tab is visible. No framework; the page works without this file.
 * Hook: `document.dispatchEvent(new Event("ticker:refresh"))` refreshes now (tests use it). */
(function () {
  "use strict";

  var strip = document.querySelector(".ticker[data-ticker-src]");
  if (!strip) return;
  var INTERVAL = 60000;
  var lastPoll = Date.now();

  var dollars = new Intl.NumberFormat("en-US", {
    style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2,
  });
  var cents = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  // The same rules as tickers/formatting.py.
  function formatPrice(text) {
    var value = Number(text);
    if (text === null || !isFinite(value)) return "—";
    var size = Math.abs(value);
    if (size >= 1 || size === 0) return dollars.format(value);
    var digits = size.toPrecision(4);
    if (Number(digits) >= 1) return dollars.format(value);
    var places = Math.max(2, 3 - Math.floor(Math.log10(size)));
    var plain = size.toFixed(places).replace(/0+$/, "");
    while (plain.split(".")[1].length < 2) plain += "0";
    return (value < 0 ? "-$" : "$") + plain;
  }

  function roundedChange(text) {
    return text === null ? null : Math.round(Number(text) * 10) / 10;
  }

  function formatChange(text) {
    var value = roundedChange(text);
    if (value === null || !isFinite(value)) return "—";
    if (value === 0) return "0.0%";
    return (value > 0 ? "+" : "") + cents.format(value) + "%";
  }

  function update(data) {
    data.coins.forEach(function (coin) {
      var items = strip.querySelectorAll('.ticker-item[data-symbol="' + coin.symbol + '"]');
      var change = roundedChange(coin.change_24h);
      items.forEach(function (item) {
        item.querySelector(".ticker-price").textContent = formatPrice(coin.price);
        var box = item.querySelector(".ticker-change");
        box.classList.toggle("down", change !== null && change < 0);
        box.classList.toggle("up", !(change !== null && change < 0));
        box.querySelector(".ticker-arrow").textContent = !change ? "–" : change < 0 ? "▼" : "▲";
        box.querySelector(".ticker-percent").textContent = formatChange(coin.change_24h);
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
