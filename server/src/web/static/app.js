// fieldsync web pages: a little progressive JavaScript. Everything works
// without it; with it, photos open in place and missing thumbnails fall back.
(function () {
  "use strict";
  document.addEventListener("error", function (e) {
    var img = e.target;
    if (img.tagName === "IMG" && img.dataset.full && img.src.indexOf(img.dataset.full) === -1) {
      img.src = img.dataset.full;
    }
  }, true);
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.photo");
    if (!link || e.ctrlKey || e.metaKey) { return; }
    e.preventDefault();
    var box = document.createElement("div");
    box.className = "lightbox";
    var img = document.createElement("img");
    img.src = link.href;
    img.alt = "";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = link.dataset.close || "×";
    box.appendChild(img);
    box.appendChild(close);
    box.addEventListener("click", function () { box.remove(); });
    document.addEventListener("keydown", function esc(k) {
      if (k.key === "Escape") { box.remove(); document.removeEventListener("keydown", esc); }
    });
    document.body.appendChild(box);
  });
  var print = document.getElementById("print-now");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
})();
