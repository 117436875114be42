// Image library: click the preview to set the focal point. The number fields work without it.
(function () {
  "use strict";
  function init() {
    var preview = document.querySelector(".focal-preview");
    var x = document.getElementById("id_focal_x");
    var y = document.getElementById("id_focal_y");
    if (!preview || !x || !y) return;
    var marker = preview.querySelector(".focal-preview__marker");
    function show() {
      marker.style.left = (parseFloat(x.value || "0.5") * 100) + "%";
      marker.style.top = (parseFloat(y.value || "0.5") * 100) + "%";
      marker.hidden = false;
    }
    preview.addEventListener("click", function (event) {
      var box = preview.querySelector("img").getBoundingClientRect();
      var fx = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
      var fy = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
      x.value = fx.toFixed(2);
      y.value = fy.toFixed(2);
      show();
    });
    x.addEventListener("input", show);
    y.addEventListener("input", show);
    show();
  }
  document.addEventListener("DOMContentLoaded", init);
})();
